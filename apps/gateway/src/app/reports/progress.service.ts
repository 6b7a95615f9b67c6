import { Injectable } from '@nestjs/common';
import {
  ROSTER_REPORTING_SUBJECTS,
  SERVICES,
  SERVICE_LABELS,
  caseSubject,
  type CaseStats,
  type ServiceName,
} from '@poverty/contracts';
import { BENXI_COUNTY, POLICIES, currentPolicy } from '@poverty/policy';
import type { Actor } from '@poverty/workflow';
import { GatewayBus } from './gateway-bus';

export const STAGES = [
  'application',
  'review',
  'publicNotice',
  'acceptance',
  'closed',
  'rejected',
  'withdrawn',
] as const;
export const STAGE_LABELS: Record<(typeof STAGES)[number], string> = {
  application: '申报',
  review: '审核',
  publicNotice: '公示',
  acceptance: '验收',
  closed: '销号',
  rejected: '驳回',
  withdrawn: '撤回',
};

export interface ServiceProgress {
  stages: Record<string, number>;
  overdue: number;
  paidCases: number;
  paidFen: number;
  closedInMonth: number;
}

export interface TownshipProgress {
  townshipCode: string;
  townshipName: string;
  services: Record<ServiceName, ServiceProgress>;
  exited: { households: number; people: number };
}

export interface Progress {
  year: number;
  month: number | null;
  townships: TownshipProgress[];
  totals: {
    services: Record<ServiceName, ServiceProgress>;
    exited: { households: number; people: number };
  };
  exitTarget: {
    households: number;
    people: number;
    householdsPct: number | null;
    peoplePct: number | null;
  };
  /** Services that did not answer: their figures are missing, not zero. */
  unavailable: string[];
  generatedAt: string;
}

const emptyService = (): ServiceProgress => ({
  stages: Object.fromEntries(STAGES.map((s) => [s, 0])),
  overdue: 0,
  paidCases: 0,
  paidFen: 0,
  closedInMonth: 0,
});
const emptyServices = () =>
  Object.fromEntries(SERVICES.map((s) => [s, emptyService()])) as Record<
    ServiceName,
    ServiceProgress
  >;

/**
 * County progress: every service's counts per township × stage, overdue reviews and amounts paid
 * (asked of each service over `case.<service>.stats`), and exits against the year's target.
 */
@Injectable()
export class ProgressService {
  constructor(private readonly gateway: GatewayBus) {}

  async progress(
    actor: Actor,
    year: number,
    month: number | null = null,
  ): Promise<Progress> {
    const bus = this.gateway.bus;
    const payload = month ? { year, month } : { year };
    const [stats, exits] = await Promise.all([
      Promise.all(
        SERVICES.map(async (service) => ({
          service,
          stats: await bus.tryRequest<CaseStats>(
            caseSubject(service, 'stats'),
            actor,
            payload,
          ),
        })),
      ),
      bus.tryRequest<{
        items: Array<{
          townshipCode: string;
          households: number;
          people: number;
        }>;
      }>(ROSTER_REPORTING_SUBJECTS.exitProgress, actor, { year }),
    ]);
    const townships = new Map<string, TownshipProgress>(
      BENXI_COUNTY.townships.map((t) => [
        t.code,
        {
          townshipCode: t.code,
          townshipName: t.name,
          services: emptyServices(),
          exited: { households: 0, people: 0 },
        },
      ]),
    );
    const totals = {
      services: emptyServices(),
      exited: { households: 0, people: 0 },
    };
    const at = (code: string) => townships.get(code);
    for (const { service, stats: s } of stats) {
      if (!s) continue;
      for (const r of s.byStage) {
        const t = at(r.townshipCode);
        if (t)
          t.services[service].stages[r.stage] =
            (t.services[service].stages[r.stage] ?? 0) + r.count;
        totals.services[service].stages[r.stage] =
          (totals.services[service].stages[r.stage] ?? 0) + r.count;
      }
      for (const r of s.overdue) {
        const t = at(r.townshipCode);
        if (t) t.services[service].overdue += r.count;
        totals.services[service].overdue += r.count;
      }
      for (const r of s.paid) {
        const t = at(r.townshipCode);
        if (t) {
          t.services[service].paidCases += r.cases;
          t.services[service].paidFen += r.amountFen;
        }
        totals.services[service].paidCases += r.cases;
        totals.services[service].paidFen += r.amountFen;
      }
      for (const r of s.closedInMonth) {
        const t = at(r.townshipCode);
        if (t) t.services[service].closedInMonth += r.count;
        totals.services[service].closedInMonth += r.count;
      }
    }
    for (const r of exits?.items ?? []) {
      const t = at(r.townshipCode);
      if (t) t.exited = { households: r.households, people: r.people };
      totals.exited.households += r.households;
      totals.exited.people += r.people;
    }
    const target = (POLICIES.find((p) => p.year === year) ?? currentPolicy())
      .exitTarget;
    const pct = (done: number, of: number) =>
      of > 0 ? Math.round((done * 10_000) / of) / 100 : null;
    return {
      year,
      month,
      townships: [...townships.values()],
      totals,
      exitTarget: {
        ...target,
        householdsPct: pct(totals.exited.households, target.households),
        peoplePct: pct(totals.exited.people, target.people),
      },
      unavailable: [
        ...stats.filter((s) => !s.stats).map((s) => s.service),
        ...(exits ? [] : ['identification (roster)']),
      ],
      generatedAt: new Date().toISOString(),
    };
  }
}

export { SERVICE_LABELS };
