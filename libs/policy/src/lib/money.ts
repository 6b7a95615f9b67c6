/**
 * Money and rates as integers.
 *
 * Amounts are integer fen (分); rates are integer basis points (1 bp = 0.01 %, so 8000 = 80 %).
 * Products and ratios are computed in BigInt and rounded half-up to a whole unit, so results
 * never depend on floating-point behaviour and are identical in every service and the portal.
 * Errors never echo the offending value: amounts here are often income or medical costs.
 */

/** Fen (分) per yuan (元). */
export const FEN_PER_YUAN = 100;

/** Basis points in one whole (100 %). */
export const BP_PER_WHOLE = 10_000;

/** True when `value` is a whole, finite number of fen within JavaScript's safe integer range. */
export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/**
 * Converts whole yuan to fen. Only integer yuan are accepted: a fractional yuan figure is almost
 * always a float that has already lost precision, so it is refused rather than rounded.
 */
export function yuanToFen(yuan: number): number {
  if (!Number.isSafeInteger(yuan)) {
    throw new RangeError('yuanToFen expects an integer number of yuan');
  }
  const fen = yuan * FEN_PER_YUAN;
  if (!Number.isSafeInteger(fen)) {
    throw new RangeError('yuanToFen: amount is outside the safe integer range');
  }
  return fen;
}

/** Options for {@link formatFen}. */
export interface FormatFenOptions {
  /** Drop ".00" when the amount is whole yuan ("5,000元" instead of "5,000.00元"). */
  readonly compact?: boolean;
  /** Unit written after the number; defaults to "元" (use " yuan" in English text). */
  readonly suffix?: string;
}

/**
 * Formats fen as yuan with thousands separators and the 元 suffix: `500000` → `"5,000.00元"`,
 * or `"5,000元"` with `{ compact: true }`. Locale-independent (no Intl), so output is stable.
 */
export function formatFen(fen: number, options: FormatFenOptions = {}): string {
  assertFen(fen, 'fen');
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / FEN_PER_YUAN);
  const cents = abs % FEN_PER_YUAN;
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction =
    options.compact && cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`;
  return `${sign}${grouped}${fraction}${options.suffix ?? '元'}`;
}

/**
 * Multiplies an amount in fen by a rate in basis points, rounding half-up to a whole fen
 * (e.g. 1 fen × 50 % = 1 fen, 1 fen × 49.99 % = 0 fen). Both inputs must be non-negative integers.
 */
export function applyRateBp(amountFen: number, rateBp: number): number {
  assertNonNegativeInteger(amountFen, 'amountFen');
  assertNonNegativeInteger(rateBp, 'rateBp');
  const product = BigInt(amountFen) * BigInt(rateBp);
  const whole = BigInt(BP_PER_WHOLE);
  return Number((product * 2n + whole) / (whole * 2n));
}

/**
 * The ratio `numerator / denominator` in basis points, rounded half-up
 * (1/3 → 3333, 2/3 → 6667). Returns `null` when the denominator is zero.
 */
export function ratioBp(numerator: number, denominator: number): number | null {
  assertNonNegativeInteger(numerator, 'numerator');
  assertNonNegativeInteger(denominator, 'denominator');
  if (denominator === 0) {
    return null;
  }
  const n = BigInt(numerator) * BigInt(BP_PER_WHOLE);
  const d = BigInt(denominator);
  return Number((n * 2n + d) / (d * 2n));
}

/** Formats basis points as a percentage without trailing zeros: 8000 → "80%", 8050 → "80.5%", 1 → "0.01%". */
export function formatBp(bp: number): string {
  assertFen(bp, 'bp');
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(bp);
  const whole = Math.floor(abs / 100);
  const fraction = String(abs % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}%`;
}

function assertFen(value: number, name: string): void {
  if (!isFen(value)) {
    throw new RangeError(`${name} must be a safe integer`);
  }
}

function assertNonNegativeInteger(value: number, name: string): void {
  if (!isFen(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer`);
  }
}
