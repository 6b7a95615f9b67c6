import { formatPercent } from '../../../lib/format';

/** 三率一度 and other rate keys the evaluation API may answer with. */
export const rateLabels: Record<string, string> = {
  wrongExitRate: '错退率',
  wronglyExitedRate: '错退率',
  missedRate: '漏评率',
  missedHouseholdRate: '漏评率',
  povertyIncidence: '综合贫困发生率',
  incidenceRate: '综合贫困发生率',
  satisfactionRate: '群众认可度',
  recognitionRate: '群众认可度',
  satisfaction: '群众认可度',
  sampled: '已抽样户数',
  sampleSize: '样本户数',
  assessed: '已评估户数',
  findings: '已录入结论数',
};

/** Ratios (0–1) as percentages, counts as they are. */
export function formatRate(key: string, value: unknown): string {
  if (typeof value === 'number') {
    if (/rate|incidence|satisfaction/i.test(key) && value >= 0 && value <= 1) return formatPercent(value, 2);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function rateEntries(rates: Record<string, unknown>): { key: string; label: string; value: string }[] {
  return Object.entries(rates)
    .filter(([, v]) => typeof v !== 'object' || v === null)
    .map(([key, v]) => ({ key, label: rateLabels[key] ?? key, value: formatRate(key, v) }));
}
