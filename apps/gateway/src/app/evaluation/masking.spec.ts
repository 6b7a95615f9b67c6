import { syntheticIdNumber } from '@poverty/policy';
import { maskRecord, NOTHING_DISCLOSED } from './masking';

const id = syntheticIdNumber(42);

const record = {
  household: {
    headName: '王大山',
    members: [{ name: '王大山', idNumber: id }],
  },
  cases: [
    {
      data: {
        householdHead: { idNumber: id },
        perCapitaNetIncomeYuan: 2800,
        phone: '13800000000',
        illness: '慢性病',
        bankAccountNo: '6222020000000000',
      },
      history: [{ comment: `核对身份证 ${id} 无误`, action: 'approve' }],
      amounts: [{ label: '救助金额', amountFen: 120000 }],
    },
  ],
};

describe('masking a verification record', () => {
  it('masks every personal field the engagement does not disclose, including ID numbers in free text', () => {
    const masked = maskRecord(record, NOTHING_DISCLOSED);
    const text = JSON.stringify(masked);
    expect(text).not.toContain(id);
    expect(masked.household.members[0].idNumber).not.toBe(id);
    expect(masked.cases[0].data).toMatchObject({
      perCapitaNetIncomeYuan: '***',
      phone: '***',
      illness: '***',
      bankAccountNo: '***',
    });
    expect(masked.cases[0].history[0].action).toBe('approve');
    expect(masked.household.headName).toBe('王大山');
  });

  it('shows what the engagement discloses', () => {
    const masked = maskRecord(record, {
      ...NOTHING_DISCLOSED,
      idNumbers: true,
      income: true,
    });
    expect(masked.household.members[0].idNumber).toBe(id);
    expect(masked.cases[0].data.perCapitaNetIncomeYuan).toBe(2800);
    expect(masked.cases[0].data.illness).toBe('***');
  });

  it('does not change the record it was given', () => {
    maskRecord(record, NOTHING_DISCLOSED);
    expect(record.cases[0].data.perCapitaNetIncomeYuan).toBe(2800);
  });
});
