import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';

/**
 * A checklist item of a household as the other services last reported it (safe housing from housing,
 * basic medical from medical, compulsory education from education). The village's survey items
 * live on the exit case itself.
 */
@Entity({ tableName: 'checklist_item' })
export class ChecklistItem {
  @PrimaryKey({ type: 'uuid' })
  householdId!: string;

  @PrimaryKey({ type: 'text' })
  item!: string;

  @Property({ type: 'boolean' })
  met!: boolean;

  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'timestamptz' })
  at!: Date;
}
