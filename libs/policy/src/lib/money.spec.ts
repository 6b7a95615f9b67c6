import {
  applyRateBp,
  formatBp,
  formatFen,
  isFen,
  ratioBp,
  yuanToFen,
} from './money';

describe('money', () => {
  describe('yuanToFen', () => {
    it('converts whole yuan to fen', () => {
      expect(yuanToFen(5000)).toBe(500_000);
      expect(yuanToFen(0)).toBe(0);
      expect(yuanToFen(-3)).toBe(-300);
    });

    it.each([12.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY])(
      'refuses a non-integer yuan amount (%p)',
      (yuan) => {
        expect(() => yuanToFen(yuan)).toThrow(RangeError);
      },
    );

    it('refuses an amount whose fen value would not be a safe integer', () => {
      expect(() => yuanToFen(Number.MAX_SAFE_INTEGER)).toThrow(RangeError);
    });
  });

  describe('formatFen', () => {
    it('formats fen as yuan with thousands separators and two decimals', () => {
      expect(formatFen(500_000)).toBe('5,000.00元');
      expect(formatFen(0)).toBe('0.00元');
      expect(formatFen(1)).toBe('0.01元');
      expect(formatFen(99_999)).toBe('999.99元');
      expect(formatFen(123_456_789)).toBe('1,234,567.89元');
      expect(formatFen(-150)).toBe('-1.50元');
    });

    it('drops .00 in compact form but keeps real fractions', () => {
      expect(formatFen(10_000_000, { compact: true })).toBe('100,000元');
      expect(formatFen(200_001, { compact: true })).toBe('2,000.01元');
    });

    it('writes another unit when asked', () => {
      expect(formatFen(200_000, { compact: true, suffix: ' yuan' })).toBe(
        '2,000 yuan',
      );
    });

    it('refuses a fractional fen amount', () => {
      expect(() => formatFen(1.5)).toThrow(RangeError);
    });
  });

  describe('applyRateBp', () => {
    it('multiplies by a basis-point rate', () => {
      expect(applyRateBp(15_000_000, 8000)).toBe(12_000_000);
      expect(applyRateBp(500_000, 10_000)).toBe(500_000);
      expect(applyRateBp(500_000, 0)).toBe(0);
    });

    it('rounds exactly half a fen up and anything less down', () => {
      expect(applyRateBp(1, 5000)).toBe(1);
      expect(applyRateBp(1, 4999)).toBe(0);
      expect(applyRateBp(3, 5000)).toBe(2);
      expect(applyRateBp(200_001, 5000)).toBe(100_001);
      expect(applyRateBp(12_345, 6667)).toBe(8230); // 8230.4115
      expect(applyRateBp(12_353, 6667)).toBe(8236); // 8235.7451
    });

    it('stays exact beyond the range where floating-point products lose precision', () => {
      expect(applyRateBp(Number.MAX_SAFE_INTEGER, 10_000)).toBe(
        Number.MAX_SAFE_INTEGER,
      );
      expect(applyRateBp(Number.MAX_SAFE_INTEGER, 5000)).toBe(
        4_503_599_627_370_496,
      );
    });

    it('refuses negative or fractional inputs', () => {
      expect(() => applyRateBp(-1, 5000)).toThrow(RangeError);
      expect(() => applyRateBp(100, 50.5)).toThrow(RangeError);
    });
  });

  describe('ratioBp', () => {
    it('expresses a ratio in basis points rounded half-up', () => {
      expect(ratioBp(1, 3)).toBe(3333);
      expect(ratioBp(2, 3)).toBe(6667);
      expect(ratioBp(1, 20_000)).toBe(1);
      expect(ratioBp(1, 40_000)).toBe(0);
      expect(ratioBp(7, 7)).toBe(10_000);
    });

    it('returns null for a zero denominator', () => {
      expect(ratioBp(0, 0)).toBeNull();
    });
  });

  it('formats basis points as a percentage without trailing zeros', () => {
    expect(formatBp(8000)).toBe('80%');
    expect(formatBp(8050)).toBe('80.5%');
    expect(formatBp(1)).toBe('0.01%');
    expect(formatBp(0)).toBe('0%');
  });

  it('recognises integer fen amounts', () => {
    expect(isFen(100)).toBe(true);
    expect(isFen(1.5)).toBe(false);
    expect(isFen('100')).toBe(false);
  });
});
