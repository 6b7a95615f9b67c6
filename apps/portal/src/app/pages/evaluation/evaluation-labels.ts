import type { Disclosure, EvaluatedRate, EvaluationCounts, Rates } from '../../../api/types';

/** Basis points with two decimals, as the gateway's report prints them: 2000 → "20.00%". */
export function formatBp(bp: number | null | undefined): string {
  if (bp === null || bp === undefined || !Number.isFinite(bp)) return '—';
  return `${(bp / 100).toFixed(2)}%`;
}

export type RateKey = 'wrongExitRate' | 'missedRate' | 'satisfaction';

interface RateDef {
  key: RateKey;
  label: string;
  /** 错退率 and 漏评率 pass at or below the threshold, 认可度 at or above it. */
  comparator: '≤' | '≥';
  part: keyof EvaluationCounts;
  whole: keyof EvaluationCounts;
  partLabel: string;
  wholeLabel: string;
}

export const RATE_DEFS: readonly RateDef[] = [
  {
    key: 'wrongExitRate',
    label: '错退率',
    comparator: '≤',
    part: 'wronglyExited',
    whole: 'sampledExited',
    partLabel: '错退户',
    wholeLabel: '已核查抽样户',
  },
  {
    key: 'missedRate',
    label: '漏评率',
    comparator: '≤',
    part: 'missedFound',
    whole: 'surveyedNonRegistered',
    partLabel: '漏评户',
    wholeLabel: '调查非建档立卡户',
  },
  {
    key: 'satisfaction',
    label: '群众认可度',
    comparator: '≥',
    part: 'satisfied',
    whole: 'surveyed',
    partLabel: '认可',
    wholeLabel: '受访户',
  },
];

export function passLabel(pass: boolean | null | undefined): string {
  if (pass === null || pass === undefined) return '无法计算';
  return pass ? '达标' : '不达标';
}

export function passClass(pass: boolean | null | undefined): string {
  if (pass === null || pass === undefined) return 'badge badge--pending';
  return pass ? 'badge badge--ok' : 'badge badge--fail';
}

export interface RateRow {
  key: RateKey;
  label: string;
  value: string;
  threshold: string;
  pass: boolean | null;
  verdict: string;
  counts: string;
  /** Why the rate cannot be computed (an empty denominator). */
  note?: string;
}

/** The three rates of `GET …/rates` as display rows: value, threshold, pass/fail and the counts behind them. */
export function rateRows(rates: Rates): RateRow[] {
  return RATE_DEFS.map((d) => {
    const r: EvaluatedRate | undefined = rates[d.key];
    const part = rates.counts?.[d.part] ?? 0;
    const whole = rates.counts?.[d.whole] ?? 0;
    return {
      key: d.key,
      label: d.label,
      value: formatBp(r?.rateBp),
      threshold: `${d.comparator} ${formatBp(r?.thresholdBp)}`,
      pass: r?.pass ?? null,
      verdict: passLabel(r?.pass),
      counts: `${d.partLabel} ${part} / ${d.wholeLabel} ${whole}`,
      note: r && r.rateBp === null ? '样本为 0，暂无法计算' : undefined,
    };
  });
}

export const disclosureLabels: Record<keyof Disclosure, string> = {
  idNumbers: '身份证号',
  income: '收入和救助金额',
  health: '健康和病情',
  phone: '电话',
  bank: '银行账户',
};

/** The kinds of personal data the engagement keeps masked. */
export function maskedKinds(disclosure: Partial<Disclosure> | null | undefined): string[] {
  return (Object.keys(disclosureLabels) as (keyof Disclosure)[])
    .filter((k) => !disclosure?.[k])
    .map((k) => disclosureLabels[k]);
}
