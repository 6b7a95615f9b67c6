import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { redact } from '@poverty/messaging';
import type { RequestMeta } from '../common/request-context';

export interface AuditRecord {
  action: string;
  outcome: 'ok' | 'refused';
  actor?: { id: string | null; username: string | null } | null;
  target?: { id: string | null; username: string | null } | null;
  details?: Record<string, unknown>;
  meta?: RequestMeta;
}

export interface AuditEntryView {
  id: string;
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  outcome: string;
  targetId: string | null;
  targetUsername: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
  clientIp: string | null;
}

/** Appends to `gateway.audit_log` (append-only in the database too). */
@Injectable()
export class GatewayAudit {
  constructor(private readonly orm: MikroORM) {}

  async record(entry: AuditRecord, connection = this.orm.em.fork().getConnection()): Promise<void> {
    await connection.execute(
      `insert into gateway.audit_log (at, actor_id, actor_username, action, outcome, target_id, target_username, details, request_id, client_ip)
       values (now(), ?, coalesce(?, (select username from gateway.account a where a.id::text = ?)), ?, ?, ?, ?, ?, ?, ?)`,
      [
        entry.actor?.id ?? null,
        entry.actor?.username ?? null,
        entry.actor?.id ?? null,
        entry.action,
        entry.outcome,
        entry.target?.id ?? null,
        // A username typed at login may be anything, even an ID number: keep it redacted.
        entry.target?.username ? redact(entry.target.username) : null,
        JSON.stringify(entry.details ?? {}),
        entry.meta?.requestId ?? null,
        entry.meta?.clientIp ?? null,
      ],
      'run',
    );
  }

  async list(query: { targetId?: string; action?: string; page: number; pageSize: number }): Promise<{ items: AuditEntryView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.targetId) {
      where.push('target_id = ?');
      params.push(query.targetId);
    }
    if (query.action) {
      where.push('action = ?');
      params.push(query.action);
    }
    const clause = where.length ? `where ${where.join(' and ')}` : '';
    const conn = this.orm.em.fork().getConnection();
    const [{ total }] = await conn.execute(`select count(*)::int as total from gateway.audit_log ${clause}`, params);
    const rows = await conn.execute(`select * from gateway.audit_log ${clause} order by id desc limit ? offset ?`, [
      ...params,
      query.pageSize,
      (query.page - 1) * query.pageSize,
    ]);
    return {
      total,
      items: rows.map((r: any) => ({
        id: String(r.id),
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id,
        actorUsername: r.actor_username,
        action: r.action,
        outcome: r.outcome,
        targetId: r.target_id,
        targetUsername: r.target_username,
        details: r.details,
        requestId: r.request_id,
        clientIp: r.client_ip,
      })),
    };
  }
}
