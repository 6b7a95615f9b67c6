import { syntheticIdNumber } from './id-number';
import { maskIdNumbersInText, maskPersonalData, personalFieldAt, restoreMaskedValues, type PersonalField } from './personal-data';

const head = syntheticIdNumber(1);
const child = syntheticIdNumber(2);
const FIELDS: PersonalField[] = [
  { path: 'householdHead.idNumber', kind: 'idNumbers' },
  { path: 'members.*.idNumber', kind: 'idNumbers' },
  { path: 'perCapitaNetIncomeYuan', kind: 'income' },
  { path: 'diagnosis', kind: 'health' },
  { path: 'phone', kind: 'phone' },
];
const data = {
  householdHead: { name: '王大山', idNumber: head },
  members: [{ name: '王小山', idNumber: child, relation: '子女' }],
  perCapitaNetIncomeYuan: 2800,
  diagnosis: '慢性肾病',
  attribute: 'general',
};

describe('masking personal data', () => {
  it('masks ID numbers to their first and last four characters and hides every other personal field', () => {
    const { data: masked, masked: fields } = maskPersonalData(data, FIELDS);
    expect(masked.householdHead.idNumber).toBe(`${head.slice(0, 4)}**********${head.slice(-4)}`);
    expect(masked.members[0].idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(masked).toMatchObject({ perCapitaNetIncomeYuan: '***', diagnosis: '***', attribute: 'general' });
    expect(masked.householdHead.name).toBe('王大山');
    expect(fields).toEqual([
      { path: 'householdHead.idNumber', kind: 'idNumbers' },
      { path: 'members.0.idNumber', kind: 'idNumbers' },
      { path: 'perCapitaNetIncomeYuan', kind: 'income' },
      { path: 'diagnosis', kind: 'health' },
    ]);
    expect(JSON.stringify(masked)).not.toContain(head);
  });

  it('leaves the kinds an engagement discloses, and never changes the data it was given', () => {
    const { data: masked } = maskPersonalData(data, FIELDS, ['income']);
    expect(masked.perCapitaNetIncomeYuan).toBe(2800);
    expect(masked.diagnosis).toBe('***');
    expect(data.householdHead.idNumber).toBe(head);
  });

  it('names the declared field of a concrete path, and nothing else', () => {
    expect(personalFieldAt(FIELDS, 'members.3.idNumber')?.kind).toBe('idNumbers');
    expect(personalFieldAt(FIELDS, 'members.x.idNumber')).toBeNull();
    expect(personalFieldAt(FIELDS, 'attribute')).toBeNull();
  });

  it('masks ID numbers inside free text', () => {
    expect(maskIdNumbersInText(`核对身份证 ${head} 无误`)).toBe(`核对身份证 ${head.slice(0, 4)}**********${head.slice(-4)} 无误`);
    expect(maskIdNumbersInText('电话 13800000000')).toBe('电话 13800000000');
  });

  it('keeps the stored values of fields an edit sends back still masked', () => {
    const { data: shown } = maskPersonalData(data, FIELDS);
    const edited = restoreMaskedValues({ ...shown, perCapitaNetIncomeYuan: 3100 }, data, FIELDS);
    expect(edited.householdHead.idNumber).toBe(head);
    expect(edited.members[0].idNumber).toBe(child);
    expect(edited.perCapitaNetIncomeYuan).toBe(3100);
    expect(edited.diagnosis).toBe('慢性肾病');
  });

  it('follows a member whose row moved, and leaves a mask it cannot place', () => {
    const { data: shown } = maskPersonalData(data, FIELDS);
    const moved = restoreMaskedValues({ members: [{ name: '新成员', idNumber: shown.householdHead.idNumber }, shown.members[0]] }, data, FIELDS);
    expect(moved.members[1].idNumber).toBe(child);
    expect(moved.members[0].idNumber).toBe(head);
    const unknown = restoreMaskedValues({ members: [{ idNumber: '2105**********0000' }] }, data, FIELDS);
    expect(unknown.members[0].idNumber).toBe('2105**********0000');
  });
});
