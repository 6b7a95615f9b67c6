import type { EntityManager } from '@mikro-orm/postgresql';
import type { MigrationObject } from '@mikro-orm/core';
import type { z } from 'zod';
import type { ServiceName } from '@poverty/contracts';
import type { CaseRow, OutboxInput } from '@poverty/persistence';
import type { Actor, CaseEvent, CaseStep, Refusal, ServicePolicy } from '@poverty/workflow';

/** An amount the service computed, shown with the rule that produced it. */
export interface CaseAmount {
  code: string;
  label: string;
  amountFen: number;
  rule: string;
}

/** What the public board may show of a case: never ID numbers, phone, bank, illness or income. */
export interface PublicNoticeFields {
  name: string;
  householdSize: number | null;
  category: string;
  amounts: Array<{ label: string; amountFen: number }>;
}

export interface TransitionContext {
  row: CaseRow;
  step: CaseStep;
  event: CaseEvent;
  correlationId: string;
}

/**
 * Everything that makes one case service different. The approval machine, persistence,
 * outbox, timers and NATS handling are shared; a service supplies only this.
 */
export interface CaseServiceDefinition<TData extends Record<string, unknown> = Record<string, unknown>> {
  service: ServiceName;
  /** The PostgreSQL schema it owns. */
  schema: string;
  policy: ServicePolicy;
  /** The county policy version cases are decided under (e.g. `benxi-210521-2019`). */
  countyPolicyId: string;
  /** Validates the `data` of a declaration. */
  dataSchema: z.ZodType<TData>;
  /** Service entities besides the shared case tables. */
  entities: unknown[];
  migrations: MigrationObject[];
  describe(data: TData): { title: string; householdId: string | null };
  amounts?(data: TData): CaseAmount[];
  publicNotice(data: TData): PublicNoticeFields;
  /** Checks that need the database before a case opens (e.g. the household is in the roster). */
  beforeDeclare?(em: EntityManager, data: TData, actor: Actor): Promise<Refusal | null>;
  /**
   * Runs inside the transition's transaction; may return extra outbox messages (e.g. household
   * registered) and the roster household the case now belongs to.
   */
  afterTransition?(em: EntityManager, transition: TransitionContext): Promise<{ outbox?: OutboxInput[]; householdId?: string } | void>;
}
