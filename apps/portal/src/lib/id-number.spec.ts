import { checkIdNumber, computeCheckDigit, idNumberMessage, isValidIdNumber } from './id-number';

describe('GB 11643 ID numbers', () => {
  it('computes the published check characters, including X', () => {
    expect(computeCheckDigit('11010519491231002')).toBe('X');
    expect(computeCheckDigit('44052418800101001')).toBe('4');
    expect(computeCheckDigit('21052119800101001')).toBe('1');
  });

  it('accepts a valid number and normalises a lower-case x', () => {
    expect(checkIdNumber('11010519491231002x')).toEqual({ ok: true, normalized: '11010519491231002X' });
    expect(checkIdNumber(' 440524188001010014 ')).toEqual({ ok: true, normalized: '440524188001010014' });
    expect(isValidIdNumber('210521198001010011')).toBe(true);
  });

  it('rejects a number whose last character does not match', () => {
    expect(checkIdNumber('210521198001010012')).toEqual({ ok: false, problem: 'checkDigit' });
    expect(checkIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'checkDigit' });
  });

  it('catches a single mistyped digit anywhere in the first 17', () => {
    const valid = '210521198001010011';
    for (let i = 0; i < 17; i++) {
      const d = (Number(valid[i]) + 1) % 10;
      const typo = valid.slice(0, i) + d + valid.slice(i + 1);
      expect(isValidIdNumber(typo)).toBe(false);
    }
  });

  it('says what is wrong with empty, short and malformed input', () => {
    expect(checkIdNumber('')).toEqual({ ok: false, problem: 'empty' });
    expect(checkIdNumber(undefined)).toEqual({ ok: false, problem: 'empty' });
    expect(checkIdNumber('21052119800101001')).toEqual({ ok: false, problem: 'length' });
    expect(checkIdNumber('21052119800101X011')).toEqual({ ok: false, problem: 'format' });
  });

  it('names the field in every message', () => {
    expect(idNumberMessage('户主身份证号', 'checkDigit')).toBe('户主身份证号校验位不正确，请核对');
    expect(idNumberMessage('学生身份证号', 'length')).toBe('学生身份证号应为18位');
    expect(idNumberMessage('患者身份证号', 'empty')).toBe('请填写患者身份证号');
    expect(idNumberMessage('户主身份证号', 'format')).toContain('户主身份证号');
  });

  it('refuses to compute a check digit from anything but 17 digits', () => {
    expect(() => computeCheckDigit('123')).toThrow();
  });
});
