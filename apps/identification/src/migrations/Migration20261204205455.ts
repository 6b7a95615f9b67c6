import { Migration } from '@mikro-orm/migrations';

export class Migration20261204205455 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "identification"."case_closed_tally" ("policy_id" text not null, "township_code" text not null, "village_code" text not null, "month" date not null, "slot" smallint not null, "cases" int not null, "paid_fen" bigint not null, constraint "case_closed_tally_pkey" primary key ("policy_id", "township_code", "village_code", "month", "slot"));`);

    this.addSql(`create table "identification"."case_stage_tally" ("policy_id" text not null, "township_code" text not null, "village_code" text not null, "stage" text not null, "slot" smallint not null, "cases" int not null, constraint "case_stage_tally_pkey" primary key ("policy_id", "township_code", "village_code", "stage", "slot"));`);

    this.addSql(`create table "identification"."read_model_state" ("name" text not null, "version" int not null, "done_at" timestamptz not null, constraint "read_model_state_pkey" primary key ("name"));`);

    this.addSql(`drop index "identification"."case_record_stage_level_waiting_since_index";`);
    this.addSql(`drop index "identification"."case_record_township_code_village_code_stage_index";`);

    this.addSql(`alter table "identification"."case_record" add column "awaiting_key" text null, add column "awaiting_excluded" text[] not null default '{}', add column "due_at" timestamptz null, add column "paid_fen" bigint null;`);
    this.addSql(`create index "case_record_due_index" on "identification"."case_record" ("due_at") include ("policy_id", "township_code", "village_code") where "due_at" is not null;`);
    this.addSql(`create index "case_record_notice_index" on "identification"."case_record" ("updated_at", "id") where "stage" = 'publicNotice';`);
    this.addSql(`create index "case_record_village_code_stage_created_at_id_index" on "identification"."case_record" ("village_code", "stage", "created_at", "id");`);
    this.addSql(`create index "case_record_village_code_created_at_id_index" on "identification"."case_record" ("village_code", "created_at", "id");`);
    this.addSql(`create index "case_record_township_code_stage_created_at_id_index" on "identification"."case_record" ("township_code", "stage", "created_at", "id");`);
    this.addSql(`create index "case_record_township_code_created_at_id_index" on "identification"."case_record" ("township_code", "created_at", "id");`);
    this.addSql(`create index "case_record_stage_created_at_id_index" on "identification"."case_record" ("stage", "created_at", "id");`);
    this.addSql(`create index "case_record_created_at_id_index" on "identification"."case_record" ("created_at", "id");`);
    this.addSql(`create index "case_record_inbox_index" on "identification"."case_record" ("awaiting_key", "waiting_since", "id") where "awaiting_key" is not null;`);

    this.addSql(`create index "household_village_code_status_registered_at_id_index" on "identification"."household" ("village_code", "status", "registered_at", "id");`);
    this.addSql(`create index "household_village_code_registered_at_id_index" on "identification"."household" ("village_code", "registered_at", "id");`);
    this.addSql(`create index "household_township_code_status_registered_at_id_index" on "identification"."household" ("township_code", "status", "registered_at", "id");`);
    this.addSql(`create index "household_township_code_registered_at_id_index" on "identification"."household" ("township_code", "registered_at", "id");`);
    this.addSql(`create index "household_status_registered_at_id_index" on "identification"."household" ("status", "registered_at", "id");`);
    this.addSql(`create index "household_registered_at_id_index" on "identification"."household" ("registered_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "identification"."case_closed_tally" cascade;`);

    this.addSql(`drop table if exists "identification"."case_stage_tally" cascade;`);

    this.addSql(`drop table if exists "identification"."read_model_state" cascade;`);

    this.addSql(`drop index "identification"."case_record_due_index";`);
    this.addSql(`drop index "identification"."case_record_notice_index";`);
    this.addSql(`drop index "identification"."case_record_village_code_stage_created_at_id_index";`);
    this.addSql(`drop index "identification"."case_record_village_code_created_at_id_index";`);
    this.addSql(`drop index "identification"."case_record_township_code_stage_created_at_id_index";`);
    this.addSql(`drop index "identification"."case_record_township_code_created_at_id_index";`);
    this.addSql(`drop index "identification"."case_record_stage_created_at_id_index";`);
    this.addSql(`drop index "identification"."case_record_created_at_id_index";`);
    this.addSql(`drop index "identification"."case_record_inbox_index";`);
    this.addSql(`alter table "identification"."case_record" drop column "awaiting_key", drop column "awaiting_excluded", drop column "due_at", drop column "paid_fen";`);

    this.addSql(`create index "case_record_stage_level_waiting_since_index" on "identification"."case_record" ("stage", "level", "waiting_since");`);
    this.addSql(`create index "case_record_township_code_village_code_stage_index" on "identification"."case_record" ("township_code", "village_code", "stage");`);

    this.addSql(`drop index "identification"."household_village_code_status_registered_at_id_index";`);
    this.addSql(`drop index "identification"."household_village_code_registered_at_id_index";`);
    this.addSql(`drop index "identification"."household_township_code_status_registered_at_id_index";`);
    this.addSql(`drop index "identification"."household_township_code_registered_at_id_index";`);
    this.addSql(`drop index "identification"."household_status_registered_at_id_index";`);
    this.addSql(`drop index "identification"."household_registered_at_id_index";`);
  }

}
