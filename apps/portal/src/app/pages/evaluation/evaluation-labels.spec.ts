import { rates } from '../../../testing/fixtures';
import { formatBp, maskedKinds, passLabel, rateRows } from './evaluation-labels';

describe('evaluation labels', () => {
  it('formats basis points as the report does', () => {
    expect(formatBp(2000)).toBe('20.00%');
    expect(formatBp(8889)).toBe('88.89%');
    expect(formatBp(0)).toBe('0.00%');
    expect(formatBp(null)).toBe('—');
  });

  it('turns GET …/rates into 错退率, 漏评率 and 群众认可度 rows with the thresholds and the verdicts', () => {
    expect(rateRows(rates()).map((r) => [r.label, r.value, r.threshold, r.verdict, r.counts])).toEqual([
      ['错退率', '20.00%', '≤ 2.00%', '不达标', '错退户 1 / 已核查抽样户 5'],
      ['漏评率', '0.00%', '≤ 2.00%', '达标', '漏评户 0 / 调查非建档立卡户 4'],
      ['群众认可度', '88.89%', '≥ 90.00%', '不达标', '认可 8 / 受访户 9'],
    ]);
    expect(passLabel(null)).toBe('无法计算');
  });

  it('names what an engagement keeps masked', () => {
    expect(maskedKinds({ idNumbers: true, income: false, health: true, phone: false, bank: true })).toEqual([
      '收入和救助金额',
      '电话',
    ]);
  });
});
