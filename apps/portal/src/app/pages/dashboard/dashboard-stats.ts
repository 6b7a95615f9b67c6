import type { ProgressStats, ServiceCode, StageCode } from '../../../api/types';

export interface TownshipRow {
  townshipCode: string;
  townshipName: string;
  byStage: Partial<Record<StageCode, number>>;
  total: number;
  overdue: number;
}

/** Township × stage counts for one service (or all), with overdue counts, in administrative-code order. */
export function townshipMatrix(stats: ProgressStats, service: ServiceCode | ''): TownshipRow[] {
  const rows = new Map<string, TownshipRow>();
  const row = (code: string, name: string) => {
    let r = rows.get(code);
    if (!r) {
      r = { townshipCode: code, townshipName: name, byStage: {}, total: 0, overdue: 0 };
      rows.set(code, r);
    }
    if (name && !r.townshipName) r.townshipName = name;
    return r;
  };
  for (const x of stats.rows) {
    if (service && x.service !== service) continue;
    const r = row(x.townshipCode, x.townshipName);
    r.byStage[x.stage] = (r.byStage[x.stage] ?? 0) + x.count;
    r.total += x.count;
  }
  for (const o of stats.overdue) {
    if (service && o.service !== service) continue;
    row(o.townshipCode, '').overdue += o.count;
  }
  return Array.from(rows.values())
    .map((r) => ({ ...r, townshipName: r.townshipName || r.townshipCode }))
    .sort((a, b) => a.townshipCode.localeCompare(b.townshipCode));
}

export function totalsOf(rows: TownshipRow[]): TownshipRow {
  const t: TownshipRow = { townshipCode: '', townshipName: '合计', byStage: {}, total: 0, overdue: 0 };
  for (const r of rows) {
    for (const [stage, n] of Object.entries(r.byStage) as [StageCode, number][]) {
      t.byStage[stage] = (t.byStage[stage] ?? 0) + n;
    }
    t.total += r.total;
    t.overdue += r.overdue;
  }
  return t;
}
