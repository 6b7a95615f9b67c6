import {
  dataToDraft,
  draftToData,
  emptyDraft,
  normalizeFieldPath,
  reviewFields,
  fieldsToData,
  validateDraft,
  validateFields,
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
    povertyCause: '因病',
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
      { name: '乙', idNumber: SPOUSE_ID, relation: '子女' },
      { name: '丙', idNumber: SPOUSE_ID.toLowerCase(), relation: '' },
    ];
    const errors = validateDraft('identification', d);
    expect(errors['members.1.idNumber']).toBe('第 1 位家庭成员的身份证号与户主相同');
    expect(errors['members.3.idNumber']).toBe('第 3 位家庭成员的身份证号与第 2 位家庭成员相同');
    expect(errors['members.3.relation']).toBe('请选择第 3 位家庭成员与户主的关系');
  });

  it('rejects non-integer income, bad phone numbers, years and school years', () => {
    const d = identificationDraft();
    d.values['perCapitaNetIncomeYuan'] = '2800.5';
    d.values['phone'] = '12345';
    expect(validateDraft('identification', d)).toMatchObject({
      perCapitaNetIncomeYuan: '家庭人均纯收入（元/年）应为不小于 0 的整数',
      phone: expect.stringContaining('联系电话格式不正确'),
    });
    const e = emptyDraft('education');
    e.values = { ...e.values, householdId: 'h1', studentName: '小明', studentIdNumber: HEAD_ID, stage: 'university', schoolYear: '2019-2021', school: '某大学' };
    expect(validateDraft('education', e)).toEqual({ schoolYear: '学年格式应为“2019-2020”' });
  });

  it('asks for a household on every service but identification', () => {
    expect(validateDraft('housing', emptyDraft('housing'))['householdId']).toBe('请选择农户');
    expect(validateDraft('identification', identificationDraft())['householdId']).toBeUndefined();
  });

  it('asks for township and village codes only when told to', () => {
    const errors = validateDraft('identification', identificationDraft(), { needJurisdiction: true });
    expect(errors).toEqual({ townshipCode: '请填写乡镇代码', villageCode: '请填写村代码' });
  });
});

describe('draft to API data', () => {
  it('builds the identification shape with the head as the first member', () => {
    const data = draftToData('identification', identificationDraft());
    expect(data).toEqual({
      householdHead: { name: '张三', idNumber: HEAD_ID },
      members: [
        { name: '张三', idNumber: HEAD_ID, relation: '户主' },
        { name: '李四', idNumber: SPOUSE_ID, relation: '配偶' },
      ],
      perCapitaNetIncomeYuan: 2800,
      povertyCause: '因病',
      attribute: 'general',
      housingGrade: 'C',
      assessment: { food: true, clothing: false, medical: false, education: false, housing: false },
    });
  });

  it('types numbers and nests the exit survey', () => {
    const d = emptyDraft('exit-verification');
    d.values = { ...d.values, householdId: 'h1', 'survey.noWorryFood': true, 'survey.perCapitaNetIncomeYuan': '5200' };
    expect(draftToData('exit-verification', d)).toEqual({
      householdId: 'h1',
      survey: { noWorryFood: true, noWorryClothing: false, safeDrinkingWater: false, perCapitaNetIncomeYuan: 5200 },
    });
  });

  it('round-trips an existing case for editing', () => {
    const data = draftToData('identification', identificationDraft());
    const again = draftToData('identification', dataToDraft('identification', data));
    expect(again).toEqual(data);
  });

  it('turns a review rate in percent into basis points', () => {
    const defs = reviewFields.medical ?? [];
    expect(validateFields(defs, { rateBp: '90' })).toEqual({ rateBp: '救助比例（%）应在 50 到 80 之间' });
    expect(fieldsToData(defs, { rateBp: '65' })).toEqual({ rateBp: 6500 });
  });
});

describe('normalizeFieldPath', () => {
  it('maps server field paths to form paths', () => {
    expect(normalizeFieldPath('data.members[1].idNumber')).toBe('members.1.idNumber');
    expect(normalizeFieldPath('data.householdHead.idNumber')).toBe('householdHead.idNumber');
    expect(normalizeFieldPath('body.data.address')).toBe('address');
    expect(normalizeFieldPath('townshipCode')).toBe('townshipCode');
  });
});
