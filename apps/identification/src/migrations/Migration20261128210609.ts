import { Migration } from '@mikro-orm/migrations';

export class Migration20261128210609 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "identification"."household_status_change" ("id" uuid not null, "household_id" uuid not null, "from_status" text not null, "to_status" text not null, "cause" text not null, "case_id" uuid not null, "at" timestamptz not null, constraint "household_status_change_pkey" primary key ("id"));`);
    this.addSql(`create index "household_status_change_household_id_index" on "identification"."household_status_change" ("household_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "identification"."household_status_change" cascade;`);
  }

}
