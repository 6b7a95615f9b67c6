import { Entity, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/postgresql';

/**
 * Rows a counter is split into, so that concurrent transitions of one village and stage rarely
 * wait on the same row; a case always counts in the slot of its id's first byte.
 */
export const TALLY_SLOTS = 16;

/**
 * Cases per policy version, village and stage: the dashboard's read model, changed by the
 * transition's own statement (`CaseStore`), so it never disagrees with `case_record`.
 */
@Entity({ tableName: 'case_stage_tally' })
export class CaseStageTally {
  [PrimaryKeyProp]?: ['policyId', 'townshipCode', 'villageCode', 'stage', 'slot'];

  @PrimaryKey({ type: 'text' })
  policyId!: string;

  @PrimaryKey({ type: 'text' })
  townshipCode!: string;

  @PrimaryKey({ type: 'text' })
  villageCode!: string;

  @PrimaryKey({ type: 'text' })
  stage!: string;

  @PrimaryKey({ type: 'smallint' })
  slot!: number;

  @Property({ type: 'integer' })
  cases!: number;
}

/** Closed (销号) cases and what they paid, per policy version, village and month of closing (UTC). */
@Entity({ tableName: 'case_closed_tally' })
export class CaseClosedTally {
  [PrimaryKeyProp]?: ['policyId', 'townshipCode', 'villageCode', 'month', 'slot'];

  @PrimaryKey({ type: 'text' })
  policyId!: string;

  @PrimaryKey({ type: 'text' })
  townshipCode!: string;

  @PrimaryKey({ type: 'text' })
  villageCode!: string;

  /** The first day of the month, `YYYY-MM-01`. */
  @PrimaryKey({ type: 'date' })
  month!: string;

  @PrimaryKey({ type: 'smallint' })
  slot!: number;

  @Property({ type: 'integer' })
  cases!: number;

  @Property({ type: 'bigint' })
  paidFen!: number;
}

/** Which version of the derived columns and tallies a schema's existing rows were brought to. */
@Entity({ tableName: 'read_model_state' })
export class ReadModelState {
  @PrimaryKey({ type: 'text' })
  name!: string;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'timestamptz' })
  doneAt!: Date;
}
