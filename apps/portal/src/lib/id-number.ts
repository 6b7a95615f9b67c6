/**
 * 公民身份号码 (GB 11643-1999): 17 digits and a check character computed with
 * ISO 7064 MOD 11-2. The browser checks it before sending so a mistyped digit is
 * caught on the phone, not after a round trip on a weak network.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'empty' | 'length' | 'format' | 'checkDigit';

export type IdNumberCheck =
  | { ok: true; normalized: string }
  | { ok: false; problem: IdNumberProblem };

/** The check character for the first 17 digits of an ID number. */
export function computeCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new Error('computeCheckDigit needs exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Trims, upper-cases a trailing x, and says what is wrong if anything is. */
export function checkIdNumber(value: string | null | undefined): IdNumberCheck {
  const v = (value ?? '').trim().toUpperCase();
  if (!v) return { ok: false, problem: 'empty' };
  if (v.length !== 18) return { ok: false, problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, problem: 'format' };
  if (computeCheckDigit(v.slice(0, 17)) !== v[17]) return { ok: false, problem: 'checkDigit' };
  return { ok: true, normalized: v };
}

export function isValidIdNumber(value: string | null | undefined): boolean {
  return checkIdNumber(value).ok;
}

/** A message that names the field, e.g. "户主身份证号校验位不正确，请核对". */
export function idNumberMessage(fieldLabel: string, problem: IdNumberProblem): string {
  switch (problem) {
    case 'empty':
      return `请填写${fieldLabel}`;
    case 'length':
      return `${fieldLabel}应为18位`;
    case 'format':
      return `${fieldLabel}格式不正确：前17位应为数字，最后一位为数字或X`;
    case 'checkDigit':
      return `${fieldLabel}校验位不正确，请核对`;
  }
}
