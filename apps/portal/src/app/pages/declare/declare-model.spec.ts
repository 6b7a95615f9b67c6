import {
  beijingDate,
  dataToDraft,
  draftToData,
  emptyDraft,
  fenToYuanText,
  fieldsToData,
  normalizeFieldPath,
  reviewFields,
  validateDraft,
  validateFields,
  yuanToFen,
  type Draft,
} from './declare-model';

const HEAD_ID = '210521198001010011';
const SPOUSE_ID = '210521197506070031';

function identificationDraft(): Draft {
  const d = emptyDraft('identification');
  d.values = {
    ...d.values,
    'householdHead.name': '张三',
    'householdHead.idNumber': HEAD_ID,
    perCapitaNetIncomeYuan: '2800',
    povertyCause: 'illness',
    attribute: 'general',
    'assessment.food': true,
    phone: '',
    housingGrade: 'C',
  };
  d.members = [{ name: '李四', idNumber: SPOUSE_ID, relation: '配偶' }];
  return d;
}

describe('declare validation', () => {
  it('accepts a complete identification draft', () => {
    expect(validateDraft('identification', identificationDraft())).toEqual({});
  });

  it('names the field in every message', () => {
    const errors = validateDraft('identification', emptyDraft('identification'));
    expect(errors['householdHead.name']).toBe('请填写户主姓名');
    expect(errors['householdHead.idNumber']).toBe('请填写户主身份证号');
    expect(errors['perCapitaNetIncomeYuan']).toBe('请填写家庭人均纯收入（元/年）');
    expect(errors['povertyCause']).toBe('请选择主要致贫原因');
    expect(errors['attribute']).toBe('请选择贫困户属性');
    expect(errors['phone']).toBeUndefined();
  });

  it('checks the GB 11643 check digit of the head and of each member', () => {
    const d = identificationDraft();
    d.values['householdHead.idNumber'] = '210521198001010012';
    d.members[0].idNumber = '21052119750607003';
    const errors = validateDraft('identification', d);
    expect(errors['householdHead.idNumber']).toBe('户主身份证号校验位不正确，请核对');
    expect(errors['members.1.idNumber']).toBe('第 1 位家庭成员的身份证号应为18位');
  });

  it('refuses a member who repeats the head or another member', () => {
    const d = identificationDraft();
    d.members = [
      { name: '甲', idNumber: HEAD_ID, relation: '子女' },
      { name: '乙', idNumber: SPOUSE_ID, relation: '孙子女' },
      { name: '丙', idNumber: SPOUSE_ID.toLowerCase(), relation: '' },
    ];
    const errors = validateDraft('identification', d);
    expect(errors['members.1.idNumber']).toBe('第 1 位家庭成员的身份证号与户主相同');
    expect(errors['members.3.idNumber']).toBe('第 3 位家庭成员的身份证号与第 2 位家庭成员相同');
    expect(errors['members.3.relation']).toBe('请选择第 3 位家庭成员与户主的关系');
  });

  it('rejects non-integer income, landline phones, bad school years and dates', () => {
    const d = identificationDraft();
    d.values['perCapitaNetIncomeYuan'] = '2800.5';
    d.values['phone'] = '024-4812345';
    expect(validateDraft('identification', d)).toEqual({
      perCapitaNetIncomeYuan: '家庭人均纯收入（元/年）应为不小于 0 的整数',
      phone: '联系电话格式不正确，应为 11 位手机号',
    });
    const e = emptyDraft('education');
    e.values = { ...e.values, householdId: 'h1', 'student.name': '小明', 'student.idNumber': HEAD_ID, stage: 'university', schoolYear: '2019-2021', school: '某大学' };
    expect(validateDraft('education', e)).toEqual({ schoolYear: '学年格式应为“2019-2020”' });
    const m = emptyDraft('medical');
    m.values = { ...m.values, householdId: 'h1', 'patient.name': '王五', 'patient.idNumber': HEAD_ID, settledOn: '2019-02-30', selfPaidFen: '12.345' };
    expect(validateDraft('medical', m)).toEqual({
      settledOn: '一站式结算日期应为有效日期，如 2019-05-03',
      selfPaidFen: '自付合规医疗费用（元）应为金额，最多两位小数',
    });
  });

  it('asks for a household on every service but identification', () => {
    expect(validateDraft('housing', emptyDraft('housing'))['householdId']).toBe('请选择农户');
    expect(validateDraft('identification', identificationDraft())['householdId']).toBeUndefined();
  });
});

describe('draft to API data (libs/contracts shapes)', () => {
  it('builds the identification shape with the head as the first member and cause codes', () => {
    expect(draftToData('identification', identificationDraft())).toEqual({
      householdHead: { name: '张三', idNumber: HEAD_ID },
      members: [
        { name: '张三', idNumber: HEAD_ID, relation: '户主' },
        { name: '李四', idNumber: SPOUSE_ID, relation: '配偶' },
      ],
      perCapitaNetIncomeYuan: 2800,
      povertyCause: 'illness',
      attribute: 'general',
      housingGrade: 'C',
      assessment: { food: true, clothing: false, medical: false, education: false, housing: false },
    });
  });

  it('builds a medical relief claim in fen with the patient nested', () => {
    const m = emptyDraft('medical');
    m.values = { ...m.values, householdId: 'h1', 'patient.name': '王五', 'patient.idNumber': HEAD_ID, settledOn: '2019-05-03', selfPaidFen: '12345.6' };
    expect(draftToData('medical', m)).toEqual({
      kind: 'relief',
      householdId: 'h1',
      patient: { name: '王五', idNumber: HEAD_ID },
      settledOn: '2019-05-03',
      selfPaidFen: 1234560,
    });
  });

  it('nests the education student and the exit survey, leaving an unanswered optional out', () => {
    const e = emptyDraft('education');
    e.values = { ...e.values, householdId: 'h1', 'student.name': '小明', 'student.idNumber': SPOUSE_ID, stage: 'seniorHigh', schoolYear: '2019-2020', school: '县高中' };
    expect(draftToData('education', e)).toEqual({
      householdId: 'h1',
      student: { name: '小明', idNumber: SPOUSE_ID },
      stage: 'seniorHigh',
      schoolYear: '2019-2020',
      school: '县高中',
    });
    const x = emptyDraft('exit-verification', new Date('2019-11-20T02:00:00Z'));
    x.values = { ...x.values, householdId: 'h1', 'survey.perCapitaNetIncomeYuan': '5200', 'survey.noWorryFood': true, 'survey.surveyedBy': '王建国' };
    expect(validateDraft('exit-verification', x)).toEqual({});
    expect(draftToData('exit-verification', x)).toEqual({
      householdId: 'h1',
      year: 2019,
      survey: {
        perCapitaNetIncomeYuan: 5200,
        incomeStable: false,
        noWorryFood: true,
        noWorryClothing: false,
        safeDrinkingWater: false,
        surveyedOn: '2019-11-20',
        surveyedBy: '王建国',
      },
    });
    x.values['survey.noChildOutOfSchool'] = 'yes';
    expect((draftToData('exit-verification', x)['survey'] as Record<string, unknown>)['noChildOutOfSchool']).toBe(true);
  });

  it('round-trips an existing case for editing', () => {
    const data = draftToData('identification', identificationDraft());
    expect(draftToData('identification', dataToDraft('identification', data))).toEqual(data);
    const medical = { kind: 'relief', householdId: 'h1', patient: { name: '王五', idNumber: HEAD_ID }, settledOn: '2019-05-03', selfPaidFen: 1234560 };
    expect(draftToData('medical', dataToDraft('medical', medical))).toEqual(medical);
  });

  it('sends masked personal fields of an edited case back as they are, for the service to keep', () => {
    const masked = {
      householdHead: { name: '王大山', idNumber: '2105**********0011' },
      members: [{ name: '王大山', idNumber: '2105**********0011', relation: '户主' }, { name: '王小山', idNumber: '2105**********0022', relation: '子女' }],
      perCapitaNetIncomeYuan: '***',
      povertyCause: 'illness',
      attribute: 'general',
      assessment: { food: true, clothing: true, medical: false, education: true, housing: true },
    };
    const draft = dataToDraft('identification', masked);
    expect(validateDraft('identification', draft)).toEqual({});
    const data = draftToData('identification', draft);
    expect(data['perCapitaNetIncomeYuan']).toBe('***');
    expect((data['members'] as Array<{ idNumber: string }>).map((m) => m.idNumber)).toEqual(['2105**********0011', '2105**********0022']);
  });

  it('turns a review rate in percent into basis points and leaves it out when blank', () => {
    const defs = reviewFields.medical ?? [];
    expect(validateFields(defs, { rateBp: '90' })).toEqual({ rateBp: '救助比例（%）应在 50 到 80 之间' });
    expect(fieldsToData(defs, { rateBp: '65' })).toEqual({ rateBp: 6500 });
    expect(fieldsToData(defs, { rateBp: '' })).toEqual({});
  });
});

describe('money and dates', () => {
  it('converts yuan text to fen and back without floating point', () => {
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('19.99')).toBe(1999);
    expect(yuanToFen('100000')).toBe(10000000);
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('-1')).toBeNull();
    expect(fenToYuanText(1999)).toBe('19.99');
    expect(fenToYuanText(10000000)).toBe('100000');
  });

  it('takes today in Beijing time', () => {
    expect(beijingDate(new Date('2019-05-03T17:00:00Z'))).toBe('2019-05-04');
  });
});

describe('normalizeFieldPath', () => {
  it('maps server field paths to form paths', () => {
    expect(normalizeFieldPath('data.members.1.idNumber')).toBe('members.1.idNumber');
    expect(normalizeFieldPath('data.members[1].idNumber')).toBe('members.1.idNumber');
    expect(normalizeFieldPath('data.householdHead.idNumber')).toBe('householdHead.idNumber');
    expect(normalizeFieldPath('body.data.patient.idNumber')).toBe('patient.idNumber');
    expect(normalizeFieldPath('villageCode')).toBe('villageCode');
  });
});
