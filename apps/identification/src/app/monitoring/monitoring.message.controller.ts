import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { MikroORM } from '@mikro-orm/postgresql';
import { ERROR, FLAG_PERSONAL_FIELDS, MONITORING_SUBJECTS, ROSTER_DISPATCH_SUBJECT, closeTaskRequestSchema, errorBody, listFlagsSchema, rosterDispatchSchema, type RiskFlagView, type RosterDispatchFigures } from '@poverty/contracts';
import { maskPersonalData } from '@poverty/policy';
import { SqlDatabase, SqlWhere } from '@poverty/persistence';
import { PRINCIPAL_KEY, unpack } from '@poverty/service-kit';
import type { Actor } from '@poverty/workflow';

/** The flags an actor may see: their village, their township, or the county (county officers, auditors). */
function scope(actor: Actor): SqlWhere {
  const where = new SqlWhere();
  if (actor.roles.some((r) => r === 'county_officer' || r === 'auditor' || r === 'admin' || r === 'system')) return where.add('true');
  if (actor.roles.includes('township_reviewer') && actor.townshipCode) return where.add('f.township_code = ?', actor.townshipCode);
  if (actor.roles.includes('village_officer') && actor.villageCode) return where.add('f.village_code = ?', actor.villageCode);
  return where.add('false');
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** A flag with its task, the household's own figures masked. */
export function flagView(r: Record<string, any>, now: Date): RiskFlagView {
  const { data } = maskPersonalData({ figures: r.figures }, FLAG_PERSONAL_FIELDS);
  return {
    id: r.id,
    householdId: r.household_id,
    headName: r.head_name ?? null,
    townshipCode: r.township_code,
    villageCode: r.village_code,
    rule: r.rule,
    label: r.label,
    reason: r.reason,
    figures: data.figures,
    sourceService: r.source_service,
    sourceCaseId: r.source_case_id,
    status: r.status,
    raisedAt: iso(r.raised_at)!,
    closedAt: iso(r.closed_at),
    task: {
      id: r.task_id,
      status: r.task_status,
      dueAt: iso(r.due_at)!,
      overdue: r.task_status === 'open' && new Date(r.due_at).getTime() < now.getTime(),
      measureKind: r.measure_kind,
      measure: r.measure,
      closedBy: r.closed_by,
      closedByName: r.closed_by_name,
      closedAt: iso(r.task_closed_at),
    },
  };
}

const FLAG_SELECT = `select f.*, h.head_name, t.id as task_id, t.status as task_status, t.due_at, t.measure_kind, t.measure, t.closed_by, t.closed_by_name, t.closed_at as task_closed_at
  from identification.risk_flag f join identification.follow_up_task t on t.flag_id = f.id left join identification.household h on h.id = f.household_id`;

/** Flags of one household, oldest first, for its timeline (within the actor's scope). */
export async function householdFlags(db: { all: (text: string, params: unknown[]) => Promise<any[]> }, actor: Actor, householdId: string): Promise<RiskFlagView[]> {
  const where = scope(actor).add('f.household_id = ?', householdId);
  const rows = await db.all(`${FLAG_SELECT} ${where.toSql()} order by f.raised_at`, where.params);
  const now = new Date();
  return rows.map((r) => flagView(r, now));
}

/** 防返贫 flags and their follow-up tasks, answered over NATS to the gateway. */
@Controller()
export class MonitoringMessageController {
  private readonly db: SqlDatabase;

  constructor(orm: MikroORM, @Inject(PRINCIPAL_KEY) private readonly principalKey: string) {
    this.db = new SqlDatabase(orm);
  }

  @MessagePattern(MONITORING_SUBJECTS.flags)
  async flags(@Payload() message: unknown) {
    const { actor, payload } = unpack(message, listFlagsSchema, this.principalKey);
    const where = scope(actor!)
      .addIf(payload.township, 'f.township_code = ?')
      .addIf(payload.village, 'f.village_code = ?')
      .addIf(payload.householdId, 'f.household_id = ?')
      .addIf(payload.status, 'f.status = ?');
    return this.db.read(async (sql) => {
      const [{ count }] = await sql.all(`select count(*)::int as count from identification.risk_flag f ${where.toSql()}`, where.params);
      const rows = await sql.all(`${FLAG_SELECT} ${where.toSql()} order by t.status desc, t.due_at, f.id limit ? offset ?`, [...where.params, payload.pageSize, (payload.page - 1) * payload.pageSize]);
      const now = new Date();
      return { items: rows.map((r) => flagView(r, now)), total: count, page: payload.page, pageSize: payload.pageSize };
    });
  }

  /**
   * The roster's part of the monthly dispatch, per township: households (and people) that left
   * poverty in the month, by the status history, and 防返贫 flags raised and closed in the month,
   * open now, and open tasks past their due date now.
   */
  @MessagePattern(ROSTER_DISPATCH_SUBJECT)
  async dispatch(@Payload() message: unknown) {
    const { actor, payload } = unpack(message, rosterDispatchSchema, this.principalKey);
    const from = new Date(Date.UTC(payload.year, payload.month - 1, 1)).toISOString();
    const to = new Date(Date.UTC(payload.year, payload.month, 1)).toISOString();
    const flags = scope(actor!).addIf(payload.township, 'f.township_code = ?');
    const households = scope(actor!).addIf(payload.township, 'f.township_code = ?');
    return this.db.read(async (sql) => {
      const exits = await sql.all(
        `select f.township_code, count(distinct f.id)::int as households, coalesce(sum(f.size),0)::int as people
           from identification.household f
          where f.id in (select household_id from identification.household_status_change where to_status = 'exited' and at >= ? and at < ?)
            and ${households.clauses.join(' and ')}
          group by f.township_code`,
        [from, to, ...households.params],
      );
      const counts = await sql.all(
        `select f.township_code,
                count(*) filter (where f.raised_at >= ? and f.raised_at < ?)::int as raised,
                count(*) filter (where f.closed_at >= ? and f.closed_at < ?)::int as closed,
                count(*) filter (where f.status = 'open')::int as open,
                count(*) filter (where t.status = 'open' and t.due_at < now())::int as overdue
           from identification.risk_flag f join identification.follow_up_task t on t.flag_id = f.id
          ${flags.toSql()}
          group by f.township_code`,
        [from, to, from, to, ...flags.params],
      );
      const towns = new Map<string, RosterDispatchFigures['townships'][number]>();
      const town = (code: string) => {
        const t = towns.get(code) ?? { townshipCode: code, exitedInMonth: { households: 0, people: 0 }, flagsRaised: 0, flagsClosed: 0, flagsOpen: 0, tasksOverdue: 0 };
        towns.set(code, t);
        return t;
      };
      for (const r of exits) town(r.township_code).exitedInMonth = { households: r.households, people: r.people };
      for (const r of counts) Object.assign(town(r.township_code), { flagsRaised: r.raised, flagsClosed: r.closed, flagsOpen: r.open, tasksOverdue: r.overdue });
      const result: RosterDispatchFigures = { year: payload.year, month: payload.month, townships: [...towns.values()] };
      return result;
    });
  }

  /** Closes a task with the measure taken; only a village officer of the household's village. */
  @MessagePattern(MONITORING_SUBJECTS.closeTask)
  async closeTask(@Payload() message: unknown) {
    const { actor, payload } = unpack(message, closeTaskRequestSchema, this.principalKey);
    const who = actor!;
    return this.db.transaction(async (sql) => {
      // Outside the caller's scope a task does not exist (404), as cases do.
      const where = scope(who).add('t.id = ?', payload.taskId);
      const [task] = await sql.all(
        `select t.* from identification.follow_up_task t join identification.risk_flag f on f.id = t.flag_id ${where.toSql()} for update of t`,
        where.params,
      );
      if (!task) throw new RpcException(errorBody(ERROR.NOT_FOUND, 'Task not found'));
      if (!(who.roles.includes('village_officer') && who.villageCode === task.village_code)) {
        throw new RpcException(errorBody(ERROR.FORBIDDEN, "Only a village officer of the household's village closes its follow-up"));
      }
      if (task.status !== 'open') throw new RpcException(errorBody('MONITORING.TASK_CLOSED', 'This follow-up task is already closed'));
      const at = new Date().toISOString();
      await sql.run(
        `update identification.follow_up_task set status = 'closed', measure_kind = ?, measure = ?, closed_by = ?, closed_by_name = ?, closed_at = ? where id = ?`,
        [payload.measureKind, payload.measure, who.userId, who.displayName ?? null, at, task.id],
      );
      await sql.run(`update identification.risk_flag set status = 'closed', closed_at = ? where id = ?`, [at, task.flag_id]);
      const [row] = await sql.all(`${FLAG_SELECT} where f.id = ?`, [task.flag_id]);
      return flagView(row, new Date(at));
    });
  }
}
