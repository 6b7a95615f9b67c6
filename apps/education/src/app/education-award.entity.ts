import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/**
 * One award per student, stage and school year: `awardKey` (a keyed hash, never the ID number) is
 * claimed when a case is declared and released if it is rejected or withdrawn.
 */
@Entity({ tableName: 'education_award' })
export class EducationAward {
  @PrimaryKey({ type: 'uuid' })
  caseId!: string;

  /** Unique while claimed; a released claim keeps its row with the key suffixed by the case id. */
  @Property({ type: 'text', unique: true })
  awardKey!: string;

  @Property({ type: 'uuid' })
  @Index()
  householdId!: string;

  @Property({ type: 'text' })
  stage!: string;

  @Property({ type: 'text' })
  schoolYear!: string;

  /** claimed 申请中 | paid 已发放 | released 已释放 */
  @Property({ type: 'text' })
  status!: string;

  @Property({ type: 'integer', nullable: true })
  paidFen?: number | null;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}
