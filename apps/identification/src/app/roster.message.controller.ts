import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ERROR, ROSTER_SUBJECTS, adminCodeSchema, cursorSchema, errorBody } from '@poverty/contracts';
import { findTownship, findVillage, maskIdNumber } from '@poverty/policy';
import { PRINCIPAL_KEY, reply, unpack } from '@poverty/service-kit';
import { SqlWhere, newestFirstPage } from '@poverty/persistence';
import type { Actor } from '@poverty/workflow';
import { householdFlags } from './monitoring/monitoring.message.controller';

const listSchema = z
  .object({
    township: adminCodeSchema.optional(),
    village: adminCodeSchema.optional(),
    status: z.enum(['notExited', 'exited', 'returnedToPoverty']).optional(),
    /** Where the page starts: the `nextCursor` of the page before (newest registration first). */
    cursor: cursorSchema.optional(),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
const getSchema = z.object({ householdId: z.uuid() }).strict();

/** The roster rows an actor may see: their village, their township, or the county. */
function scope(actor: Actor): SqlWhere {
  const where = new SqlWhere();
  if (actor.roles.some((r) => r === 'county_officer' || r === 'auditor' || r === 'admin' || r === 'system')) return where.add('true');
  if (actor.roles.includes('township_reviewer') && actor.townshipCode) return where.add('township_code = ?', actor.townshipCode);
  if (actor.roles.includes('village_officer') && actor.villageCode) return where.add('village_code = ?', actor.villageCode);
  return where.add('false');
}

function householdView(r: Record<string, any>) {
  return {
    id: r.id,
    caseId: r.case_id,
    headName: r.head_name,
    townshipCode: r.township_code,
    townshipName: findTownship(r.township_code)?.name ?? r.township_code,
    villageCode: r.village_code,
    villageName: findVillage(r.village_code)?.village.name ?? r.village_code,
    size: r.size,
    attribute: r.attribute,
    povertyCause: r.poverty_cause,
    housingGrade: r.housing_grade,
    status: r.status,
    year: r.year,
    registeredAt: new Date(r.registered_at).toISOString(),
  };
}

/** The 建档立卡 roster, owned by identification, read by the gateway over NATS. */
@Controller()
export class RosterMessageController {
  constructor(private readonly orm: MikroORM, @Inject(PRINCIPAL_KEY) private readonly principalKey: string) {}

  @MessagePattern(ROSTER_SUBJECTS.list)
  async list(@Payload() message: unknown) {
    const { actor, payload } = unpack(message, listSchema, this.principalKey);
    const where = scope(actor!)
      .addIf(payload.township, 'township_code = ?')
      .addIf(payload.village, 'village_code = ?')
      .addIf(payload.status, 'status = ?');
    const conn = this.orm.em.fork().getConnection();
    return newestFirstPage((text, params) => conn.execute(text, params), {
      from: 'identification.household',
      columns: '*',
      where,
      timeColumn: 'registered_at',
      pageSize: payload.pageSize,
      cursor: payload.cursor,
      toItem: householdView,
      positionOf: (item) => ({ at: item.registeredAt, id: item.id }),
    });
  }

  @MessagePattern(ROSTER_SUBJECTS.get)
  async get(@Payload() message: unknown) {
    const { actor, payload } = unpack(message, getSchema, this.principalKey);
    const where = scope(actor!).add('id = ?', payload.householdId);
    const conn = this.orm.em.fork().getConnection();
    const [row] = await conn.execute(`select * from identification.household ${where.toSql()}`, where.params);
    if (!row) return reply({ ok: false, error: errorBody(ERROR.NOT_FOUND, 'Household not found') });
    const members = await conn.execute(`select name, id_number, relation from identification.household_member where household_id = ? order by relation = '户主' desc, name`, [row.id]);
    return {
      ...householdView(row),
      members: members.map((m: any) => ({ name: m.name, idNumberMasked: maskIdNumber(m.id_number), relation: m.relation })),
      // 防返贫 flags and their follow-up, for the household's timeline.
      riskFlags: await householdFlags({ all: (text, params) => conn.execute(text, params) }, actor!, row.id),
    };
  }
}
