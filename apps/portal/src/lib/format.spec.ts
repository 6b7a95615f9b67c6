import {
  daysSince,
  formatBasisPoints,
  formatDate,
  formatDateTime,
  formatFen,
  formatInteger,
  formatPercent,
  formatYuan,
  maskIdNumber,
  maskName,
  maskPhone,
} from './format';

describe('money', () => {
  it('shows fen as yuan with two decimals and thousands separators', () => {
    expect(formatFen(500000)).toBe('5,000.00');
    expect(formatFen(4500000)).toBe('45,000.00');
    expect(formatFen(10000000)).toBe('100,000.00');
    expect(formatFen(1)).toBe('0.01');
    expect(formatFen(0)).toBe('0.00');
    expect(formatFen(-12345)).toBe('-123.45');
  });

  it('appends 元 and marks missing amounts', () => {
    expect(formatYuan(26000)).toBe('260.00 元');
    expect(formatYuan(undefined)).toBe('—');
    expect(formatFen(Number.NaN)).toBe('—');
  });

  it('formats counts, percentages and basis points', () => {
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatPercent(0.4375)).toBe('43.8%');
    expect(formatBasisPoints(6500)).toBe('65%');
    expect(formatBasisPoints(6550)).toBe('65.50%');
  });
});

describe('dates', () => {
  it('shows instants in Beijing time whatever the machine zone', () => {
    expect(formatDateTime('2019-05-03T06:20:00Z')).toBe('2019-05-03 14:20');
    expect(formatDate('2019-05-03T20:00:00Z')).toBe('2019-05-04');
  });

  it('passes through what it cannot parse and marks what is missing', () => {
    expect(formatDateTime('not a date')).toBe('not a date');
    expect(formatDateTime(null)).toBe('—');
  });

  it('counts whole days waited, never negative', () => {
    const now = Date.parse('2019-05-10T00:00:00Z');
    expect(daysSince('2019-05-03T00:00:00Z', now)).toBe(7);
    expect(daysSince('2019-05-11T00:00:00Z', now)).toBe(0);
  });
});

describe('masking', () => {
  it('keeps the region code and last four digits of an ID number', () => {
    expect(maskIdNumber('210521198001010011')).toBe('210521********0011');
    expect(maskIdNumber('123')).toBe('***');
    expect(maskIdNumber('')).toBe('');
  });

  it('masks the middle of a phone number', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
  });

  it('masks all but the first (and last) character of a name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('王小明')).toBe('王*明');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('李')).toBe('李');
  });
});
