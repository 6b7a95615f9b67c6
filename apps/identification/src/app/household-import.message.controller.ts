import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import {
  ERROR,
  HOUSEHOLD_REGISTERED,
  HOUSEHOLD_STATUS_CHANGED,
  ROSTER_IMPORT_SUBJECTS,
  errorBody,
  importIdSchema,
  importStageSchema,
  type ImportCheckResult,
  type ImportCommitResult,
  type ImportRowError,
} from '@poverty/contracts';
import { PRINCIPAL_KEY, personKey, reply, unpack } from '@poverty/service-kit';
import type { Actor } from '@poverty/workflow';

/** Column names of the 建档立卡 sheet, for errors only the roster can find. */
const ID_COLUMN = '身份证号';
const REGISTRY_COLUMN = '户编号';
const MAX_LISTED_ERRORS = 1_000;

/** Imports may be run by the poverty office (and the system, for tools). */
function mayImport(actor: Actor | null): boolean {
  return (
    !!actor &&
    (actor.roles.includes('system') ||
      (actor.roles.includes('county_officer') &&
        actor.department === 'poverty_office') ||
      actor.roles.includes('admin'))
  );
}

/** Throws the FORBIDDEN reply unless the actor may import. */
function assertMayImport(actor: Actor | null): void {
  if (!mayImport(actor))
    reply({
      ok: false,
      error: errorBody(
        ERROR.FORBIDDEN,
        'Only the county poverty office imports households',
      ),
    });
}

type Sql = (
  text: string,
  params: unknown[],
  method?: 'all' | 'run',
) => Promise<any>;

/** The staged rows only the roster can refuse: ID numbers and 户编号 repeated in the file or already registered. */
async function rosterErrors(
  sql: Sql,
  importId: string,
): Promise<ImportRowError[]> {
  const payload = { importId };
  const members = `(select r.line as household_line, r.household->>'registryNo' as registry_no, m.value->>'idNumber' as id_number,
  coalesce((m.value->>'line')::int, r.line) as line
    from identification.household_import_row r, jsonb_array_elements(r.household->'members') m where r.import_id = ?)`;
  const errors: ImportRowError[] = [];
  const collect = (rows: any[], field: string, message: (r: any) => string) =>
    rows.forEach((r) =>
      errors.push({ line: Number(r.line), field, message: message(r) }),
    );
  collect(
    await sql(
      `with m as ${members} select line, first_line from (select line, min(line) over (partition by id_number) as first_line from m) x where line <> first_line order by line`,
      [payload.importId],
    ),
    ID_COLUMN,
    (r) => `the same ID number is already on line ${r.first_line}`,
  );
  collect(
    await sql(
      `with m as ${members} select m.line from m join identification.household_member hm on hm.id_number = m.id_number order by m.line`,
      [payload.importId],
    ),
    ID_COLUMN,
    () => 'this person is already in the roster',
  );
  collect(
    await sql(
      `select line, first_line from (select line, min(line) over (partition by household->>'registryNo') as first_line from identification.household_import_row where import_id = ?) x where line <> first_line order by line`,
      [payload.importId],
    ),
    REGISTRY_COLUMN,
    (r) =>
      `户编号 already used by the household on line ${r.first_line} (a household's rows must be consecutive)`,
  );
  collect(
    await sql(
      `select r.line from identification.household_import_row r join identification.household h on h.registry_no = r.household->>'registryNo' where r.import_id = ? order by r.line`,
      [payload.importId],
    ),
    REGISTRY_COLUMN,
    () => '户编号 is already in the roster',
  );
  return errors.sort((a, b) => a.line - b.line);
}

/**
 * Imports households from a county's 建档立卡 sheet, all-or-nothing. The gateway streams the file,
 * validates each row and sends valid households here in batches, which are staged (never yet in the
 * roster). Commit checks what only the roster can know (ID numbers and 户编号 already registered or
 * repeated in the file) and then moves every staged household into the roster, with its
 * `household registered` events, in ONE transaction — or none of them.
 */
@Controller()
export class HouseholdImportMessageController {
  constructor(
    private readonly orm: MikroORM,
    @Inject(PRINCIPAL_KEY) private readonly principalKey: string,
  ) {}

  @MessagePattern(ROSTER_IMPORT_SUBJECTS.stage)
  async stage(@Payload() message: unknown) {
    const { actor, payload } = unpack(
      message,
      importStageSchema,
      this.principalKey,
    );
    assertMayImport(actor);
    if (payload.households.length === 0) return { staged: 0 };
    const stagedAt = new Date().toISOString();
    const rows = payload.households.map((h) => ({
      id: randomUUID(),
      import_id: payload.importId,
      line: h.line,
      household: {
        ...h,
        householdId: randomUUID(),
        memberKeys: h.members.map((m) => personKey(m.idNumber)),
      },
      staged_at: stagedAt,
    }));
    await this.orm.em
      .fork()
      .getConnection()
      .execute(
        `insert into identification.household_import_row (id, import_id, line, household, staged_at)
         select id, import_id, line, household, staged_at from jsonb_to_recordset(?::jsonb)
           as r(id uuid, import_id uuid, line int, household jsonb, staged_at timestamptz)`,
        [JSON.stringify(rows)],
        'run',
      );
    return { staged: rows.length };
  }

  @MessagePattern(ROSTER_IMPORT_SUBJECTS.abort)
  async abort(@Payload() message: unknown) {
    const { actor, payload } = unpack(
      message,
      importIdSchema,
      this.principalKey,
    );
    assertMayImport(actor);
    await this.orm.em
      .fork()
      .getConnection()
      .execute(
        `delete from identification.household_import_row where import_id = ?`,
        [payload.importId],
        'run',
      );
    return { aborted: true };
  }

  @MessagePattern(ROSTER_IMPORT_SUBJECTS.check)
  async check(@Payload() message: unknown): Promise<ImportCheckResult> {
    const { actor, payload } = unpack(
      message,
      importIdSchema,
      this.principalKey,
    );
    assertMayImport(actor);
    const conn = this.orm.em.fork().getConnection();
    const errors = await rosterErrors(
      (text, params, method = 'all') => conn.execute<any>(text, params, method),
      payload.importId,
    );
    return {
      errors: errors.slice(0, MAX_LISTED_ERRORS),
      errorCount: errors.length,
    };
  }

  @MessagePattern(ROSTER_IMPORT_SUBJECTS.commit)
  async commit(@Payload() message: unknown): Promise<ImportCommitResult> {
    const { actor, payload } = unpack(
      message,
      importIdSchema,
      this.principalKey,
    );
    assertMayImport(actor);
    const em = this.orm.em.fork() as EntityManager;
    return em.transactional(async (tem) => {
      const conn = tem.getConnection();
      const ctx = tem.getTransactionContext();
      const sql = (
        text: string,
        params: unknown[],
        method: 'all' | 'run' = 'all',
      ) => conn.execute<any>(text, params, method, ctx);
      // One import at a time: the duplicate checks below must see every committed roster row.
      await sql(
        `select pg_advisory_xact_lock(hashtext('identification.household_import'))`,
        [],
      );
      const errors = await rosterErrors(sql, payload.importId);
      if (errors.length > 0) {
        return {
          ok: false as const,
          errors: errors.slice(0, MAX_LISTED_ERRORS),
          errorCount: errors.length,
        };
      }
      const staged = `(select r.household as h, r.line from identification.household_import_row r where r.import_id = ?)`;
      const at = new Date().toISOString();
      await sql(
        `with s as ${staged}
         insert into identification.household (id, case_id, import_id, registry_no, exit_year, township_code, village_code, head_name, size, attribute, poverty_cause,
           per_capita_net_income_yuan, housing_grade, status, year, registered_at, updated_at)
         select (h->>'householdId')::uuid, null, ?::uuid, h->>'registryNo', (h->>'exitYear')::int, h->>'townshipCode', h->>'villageCode',
           h->'members'->0->>'name', jsonb_array_length(h->'members'), h->>'attribute', h->>'povertyCause',
           (h->>'perCapitaNetIncomeYuan')::int, h->>'housingGrade', h->>'status', (h->>'year')::int, ?::timestamptz, ?::timestamptz
         from s`,
        [payload.importId, payload.importId, at, at],
        'run',
      );
      const [{ households }] = await sql(
        `select count(*)::int as households from identification.household where import_id = ?`,
        [payload.importId],
      );
      const [{ people }] = await sql(
        `with s as ${staged}, ins as (
           insert into identification.household_member (id, household_id, name, id_number, relation)
           select gen_random_uuid(), (h->>'householdId')::uuid, m.value->>'name', m.value->>'idNumber', m.value->>'relation'
           from s, jsonb_array_elements(h->'members') m returning 1)
         select count(*)::int as people from ins`,
        [payload.importId],
      );
      // Other services learn of each household as if a case had registered it; exits follow as status changes.
      await sql(
        `with s as ${staged}
         insert into identification.outbox (id, subject, payload, created_at)
         select gen_random_uuid(), ?, jsonb_build_object('name', 'household.registered', 'householdId', h->>'householdId', 'caseId', ?::text,
             'townshipCode', h->>'townshipCode', 'villageCode', h->>'villageCode', 'headName', h->'members'->0->>'name',
             'size', jsonb_array_length(h->'members'), 'attribute', h->>'attribute', 'housingGrade', h->'housingGrade', 'registeredAt', ?::text,
             'importId', ?::text,
             'members', (select jsonb_agg(jsonb_build_object('personKey', k.value, 'relation', h->'members'->((k.ordinality - 1)::int)->>'relation'))
                         from jsonb_array_elements_text(h->'memberKeys') with ordinality k)), now()
         from s order by line`,
        [
          payload.importId,
          HOUSEHOLD_REGISTERED,
          payload.importId,
          at,
          payload.importId,
        ],
        'run',
      );
      await sql(
        `with s as ${staged}
         insert into identification.household_status_change (id, household_id, from_status, to_status, cause, case_id, at)
         select gen_random_uuid(), (h->>'householdId')::uuid, 'notExited', h->>'status', 'import', ?::uuid, ?::timestamptz from s where h->>'status' <> 'notExited'`,
        [payload.importId, payload.importId, at],
        'run',
      );
      await sql(
        `with s as ${staged}
         insert into identification.outbox (id, subject, payload, created_at)
         select gen_random_uuid(), ?, jsonb_build_object('name', 'household.statusChanged', 'householdId', h->>'householdId', 'from', 'notExited',
             'to', h->>'status', 'cause', case when h->>'status' = 'exited' then 'exit' else 'returnToPoverty' end, 'caseId', ?::text, 'at', ?::text), now() + interval '1 millisecond'
         from s where h->>'status' <> 'notExited' order by line`,
        [payload.importId, HOUSEHOLD_STATUS_CHANGED, payload.importId, at],
        'run',
      );
      await sql(
        `delete from identification.household_import_row where import_id = ?`,
        [payload.importId],
        'run',
      );
      return { ok: true as const, households, people };
    });
  }
}
