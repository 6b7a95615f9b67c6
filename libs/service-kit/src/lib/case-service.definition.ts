import type { MigrationObject } from '@mikro-orm/core';
import type { z } from 'zod';
import type { ServiceName } from '@poverty/contracts';
import { currentPolicy, POLICIES, type CountyPolicy } from '@poverty/policy';
import type { PersonalField } from '@poverty/policy';
import type { CaseRow, OutboxInput, Sql, TransitionWrite } from '@poverty/persistence';
import type { Actor, CaseEvent, CaseJurisdiction, CaseStep, Refusal, ServicePolicy } from '@poverty/workflow';
import type { CaseApplication } from './case-application';

export type { TransitionWrite };

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
  /**
   * The approval-machine versions this replica runs (`MACHINE_VERSIONS`, see `configureDefinition`);
   * every released one when omitted. New cases start on the newest.
   */
  machineVersions?: readonly number[];
  /**
   * The county policy version this definition's rules are built from (e.g. `benxi-210521-2019`).
   * A case is decided under the version it was declared under: see `byPolicy`.
   */
  countyPolicyId: string;
  /**
   * The definition under every county policy version the service has rules for, by policy id (see
   * `definitionByPolicy`). A declaration takes the version in force on its date; without this map,
   * only `countyPolicyId`.
   */
  byPolicy?: Readonly<Record<string, CaseServiceDefinition<TData>>>;
  /**
   * Declarations take the policy in force on this county date (`POLICY_DATE`, `YYYY-MM-DD`) instead of
   * their own: for entering a past year's cases late (补录), and for the 2019 demo and tests.
   */
  policyDate?: string;
  /** Validates the `data` of a declaration. */
  dataSchema: z.ZodType<TData>;
  /** Service entities besides the shared case tables. */
  entities: unknown[];
  migrations: MigrationObject[];
  describe(data: TData): { title: string; householdId: string | null };
  amounts?(data: TData): CaseAmount[];
  publicNotice(data: TData): PublicNoticeFields;
  /**
   * The personal fields of `data` (ID numbers, illness, income, phone, bank): masked in every case
   * view for every role, revealed one at a time to an official in the case's area
   * (`PERSONAL_FIELDS` of `@poverty/contracts`).
   */
  personalFields?: readonly PersonalField[];
  /**
   * Checks that need the database before a case opens (e.g. the household is in the roster), in the
   * declaration's transaction. May return facts to record in the case data (e.g. what the roster says
   * of the household), or a refusal.
   */
  beforeDeclare?(sql: Sql, data: TData, actor: Actor, declaration: DeclarationContext): Promise<Refusal | DeclarationFacts<TData> | null>;
  /**
   * Runs inside the transition's transaction; may return extra outbox messages (e.g. household
   * registered), the roster household the case now belongs to, facts computed against the database
   * to record in the case data (e.g. a relief within the person's yearly cap), or a refusal that
   * undoes the whole transition.
   */
  afterTransition?(sql: Sql, transition: TransitionContext): Promise<TransitionEffects | void>;
  /** Durable JetStream consumers the service runs (roster read model, automation). */
  consumers?: CaseEventConsumer[];
}

export interface DeclarationContext extends CaseJurisdiction {
  caseId: string;
  correlationId: string;
}

/** Facts `beforeDeclare` found, merged into the declared data. */
export interface DeclarationFacts<TData> {
  data: Partial<TData>;
}

export interface TransitionEffects {
  outbox?: OutboxInput[];
  /**
   * Rows written by the transition's own statement, only if it is written (each must select
   * `from changed`, the updated case row): no transaction of their own, no extra round trip.
   */
  writes?: TransitionWrite[];
  householdId?: string;
  /** Merged into the case data of the new snapshot. */
  data?: Record<string, unknown>;
  /** Refuses the transition: nothing of it is written. */
  refusal?: Refusal;
}

/** An event as a consumer handler receives it, inside the transaction that marks it processed. */
export interface ConsumedEvent {
  subject: string;
  payload: any;
  messageId: string;
}

/**
 * A durable consumer of domain events. The handler runs in one transaction with the
 * processed-message row, so each event is applied once; it may open cases with `cases.declareWithin`.
 */
export interface CaseEventConsumer {
  /** Durable name suffix: the consumer is `<service>-<name>`, shared by replicas. */
  name: string;
  /** One subject (wildcards allowed): NATS servers before 2.10 take a single filter per consumer. */
  filterSubject: string;
  handle(sql: Sql, event: ConsumedEvent, cases: CaseApplication): Promise<void>;
}

/**
 * A service definition whose rules follow each case's own county policy version: `definitionFor`
 * builds the definition under one version. The result is the definition under `current` (what
 * reads that have no case at hand use), with every known version's in `byPolicy`.
 */
export function definitionByPolicy<TData extends Record<string, unknown>>(
  definitionFor: (policy: CountyPolicy) => CaseServiceDefinition<TData>,
  policies: readonly CountyPolicy[] = POLICIES,
  current: CountyPolicy = currentPolicy(),
): CaseServiceDefinition<TData> {
  const byPolicy = Object.fromEntries(policies.map((policy) => [policy.id, definitionFor(policy)]));
  return { ...(byPolicy[current.id] ?? definitionFor(current)), byPolicy };
}
