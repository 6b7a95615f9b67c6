import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  HOUSEHOLD_EXITED,
  ROSTER_REPORTING_SUBJECTS,
  caseStatsSchema,
  exitedFrameSchema,
  type ExitedFrameItem,
  type HouseholdExitedEvent,
} from '@poverty/contracts';
import {
  PRINCIPAL_KEY,
  unpack,
  type CaseEventConsumer,
} from '@poverty/service-kit';
import type { Actor } from '@poverty/workflow';

/** County-wide readers of roster aggregates and sampling frames (no personal fields leave here). */
function countyWide(actor: Actor | null): boolean {
  return (
    !!actor &&
    actor.roles.some(
      (r) =>
        r === 'county_officer' ||
        r === 'auditor' ||
        r === 'admin' ||
        r === 'system',
    )
  );
}

/**
 * Remembers the year of each exit (the year the exit case was decided for), so evaluations and
 * progress count exits by the year they belong to, not by the day they were recorded.
 */
export const exitYearConsumer: CaseEventConsumer = {
  name: 'exit-years',
  filterSubject: HOUSEHOLD_EXITED,
  async handle(db, { payload }) {
    const exited = payload as HouseholdExitedEvent;
    await db.run(`update identification.household set exit_year = ? where id = ?`, [exited.year, exited.householdId]);
  },
};

/** Roster aggregates for reporting and the frame third-party sampling draws from. */
@Controller()
export class RosterReportingMessageController {
  constructor(
    private readonly orm: MikroORM,
    @Inject(PRINCIPAL_KEY) private readonly principalKey: string,
  ) {}

  @MessagePattern(ROSTER_REPORTING_SUBJECTS.exitedFrame)
  async exitedFrame(
    @Payload() message: unknown,
  ): Promise<{ items: ExitedFrameItem[] }> {
    const { actor, payload } = unpack(
      message,
      exitedFrameSchema,
      this.principalKey,
    );
    if (!countyWide(actor)) return { items: [] };
    const params: unknown[] = [payload.year];
    let townships = '';
    if (payload.townships?.length) {
      townships = ` and township_code in (${payload.townships.map(() => '?').join(',')})`;
      params.push(...payload.townships);
    }
    const rows = await this.orm.em
      .fork()
      .getConnection()
      .execute(
        `select id, township_code, size from identification.household where status = 'exited' and exit_year = ?${townships} order by id`,
        params,
      );
    return {
      items: rows.map((r: any) => ({
        id: r.id,
        townshipCode: r.township_code,
        size: r.size,
      })),
    };
  }

  @MessagePattern(ROSTER_REPORTING_SUBJECTS.exitProgress)
  async exitProgress(@Payload() message: unknown) {
    const { actor, payload } = unpack(
      message,
      caseStatsSchema,
      this.principalKey,
    );
    if (!countyWide(actor)) return { items: [] };
    const rows = await this.orm.em
      .fork()
      .getConnection()
      .execute(
        `select township_code, count(*)::int as households, coalesce(sum(size), 0)::int as people from identification.household
         where status = 'exited' and exit_year = ? group by township_code order by township_code`,
        [payload.year],
      );
    return {
      items: rows.map((r: any) => ({
        townshipCode: r.township_code,
        households: r.households,
        people: r.people,
      })),
    };
  }
}
