import {
  idCheckDigit,
  isCalendarDate,
  maskIdNumber,
  syntheticIdNumber,
  validateIdNumber,
} from './id-number';

describe('identity numbers (GB 11643-1999)', () => {
  describe('idCheckDigit', () => {
    it('computes the MOD 11-2 check character, including X', () => {
      expect(idCheckDigit('11010519491231002')).toBe('X');
      expect(idCheckDigit('44052418800101001')).toBe('4');
      expect(idCheckDigit('21052119850315001')).toBe('4');
      expect(idCheckDigit('21052119850315009')).toBe('X');
    });

    it('refuses anything but 17 digits', () => {
      expect(() => idCheckDigit('2105211985031500')).toThrow(RangeError);
      expect(() => idCheckDigit('2105211985031500A')).toThrow(RangeError);
    });
  });

  describe('validateIdNumber', () => {
    it('accepts a valid number and reads birth date and sex from it', () => {
      expect(validateIdNumber('210521198503150014')).toEqual({
        valid: true,
        normalized: '210521198503150014',
        birthDate: '1985-03-15',
        sex: 'male',
      });
      expect(validateIdNumber('210521198503150022')).toMatchObject({
        valid: true,
        sex: 'female',
      });
    });

    it('accepts the standard examples, one of them ending in X', () => {
      expect(validateIdNumber('11010519491231002X')).toMatchObject({
        valid: true,
        birthDate: '1949-12-31',
        sex: 'female',
      });
      expect(validateIdNumber('440524188001010014')).toMatchObject({
        valid: true,
        birthDate: '1880-01-01',
        sex: 'male',
      });
    });

    it('accepts a lower-case x and normalises it', () => {
      expect(validateIdNumber('21052119850315009x')).toMatchObject({
        valid: true,
        normalized: '21052119850315009X',
      });
    });

    it('refuses a wrong check digit without repeating the number in the message', () => {
      const result = validateIdNumber('210521198503150015');
      expect(result).toMatchObject({ valid: false, reason: 'ID.CHECK_DIGIT' });
      if (result.valid) throw new Error('expected a refusal');
      expect(result.message).toContain('校验码');
      expect(result.message).toContain('check digit');
      expect(result.message).not.toMatch(/\d{4,}/);
    });

    it('refuses 30 February even when the check digit matches', () => {
      const first17 = '21052119850230001';
      expect(validateIdNumber(first17 + idCheckDigit(first17))).toMatchObject({
        valid: false,
        reason: 'ID.BIRTH_DATE',
      });
    });

    it('accepts 29 February only in leap years', () => {
      expect(validateIdNumber('210521200002290027')).toMatchObject({
        valid: true,
        birthDate: '2000-02-29',
      });
      expect(validateIdNumber('210521190002290012')).toMatchObject({
        valid: false,
        reason: 'ID.BIRTH_DATE',
      });
    });

    it('refuses a birth date after today when today is given', () => {
      const first17 = '21052120300101001';
      const id = first17 + idCheckDigit(first17);
      expect(validateIdNumber(id)).toMatchObject({ valid: true });
      expect(validateIdNumber(id, { today: '2019-06-01' })).toMatchObject({
        valid: false,
        reason: 'ID.BIRTH_DATE',
      });
    });

    it.each([
      ['17 characters', '21052119850315001'],
      ['19 characters', '2105211985031500140'],
      ['a letter inside', '2105211985O3150014'],
      ['X in the middle', '21052119850315X014'],
      ['surrounding spaces', ' 210521198503150014 '],
      ['the empty string', ''],
    ])('refuses a malformed number: %s', (_case, value) => {
      expect(validateIdNumber(value)).toMatchObject({
        valid: false,
        reason: 'ID.FORMAT',
      });
    });

    it.each([[210521198503], [null], [undefined], [{}]])(
      'refuses a non-string value (%p)',
      (value) => {
        expect(validateIdNumber(value)).toMatchObject({
          valid: false,
          reason: 'ID.FORMAT',
        });
      },
    );

    it('gives bilingual messages that never contain any digits of the input', () => {
      for (const value of [
        '21052119850315001',
        '210521198502300017',
        '210521198503150015',
      ]) {
        const result = validateIdNumber(value);
        if (result.valid) throw new Error('expected a refusal');
        expect(result.message).toMatch(/[\u4e00-\u9fff].* \/ [A-Z]/);
        expect(result.message).not.toContain('210521');
        expect(result.message).not.toContain('1985');
      }
    });
  });

  describe('syntheticIdNumber', () => {
    it('is deterministic and valid, in 本溪满族自治县 by default', () => {
      const id = syntheticIdNumber(42);
      expect(syntheticIdNumber(42)).toBe(id);
      expect(id.startsWith('210521')).toBe(true);
      expect(validateIdNumber(id)).toMatchObject({
        valid: true,
        sex: 'female',
      });
      expect(validateIdNumber(syntheticIdNumber(43))).toMatchObject({
        valid: true,
        sex: 'male',
      });
    });

    it('honours region, birth date and sex', () => {
      const id = syntheticIdNumber(7, {
        regionCode: '210522',
        birthDate: '1970-02-28',
        sex: 'female',
      });
      expect(id.startsWith('21052219700228')).toBe(true);
      expect(validateIdNumber(id)).toMatchObject({
        valid: true,
        birthDate: '1970-02-28',
        sex: 'female',
      });
    });

    it('gives distinct numbers to distinct seeds', () => {
      const ids = new Set(
        Array.from({ length: 20_000 }, (_, seed) => syntheticIdNumber(seed)),
      );
      expect(ids.size).toBe(20_000);
      const sameDay = new Set(
        Array.from({ length: 500 }, (_, seed) =>
          syntheticIdNumber(seed, { birthDate: '1990-01-01', sex: 'male' }),
        ),
      );
      expect(sameDay.size).toBe(500);
    });

    it('keeps default birth dates between 1940 and 2009', () => {
      for (let seed = 0; seed < 2000; seed += 1) {
        const year = Number(syntheticIdNumber(seed).slice(6, 10));
        expect(year).toBeGreaterThanOrEqual(1940);
        expect(year).toBeLessThanOrEqual(2009);
      }
    });

    it('refuses bad seeds and options', () => {
      expect(() => syntheticIdNumber(-1)).toThrow(RangeError);
      expect(() => syntheticIdNumber(1.5)).toThrow(RangeError);
      expect(() => syntheticIdNumber(1, { regionCode: '2105' })).toThrow(
        RangeError,
      );
      expect(() => syntheticIdNumber(1, { birthDate: '1985-02-30' })).toThrow(
        RangeError,
      );
    });
  });

  describe('maskIdNumber', () => {
    it('keeps the first four and last four characters', () => {
      expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
      expect(maskIdNumber('210521198503150014')).toBe('2105**********0014');
    });

    it('masks short values entirely', () => {
      expect(maskIdNumber('12345678')).toBe('********');
      expect(maskIdNumber('')).toBe('');
    });
  });

  it('recognises real calendar dates', () => {
    expect(isCalendarDate('2019-09-01')).toBe(true);
    expect(isCalendarDate('2019-02-29')).toBe(false);
    expect(isCalendarDate('2019-9-1')).toBe(false);
    expect(isCalendarDate('0099-01-01')).toBe(true);
  });
});
