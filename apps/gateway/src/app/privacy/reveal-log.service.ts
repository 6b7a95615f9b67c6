import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { RevealedField, RevealLogEntry } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import type { RequestMeta } from '../common/request-context';

export interface RevealLogQuery {
  caseId?: string;
  actorId?: string;
  service?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/**
 * The durable log of personal-data reveals, written the way evaluation reads are logged (a row in
 * the gateway schema before anything is answered), in its own append-only table because a reveal
 * is about a case and carries a reason. Holds the field's path, never its value.
 */
@Injectable()
export class RevealLog {
  constructor(private readonly orm: MikroORM) {}

  private conn() {
    return this.orm.em.fork().getConnection();
  }

  async record(actor: Actor, revealed: RevealedField, reason: string, meta: RequestMeta): Promise<{ id: string; at: string }> {
    const [row] = await this.conn().execute(
      `insert into gateway.personal_data_reveal (at, actor_id, actor_name, role, service, case_id, household_id, township_code, village_code, field, kind, reason, request_id, client_ip)
       values (now(),?,?,?,?,?,?,?,?,?,?,?,?,?) returning id, at`,
      [
        actor.userId,
        actor.displayName ?? null,
        actor.roles[0] ?? 'unknown',
        revealed.service,
        revealed.caseId,
        revealed.householdId,
        revealed.townshipCode,
        revealed.villageCode,
        revealed.field,
        revealed.kind,
        reason,
        meta.requestId || null,
        meta.clientIp,
      ],
    );
    return { id: String(row.id), at: new Date(row.at).toISOString() };
  }

  async list(query: RevealLogQuery): Promise<{ items: RevealLogEntry[]; total: number; page: number; pageSize: number }> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (value: unknown, clause: string) => {
      if (value === undefined) return;
      clauses.push(clause);
      params.push(value);
    };
    add(query.caseId, 'case_id = ?');
    add(query.actorId, 'actor_id = ?');
    add(query.service, 'service = ?');
    add(query.from, 'at >= ?');
    add(query.to, 'at < ?');
    const where = clauses.length ? `where ${clauses.join(' and ')}` : '';
    const conn = this.conn();
    const [{ count }] = await conn.execute(`select count(*)::int as count from gateway.personal_data_reveal ${where}`, params);
    const rows = await conn.execute(
      `select * from gateway.personal_data_reveal ${where} order by id desc limit ? offset ?`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    return {
      items: rows.map((r: Record<string, any>) => ({
        id: String(r.id),
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id,
        actorName: r.actor_name,
        role: r.role,
        service: r.service,
        caseId: r.case_id,
        householdId: r.household_id,
        field: r.field,
        kind: r.kind,
        reason: r.reason,
        requestId: r.request_id,
        clientIp: r.client_ip,
      })),
      total: count,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
