/**
 * Citizen identity numbers (公民身份号码), GB 11643-1999, 18 characters:
 * 6-digit address code, 8-digit birth date (YYYYMMDD), 3-digit sequence code (odd = male,
 * even = female) and an ISO 7064 MOD 11-2 check character (0-9 or X).
 *
 * Identity numbers are personal data: nothing in this module puts a number, or any part of
 * one, into an error message.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const EARLIEST_BIRTH_YEAR = 1800;

/** Sex encoded by the sequence code's last digit. */
export type Sex = 'male' | 'female';

/** Stable reasons an identity number is refused. */
export type IdNumberErrorReason =
  | 'ID.FORMAT'
  | 'ID.BIRTH_DATE'
  | 'ID.CHECK_DIGIT';

/** Outcome of {@link validateIdNumber}. `normalized` has an upper-case X check character. */
export type IdNumberValidation =
  | {
      readonly valid: true;
      readonly normalized: string;
      readonly birthDate: string;
      readonly sex: Sex;
    }
  | {
      readonly valid: false;
      readonly reason: IdNumberErrorReason;
      readonly message: string;
    };

/** Options for {@link validateIdNumber}. */
export interface ValidateIdNumberOptions {
  /** ISO date (YYYY-MM-DD); when given, a birth date after it is refused. Omitted: no future check. */
  readonly today?: string;
}

const MESSAGES: Record<IdNumberErrorReason, string> = {
  'ID.FORMAT':
    '身份证号码格式不正确：应为 18 位，前 17 位为数字，末位为数字或 X / ' +
    'The ID number is malformed: it must be 18 characters, 17 digits followed by a digit or X',
  'ID.BIRTH_DATE':
    '身份证号码中的出生日期无效 / The birth date encoded in the ID number is not a valid date',
  'ID.CHECK_DIGIT':
    '身份证号码校验码不正确，请核对是否录入有误 / The ID number check digit does not match; please check for a typing error',
};

/**
 * The GB 11643 check character (ISO 7064 MOD 11-2) for the first 17 digits.
 * Throws a RangeError if `first17` is not exactly 17 ASCII digits.
 */
export function idCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('idCheckDigit expects exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += Number(first17.charCodeAt(i) - 48) * WEIGHTS[i];
  }
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/**
 * Validates an 18-character identity number: format, a real calendar birth date (from 1800,
 * and not after `options.today` when given) and the check character. A lower-case `x` is
 * accepted and normalised. The address code is not checked against the division list.
 * Messages are bilingual and never contain the number.
 */
export function validateIdNumber(
  value: unknown,
  options: ValidateIdNumberOptions = {},
): IdNumberValidation {
  if (typeof value !== 'string' || !/^\d{17}[\dXx]$/.test(value)) {
    return refuse('ID.FORMAT');
  }
  const normalized = value.toUpperCase();
  const birthDate = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;
  if (
    !isCalendarDate(birthDate) ||
    Number(birthDate.slice(0, 4)) < EARLIEST_BIRTH_YEAR
  ) {
    return refuse('ID.BIRTH_DATE');
  }
  if (options.today !== undefined && birthDate > options.today) {
    return refuse('ID.BIRTH_DATE');
  }
  if (idCheckDigit(normalized.slice(0, 17)) !== normalized.charAt(17)) {
    return refuse('ID.CHECK_DIGIT');
  }
  const sex: Sex = Number(normalized.charAt(16)) % 2 === 1 ? 'male' : 'female';
  return { valid: true, normalized, birthDate, sex };
}

/** Options for {@link syntheticIdNumber}. */
export interface SyntheticIdNumberOptions {
  /** 6-digit address code; defaults to 本溪满族自治县 (210521). */
  readonly regionCode?: string;
  /** ISO birth date (YYYY-MM-DD); defaults to a date derived from the seed, 1940-01-01 to 2009-12-31. */
  readonly birthDate?: string;
  /** Defaults to male for odd seeds and female for even seeds. */
  readonly sex?: Sex;
}

const SYNTHETIC_FIRST_BIRTH_DAY = Date.UTC(1940, 0, 1);
const SYNTHETIC_BIRTH_DAYS =
  (Date.UTC(2009, 11, 31) - SYNTHETIC_FIRST_BIRTH_DAY) / 86_400_000 + 1;
/** Sequence codes available per sex (000-999, odd for men, even for women). */
const SEQUENCES_PER_SEX = 500;
const SYNTHETIC_SPACE = SYNTHETIC_BIRTH_DAYS * SEQUENCES_PER_SEX;
/**
 * A prime larger than every prime factor of the space (2, 5, 17, 47), hence coprime with it:
 * seed → seed × multiplier mod space is one-to-one and spreads neighbouring seeds apart.
 */
const SYNTHETIC_MULTIPLIER = 1_000_003;

/**
 * A deterministic, well-formed identity number for demo and test data, with a valid check
 * character. With the default birth date, seeds below 12,784,000 give distinct numbers; with a
 * fixed birth date and sex, any 500 consecutive seeds do. Synthetic numbers are structurally
 * valid and may coincide with a real person's, so they must only be used with synthetic names.
 */
export function syntheticIdNumber(
  seed: number,
  options: SyntheticIdNumberOptions = {},
): string {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(
      'syntheticIdNumber expects a non-negative integer seed',
    );
  }
  const regionCode = options.regionCode ?? '210521';
  if (!/^\d{6}$/.test(regionCode)) {
    throw new RangeError('regionCode must be 6 digits');
  }
  const index = Number(
    (BigInt(seed) * BigInt(SYNTHETIC_MULTIPLIER)) % BigInt(SYNTHETIC_SPACE),
  );
  const birthDate =
    options.birthDate ?? isoDateFromDayOffset(index % SYNTHETIC_BIRTH_DAYS);
  if (!isCalendarDate(birthDate)) {
    throw new RangeError('birthDate must be an ISO calendar date (YYYY-MM-DD)');
  }
  const sex = options.sex ?? (seed % 2 === 1 ? 'male' : 'female');
  const slot =
    options.birthDate === undefined
      ? Math.floor(index / SYNTHETIC_BIRTH_DAYS)
      : seed % SEQUENCES_PER_SEX;
  const sequence = slot * 2 + (sex === 'male' ? 1 : 0);
  const first17 = `${regionCode}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

/**
 * Masks an identity number for display, keeping the first 4 characters (province and city) and the
 * last 4 (sequence code and check character): `2105**********123X`. The birth date and county are
 * hidden. Values of 8 characters or fewer are masked entirely.
 */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) {
    return '*'.repeat(id.length);
  }
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** True for an ISO date string (YYYY-MM-DD) naming a real calendar day. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) {
    return false;
  }
  const [year, month, day] = [
    Number(match[1]),
    Number(match[2]),
    Number(match[3]),
  ];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

function isoDateFromDayOffset(days: number): string {
  return new Date(SYNTHETIC_FIRST_BIRTH_DAY + days * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

function refuse(reason: IdNumberErrorReason): IdNumberValidation {
  return { valid: false, reason, message: MESSAGES[reason] };
}
