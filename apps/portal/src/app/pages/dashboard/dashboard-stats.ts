import type { ProgressStats, ServiceCode, StageCode } from '../../../api/types';

interface GatewayServiceProgress {
  stages: Record<string, number>;
  overdue: number;
  paidFen: number;
}

/** `GET /stats/progress` as the gateway sends it: one entry per township with every service's figures. */
interface GatewayProgress {
  year: number;
  townships: {
    townshipCode: string;
    townshipName: string;
    services: Record<string, GatewayServiceProgress>;
    exited: { households: number; people: number };
  }[];
  totals: { services: Record<string, GatewayServiceProgress>; exited: { households: number; people: number } };
  exitTarget: { households: number; people: number };
}

/** The gateway's per-township progress as the flat rows the dashboard counts; the flat form passes through. */
export function normalizeProgress(raw: ProgressStats | GatewayProgress): ProgressStats {
  if (!('townships' in raw)) return raw;
  const stats: ProgressStats = {
    year: raw.year,
    rows: [],
    overdue: [],
    paid: [],
    exitTarget: {
      households: raw.exitTarget.households,
      people: raw.exitTarget.people,
      exitedHouseholds: raw.totals.exited.households,
      exitedPeople: raw.totals.exited.people,
      byTownship: [],
    },
  };
  for (const t of raw.townships) {
    for (const [service, p] of Object.entries(t.services)) {
      for (const [stage, count] of Object.entries(p.stages)) {
        if (count > 0) stats.rows.push({ townshipCode: t.townshipCode, townshipName: t.townshipName, service: service as ServiceCode, stage: stage as StageCode, count });
      }
      if (p.overdue > 0) stats.overdue.push({ townshipCode: t.townshipCode, service: service as ServiceCode, count: p.overdue });
    }
    if (t.exited.households > 0 || t.exited.people > 0) {
      stats.exitTarget.byTownship.push({ townshipCode: t.townshipCode, townshipName: t.townshipName, ...t.exited });
    }
  }
  for (const [service, p] of Object.entries(raw.totals.services)) {
    if (p.paidFen > 0) stats.paid.push({ service: service as ServiceCode, amountFen: p.paidFen });
  }
  return stats;
}

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
