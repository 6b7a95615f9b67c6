import { syntheticIdNumber } from '@poverty/policy';
import { actOnCaseSchema } from './commands';
import { identificationDataSchema } from './identification.schemas';
import { parsePayload } from './validation';

const valid = {
  householdHead: { name: '王大山', idNumber: syntheticIdNumber(1) },
  members: [],
  perCapitaNetIncomeYuan: 2800,
  povertyCause: 'illness',
  attribute: 'general',
  assessment: { food: true, clothing: true, medical: false, education: true, housing: true },
};

describe('contract validation', () => {
  it('accepts a well-formed identification declaration', () => {
    expect(parsePayload(identificationDataSchema, valid).ok).toBe(true);
  });

  it('names the nested field of a bad ID number and never echoes the number', () => {
    const id = syntheticIdNumber(2);
    const bad = id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');
    const result = parsePayload(identificationDataSchema, { ...valid, members: [{ name: '王小山', idNumber: bad, relation: '子女' }] });
    expect(result).toMatchObject({ ok: false, error: { statusCode: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'members.0.idNumber' } });
    expect(JSON.stringify(result)).not.toContain(bad);
  });

  it('refuses fractional yuan and unknown properties', () => {
    expect(parsePayload(identificationDataSchema, { ...valid, perCapitaNetIncomeYuan: 2800.5 })).toMatchObject({ ok: false, error: { field: 'perCapitaNetIncomeYuan' } });
    expect(parsePayload(identificationDataSchema, { ...valid, bankAccount: '6222' }).ok).toBe(false);
  });

  it('requires an integer expectedVersion on actions', () => {
    const result = parsePayload(actOnCaseSchema, { caseId: '7d1f3c1e-4a7b-4c0e-9a43-0c1f6f9d2b11', action: 'approve', expectedVersion: '3' });
    expect(result).toMatchObject({ ok: false, error: { field: 'expectedVersion' } });
  });
});
