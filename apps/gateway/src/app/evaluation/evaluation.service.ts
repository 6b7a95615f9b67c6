import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  ERROR,
  ROSTER_REPORTING_SUBJECTS,
  ROSTER_SUBJECTS,
  SERVICES,
  caseSubject,
  type ExitedFrameItem,
} from '@poverty/contracts';
import {
  BENXI_COUNTY,
  PERSONAL_DATA_KINDS,
  POLICIES,
  computeThreeRatesOneDegree,
  currentPolicy,
  findTownship,
  type EvaluationCounts,
} from '@poverty/policy';
import type { Actor } from '@poverty/workflow';
import { ApiError } from '../common/api-error';
import type { RequestMeta } from '../common/request-context';
import { GatewayBus } from '../reports/gateway-bus';
import type { Disclosure } from './evaluation.entities';
import type {
  CreateEngagementRequest,
  FindingRequest,
} from './evaluation.schemas';
import { maskRecord, NOTHING_DISCLOSED } from './masking';
import { drawStratifiedSample } from './sampling';

export interface EngagementView {
  id: string;
  name: string;
  organisation: string;
  evaluators: Array<{ id: string; username: string }>;
  startsAt: string;
  endsAt: string;
  townshipCodes: string[];
  year: number;
  sampleRateBp: number;
  disclosure: Disclosure;
  seed: string | null;
  sampledAt: string | null;
  createdBy: string;
  createdAt: string;
  open: boolean;
}

const refused = (
  statusCode: number,
  code: string,
  message: string,
  field?: string,
) => new ApiError({ statusCode, code, message, ...(field ? { field } : {}) });

const notFound = () => ApiError.of(ERROR.NOT_FOUND, 'Engagement not found');

/**
 * Third-party evaluation: engagements, their frozen samples, verification records (read through the
 * services, masked, every read logged), findings and 三率一度. The gateway is where an evaluator's
 * sample and window are enforced; the services are asked with a read-only (auditor) principal that
 * names the evaluator.
 */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly orm: MikroORM,
    private readonly gateway: GatewayBus,
  ) {}

  private conn() {
    return this.orm.em.fork().getConnection();
  }

  private view(r: Record<string, any>, now = new Date()): EngagementView {
    return {
      id: r.id,
      name: r.name,
      organisation: r.organisation,
      evaluators: r.evaluators,
      startsAt: new Date(r.starts_at).toISOString(),
      endsAt: new Date(r.ends_at).toISOString(),
      townshipCodes: r.township_codes,
      year: r.year,
      sampleRateBp: r.sample_rate_bp,
      disclosure: { ...NOTHING_DISCLOSED, ...r.disclosure },
      seed: r.seed,
      sampledAt: r.sampled_at ? new Date(r.sampled_at).toISOString() : null,
      createdBy: r.created_by,
      createdAt: new Date(r.created_at).toISOString(),
      open: new Date(r.starts_at) <= now && now < new Date(r.ends_at),
    };
  }

  private assertPovertyOffice(actor: Actor) {
    if (
      !(
        actor.roles.includes('county_officer') &&
        actor.department === 'poverty_office'
      )
    ) {
      throw ApiError.of(
        ERROR.FORBIDDEN,
        'Only the county poverty office manages evaluation engagements',
      );
    }
  }

  async create(
    actor: Actor,
    input: CreateEngagementRequest,
  ): Promise<EngagementView> {
    this.assertPovertyOffice(actor);
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt)
      throw ApiError.of(
        ERROR.VALIDATION,
        'endsAt: the window must end after it starts',
        { field: 'endsAt' },
      );
    input.townshipCodes.forEach((code, i) => {
      if (!findTownship(code))
        throw ApiError.of(
          ERROR.VALIDATION,
          `townshipCodes.${i}: not a township of ${BENXI_COUNTY.name}`,
          { field: `townshipCodes.${i}` },
        );
    });
    const usernames = [...new Set(input.evaluators)];
    const accounts: Array<{
      id: string;
      username: string;
      roles: string[];
      disabled: boolean;
    }> = await this.conn().execute(
      `select id, username, roles, disabled from gateway.account where username in (${usernames.map(() => '?').join(',')})`,
      usernames,
    );
    usernames.forEach((username, i) => {
      const account = accounts.find((a) => a.username === username);
      if (
        !account ||
        account.disabled ||
        !account.roles.includes('evaluator')
      ) {
        throw ApiError.of(
          ERROR.VALIDATION,
          `evaluators.${i}: not an active evaluator account`,
          { field: `evaluators.${i}` },
        );
      }
    });
    const id = randomUUID();
    const evaluators = usernames.map((u) => ({
      id: accounts.find((a) => a.username === u)!.id,
      username: u,
    }));
    await this.conn().execute(
      `insert into gateway.engagement (id, name, organisation, evaluators, starts_at, ends_at, township_codes, year, sample_rate_bp, disclosure, created_by, created_at)
       values (?,?,?,?,?,?,?,?,?,?,?,now())`,
      [
        id,
        input.name,
        input.organisation,
        JSON.stringify(evaluators),
        startsAt.toISOString(),
        endsAt.toISOString(),
        JSON.stringify([...new Set(input.townshipCodes)]),
        input.year,
        input.sampleRateBp,
        JSON.stringify({ ...NOTHING_DISCLOSED, ...input.disclosure }),
        actor.userId,
      ],
      'run',
    );
    return this.get(actor, id);
  }

  async list(actor: Actor): Promise<{ items: EngagementView[] }> {
    const rows: any[] = await this.conn().execute(
      `select * from gateway.engagement order by created_at desc limit 500`,
      [],
    );
    const now = new Date();
    const items = rows
      .map((r) => this.view(r, now))
      .filter(
        (e) =>
          !this.isEvaluatorOnly(actor) ||
          e.evaluators.some((x) => x.id === actor.userId),
      );
    return { items };
  }

  private isEvaluatorOnly(actor: Actor): boolean {
    return (
      actor.roles.includes('evaluator') &&
      !actor.roles.some((r) => r === 'county_officer' || r === 'auditor')
    );
  }

  /**
   * The engagement as the actor may see it. An evaluator sees only engagements naming them (404
   * otherwise), and only inside the window (403 EVALUATION.OUTSIDE_WINDOW before and after).
   */
  async get(actor: Actor, id: string): Promise<EngagementView> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
    const [row] = await this.conn().execute(
      `select * from gateway.engagement where id = ?`,
      [id],
    );
    if (!row) throw notFound();
    const engagement = this.view(row);
    if (this.isEvaluatorOnly(actor)) {
      if (!engagement.evaluators.some((e) => e.id === actor.userId))
        throw notFound();
      if (!engagement.open) {
        throw refused(
          403,
          'EVALUATION.OUTSIDE_WINDOW',
          `This engagement is open from ${engagement.startsAt} until ${engagement.endsAt}; access has ended or not yet begun`,
        );
      }
    }
    return engagement;
  }

  async drawSample(actor: Actor, id: string, seedGiven: string | undefined) {
    this.assertPovertyOffice(actor);
    const engagement = await this.get(actor, id);
    if (engagement.seed)
      throw refused(
        409,
        'EVALUATION.SAMPLE_FROZEN',
        `The sample was drawn at ${engagement.sampledAt} with seed "${engagement.seed}" and is frozen`,
      );
    const frame = await this.gateway.bus.request<{ items: ExitedFrameItem[] }>(
      ROSTER_REPORTING_SUBJECTS.exitedFrame,
      actor,
      { year: engagement.year, townships: engagement.townshipCodes },
    );
    const seed = seedGiven ?? randomBytes(12).toString('hex');
    const sample = drawStratifiedSample(
      frame.items,
      seed,
      engagement.sampleRateBp,
    );
    const em = this.orm.em.fork();
    const frozen = await em.transactional(async (tem) => {
      const conn = tem.getConnection();
      const ctx = tem.getTransactionContext();
      // Only the first draw wins: a concurrent second one finds the seed already set.
      const result = await conn.execute<{ affectedRows: number }>(
        `update gateway.engagement set seed = ?, sampled_at = now() where id = ? and seed is null`,
        [seed, id],
        'run',
        ctx,
      );
      if (result.affectedRows !== 1) return false;
      if (sample.length) {
        await conn.execute(
          `insert into gateway.engagement_sample (id, engagement_id, household_id, township_code, position)
           select gen_random_uuid(), ?, household_id, township_code, position from jsonb_to_recordset(?::jsonb) as s(household_id uuid, township_code text, position int)`,
          [
            id,
            JSON.stringify(
              sample.map((s) => ({
                household_id: s.id,
                township_code: s.townshipCode,
                position: s.position,
              })),
            ),
          ],
          'run',
          ctx,
        );
      }
      return true;
    });
    if (!frozen)
      throw refused(
        409,
        'EVALUATION.SAMPLE_FROZEN',
        'The sample has already been drawn and is frozen',
      );
    return {
      ...(await this.sample(actor, id, null)),
      frameSize: frame.items.length,
    };
  }

  async sample(actor: Actor, id: string, meta: RequestMeta | null) {
    const engagement = await this.get(actor, id);
    const rows: any[] = await this.conn().execute(
      `select household_id, township_code, position from gateway.engagement_sample where engagement_id = ? order by township_code, position`,
      [id],
    );
    if (meta) await this.logRead(actor, id, 'sample', null, meta);
    const strata = new Map<string, number>();
    rows.forEach((r) =>
      strata.set(r.township_code, (strata.get(r.township_code) ?? 0) + 1),
    );
    return {
      engagementId: id,
      seed: engagement.seed,
      sampledAt: engagement.sampledAt,
      rateBp: engagement.sampleRateBp,
      strata: [...strata].map(([townshipCode, count]) => ({
        townshipCode,
        townshipName: findTownship(townshipCode)?.name ?? townshipCode,
        count,
      })),
      households: rows.map((r) => ({
        householdId: r.household_id,
        townshipCode: r.township_code,
        position: r.position,
      })),
    };
  }

  private async inSample(id: string, householdId: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(householdId)) return false;
    const rows = await this.conn().execute(
      `select 1 from gateway.engagement_sample where engagement_id = ? and household_id = ?`,
      [id, householdId],
    );
    return rows.length === 1;
  }

  private async logRead(
    actor: Actor,
    engagementId: string,
    what: string,
    householdId: string | null,
    meta: RequestMeta,
  ) {
    await this.conn().execute(
      `insert into gateway.evaluation_read (engagement_id, actor_id, actor_name, what, household_id, at, request_id, client_ip) values (?,?,?,?,?,now(),?,?)`,
      [
        engagementId,
        actor.userId,
        actor.displayName ?? null,
        what,
        householdId,
        meta.requestId || null,
        meta.clientIp,
      ],
      'run',
    );
  }

  /**
   * The verification record of one sampled household: the household, every case of it across the
   * services (data, checklist, evidence, amounts and the full transition history), masked as the
   * engagement allows. The read is logged before anything is returned.
   */
  async record(
    actor: Actor,
    id: string,
    householdId: string,
    meta: RequestMeta,
  ) {
    const engagement = await this.get(actor, id);
    if (!(await this.inSample(id, householdId)))
      throw ApiError.of(
        ERROR.NOT_FOUND,
        "Household not found in this engagement's sample",
      );
    await this.logRead(actor, id, 'record', householdId, meta);
    // The services mask every personal field unless told which kinds this engagement discloses.
    const disclosed = PERSONAL_DATA_KINDS.filter((kind) => engagement.disclosure[kind]);
    const reader: Actor = {
      userId: actor.userId,
      displayName: `${actor.displayName ?? actor.userId}（第三方评估 ${engagement.organisation}）`,
      roles: ['auditor'],
    };
    const bus = this.gateway.bus;
    const household = await bus.request<Record<string, any>>(
      ROSTER_SUBJECTS.get,
      reader,
      { householdId },
    );
    const lists = await Promise.all(
      SERVICES.map(async (service) => ({
        service,
        list: await bus.tryRequest<{ items: Array<{ id: string }> }>(
          caseSubject(service, 'list'),
          reader,
          { householdId, pageSize: 200 },
        ),
      })),
    );
    const refs = lists.flatMap(({ service, list }) =>
      (list?.items ?? []).map((c) => ({ service, id: c.id })),
    );
    if (household['caseId'] && !refs.some((r) => r.id === household['caseId']))
      refs.unshift({ service: 'identification', id: household['caseId'] });
    const cases = (
      await Promise.all(
        refs.map((r) =>
          bus
            .request<
              Record<string, any>
            >(caseSubject(r.service as any, 'get'), reader, { caseId: r.id, disclosed })
            .catch(() => null),
        ),
      )
    ).filter((c): c is Record<string, any> => c !== null);
    const record = {
      engagementId: id,
      household,
      exitCases: cases.filter((c) => c['service'] === 'exit-verification'),
      cases: cases.sort((a, b) =>
        String(a['createdAt'] ?? '').localeCompare(
          String(b['createdAt'] ?? ''),
        ),
      ),
      unavailable: lists.filter((l) => l.list === null).map((l) => l.service),
      disclosure: engagement.disclosure,
      readAt: new Date().toISOString(),
    };
    return maskRecord(record, engagement.disclosure);
  }

  async recordFinding(actor: Actor, id: string, finding: FindingRequest) {
    const engagement = await this.get(actor, id);
    if (!engagement.evaluators.some((e) => e.id === actor.userId))
      throw ApiError.of(
        ERROR.FORBIDDEN,
        "Only the engagement's evaluators record findings",
      );
    if (
      finding.kind === 'sampled' &&
      !(await this.inSample(id, finding.householdId))
    ) {
      throw ApiError.of(
        ERROR.NOT_FOUND,
        "Household not found in this engagement's sample",
        { field: 'householdId' },
      );
    }
    const subjectKey =
      finding.kind === 'sampled'
        ? finding.householdId
        : `label:${finding.label}`;
    const [row] = await this.conn().execute(
      `insert into gateway.engagement_finding (id, engagement_id, kind, subject_key, household_id, exit_verdict, missed, satisfied, notes, recorded_by, recorded_at)
       values (?,?,?,?,?,?,?,?,?,?,now())
       on conflict (engagement_id, subject_key) do update set exit_verdict = excluded.exit_verdict, missed = excluded.missed, satisfied = excluded.satisfied,
         notes = excluded.notes, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
       returning *`,
      [
        randomUUID(),
        id,
        finding.kind,
        subjectKey,
        finding.kind === 'sampled' ? finding.householdId : null,
        finding.kind === 'sampled' ? finding.exitVerdict : null,
        finding.kind === 'nonRegistered' ? finding.missed : null,
        finding.satisfied,
        finding.notes ?? null,
        actor.userId,
      ],
    );
    return findingView(row);
  }

  async findings(actor: Actor, id: string, meta: RequestMeta | null) {
    await this.get(actor, id);
    const rows: any[] = await this.conn().execute(
      `select * from gateway.engagement_finding where engagement_id = ? order by kind desc, recorded_at`,
      [id],
    );
    if (meta) await this.logRead(actor, id, 'findings', null, meta);
    return { items: rows.map(findingView) };
  }

  /** 三率一度 of the findings so far, against the thresholds of the engagement year's policy. */
  async rates(actor: Actor, id: string) {
    const engagement = await this.get(actor, id);
    const [counts] = await this.conn().execute(
      `select
         count(*) filter (where kind = 'sampled')::int as sampled_exited,
         count(*) filter (where kind = 'sampled' and exit_verdict = 'wronglyExited')::int as wrongly_exited,
         count(*) filter (where kind = 'nonRegistered')::int as surveyed_non_registered,
         count(*) filter (where kind = 'nonRegistered' and missed)::int as missed_found,
         count(*) filter (where satisfied is not null)::int as surveyed,
         count(*) filter (where satisfied)::int as satisfied
       from gateway.engagement_finding where engagement_id = ?`,
      [id],
    );
    const [{ sample_size }] = await this.conn().execute(
      `select count(*)::int as sample_size from gateway.engagement_sample where engagement_id = ?`,
      [id],
    );
    const evaluationCounts: EvaluationCounts = {
      sampledExited: counts.sampled_exited,
      wronglyExited: counts.wrongly_exited,
      surveyedNonRegistered: counts.surveyed_non_registered,
      missedFound: counts.missed_found,
      surveyed: counts.surveyed,
      satisfied: counts.satisfied,
    };
    const policy =
      POLICIES.find((p) => p.year === engagement.year) ?? currentPolicy();
    const result = computeThreeRatesOneDegree(evaluationCounts, policy);
    if (!result.ok) throw ApiError.of(result.code, result.message);
    return {
      engagementId: id,
      year: engagement.year,
      sampleSize: sample_size,
      pending: sample_size - counts.sampled_exited,
      counts: evaluationCounts,
      ...result,
    };
  }

  async reads(actor: Actor, id: string) {
    await this.get(actor, id);
    const rows: any[] = await this.conn().execute(
      `select * from gateway.evaluation_read where engagement_id = ? order by id`,
      [id],
    );
    return {
      items: rows.map((r) => ({
        id: String(r.id),
        actorId: r.actor_id,
        actorName: r.actor_name,
        what: r.what,
        householdId: r.household_id,
        at: new Date(r.at).toISOString(),
        requestId: r.request_id,
        clientIp: r.client_ip,
      })),
    };
  }

  async logReport(actor: Actor, id: string, meta: RequestMeta) {
    await this.logRead(actor, id, 'report', null, meta);
  }
}

function findingView(r: Record<string, any>) {
  return {
    id: r.id,
    kind: r.kind,
    householdId: r.household_id,
    label:
      r.kind === 'nonRegistered'
        ? String(r.subject_key).replace(/^label:/, '')
        : null,
    exitVerdict: r.exit_verdict,
    missed: r.missed,
    satisfied: r.satisfied,
    notes: r.notes,
    recordedBy: r.recorded_by,
    recordedAt: new Date(r.recorded_at).toISOString(),
  };
}
