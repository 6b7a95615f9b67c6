import { Injectable } from '@nestjs/common';
import {
  ROSTER_DISPATCH_SUBJECT,
  ROSTER_REPORTING_SUBJECTS,
  SERVICES,
  caseSubject,
  type CaseDispatchFigures,
  type RosterDispatchFigures,
  type ServiceName,
} from '@poverty/contracts';
import { BENXI_COUNTY, POLICIES, currentPolicy } from '@poverty/policy';
import type { Actor } from '@poverty/workflow';
import { GatewayBus } from './gateway-bus';

/** Stages a case is open in (申报, 审核, 公示, 验收). */
export const OPEN_STAGES = ['application', 'review', 'publicNotice', 'acceptance'] as const;

export interface ServiceDispatch {
  open: Record<(typeof OPEN_STAGES)[number], number>;
  overdue: number;
  committedFen: number;
  paidFen: number;
  closedInMonth: number;
  paidInMonthFen: number;
}

export interface TownshipDispatch {
  townshipCode: string;
  townshipName: string;
  exits: { yearHouseholds: number; yearPeople: number; monthHouseholds: number; monthPeople: number };
  services: Record<ServiceName, ServiceDispatch>;
  openCases: number;
  overdue: { cases: number; tasks: number };
  flags: { raised: number; closed: number; open: number };
  money: { committedFen: number; paidFen: number; paidInMonthFen: number };
}

/** 一月一调度: the poverty office's monthly report, per township. */
export interface MonthlyDispatch {
  year: number;
  month: number;
  /** The county's exit target for the year (the plan sets no per-township targets). */
  exitTarget: { households: number; people: number };
  townships: TownshipDispatch[];
  totals: Omit<TownshipDispatch, 'townshipCode' | 'townshipName'>;
  /** Services (or the roster) that did not answer: their figures are missing, not zero. */
  unavailable: string[];
  generatedAt: string;
}

const emptyService = (): ServiceDispatch => ({ open: { application: 0, review: 0, publicNotice: 0, acceptance: 0 }, overdue: 0, committedFen: 0, paidFen: 0, closedInMonth: 0, paidInMonthFen: 0 });

function emptyTownship(code: string, name: string): TownshipDispatch {
  return {
    townshipCode: code,
    townshipName: name,
    exits: { yearHouseholds: 0, yearPeople: 0, monthHouseholds: 0, monthPeople: 0 },
    services: Object.fromEntries(SERVICES.map((s) => [s, emptyService()])) as Record<ServiceName, ServiceDispatch>,
    openCases: 0,
    overdue: { cases: 0, tasks: 0 },
    flags: { raised: 0, closed: 0, open: 0 },
    money: { committedFen: 0, paidFen: 0, paidInMonthFen: 0 },
  };
}

/**
 * Builds the monthly dispatch from what each service says of its own cases (`case.<service>.dispatch`)
 * and what identification says of the roster and 防返贫 flags, within the caller's jurisdiction.
 */
@Injectable()
export class DispatchService {
  constructor(private readonly gateway: GatewayBus) {}

  async monthly(actor: Actor, year: number, month: number, requested?: string): Promise<MonthlyDispatch> {
    const bus = this.gateway.bus;
    // A township reviewer's report is their township's (the services scope the figures anyway).
    const own = actor.roles.includes('township_reviewer') && !actor.roles.some((r) => r === 'county_officer' || r === 'auditor') ? actor.townshipCode : undefined;
    const township = requested ?? own;
    const payload = { year, month, ...(township ? { township } : {}) };
    const [figures, roster, exits] = await Promise.all([
      Promise.all(SERVICES.map(async (service) => ({ service, figures: await bus.tryRequest<CaseDispatchFigures>(caseSubject(service, 'dispatch'), actor, payload) }))),
      bus.tryRequest<RosterDispatchFigures>(ROSTER_DISPATCH_SUBJECT, actor, payload),
      bus.tryRequest<{ items: Array<{ townshipCode: string; households: number; people: number }> }>(ROSTER_REPORTING_SUBJECTS.exitProgress, actor, { year }),
    ]);
    const townships = new Map(
      BENXI_COUNTY.townships.filter((t) => !township || t.code === township).map((t) => [t.code, emptyTownship(t.code, t.name)]),
    );
    for (const { service, figures: f } of figures) {
      for (const row of f?.townships ?? []) {
        const t = townships.get(row.townshipCode);
        if (!t) continue;
        const s = t.services[service];
        for (const stage of OPEN_STAGES) s.open[stage] = row.open[stage] ?? 0;
        Object.assign(s, { overdue: row.overdue, committedFen: row.committedFen, paidFen: row.paidFen, closedInMonth: row.closedInMonth, paidInMonthFen: row.paidInMonthFen });
      }
    }
    for (const row of roster?.townships ?? []) {
      const t = townships.get(row.townshipCode);
      if (!t) continue;
      t.exits.monthHouseholds = row.exitedInMonth.households;
      t.exits.monthPeople = row.exitedInMonth.people;
      t.flags = { raised: row.flagsRaised, closed: row.flagsClosed, open: row.flagsOpen };
      t.overdue.tasks = row.tasksOverdue;
    }
    for (const row of exits?.items ?? []) {
      const t = townships.get(row.townshipCode);
      if (t) Object.assign(t.exits, { yearHouseholds: row.households, yearPeople: row.people });
    }
    const list = [...townships.values()];
    for (const t of list) {
      for (const service of SERVICES) {
        const s = t.services[service];
        t.openCases += OPEN_STAGES.reduce((n, stage) => n + s.open[stage], 0);
        t.overdue.cases += s.overdue;
        t.money.committedFen += s.committedFen;
        t.money.paidFen += s.paidFen;
        t.money.paidInMonthFen += s.paidInMonthFen;
      }
    }
    const totals = emptyTownship('', '');
    for (const t of list) {
      for (const key of ['yearHouseholds', 'yearPeople', 'monthHouseholds', 'monthPeople'] as const) totals.exits[key] += t.exits[key];
      for (const service of SERVICES) {
        const s = totals.services[service];
        const from = t.services[service];
        for (const stage of OPEN_STAGES) s.open[stage] += from.open[stage];
        for (const key of ['overdue', 'committedFen', 'paidFen', 'closedInMonth', 'paidInMonthFen'] as const) s[key] += from[key];
      }
      totals.openCases += t.openCases;
      totals.overdue.cases += t.overdue.cases;
      totals.overdue.tasks += t.overdue.tasks;
      for (const key of ['raised', 'closed', 'open'] as const) totals.flags[key] += t.flags[key];
      for (const key of ['committedFen', 'paidFen', 'paidInMonthFen'] as const) totals.money[key] += t.money[key];
    }
    const { townshipCode: _c, townshipName: _n, ...rest } = totals;
    const target = (POLICIES.find((p) => p.year === year) ?? currentPolicy()).exitTarget;
    return {
      year,
      month,
      exitTarget: { households: target.households, people: target.people },
      townships: list,
      totals: rest,
      unavailable: [
        ...figures.filter((f) => f.figures === null).map((f) => f.service),
        ...(roster === null || exits === null ? ['identification.roster'] : []),
      ],
      generatedAt: new Date().toISOString(),
    };
  }
}
