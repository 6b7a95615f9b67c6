import { Migration } from '@mikro-orm/migrations';

export class Migration20261204205442 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "education"."case_closed_tally" ("policy_id" text not null, "township_code" text not null, "village_code" text not null, "month" date not null, "slot" smallint not null, "cases" int not null, "paid_fen" bigint not null, constraint "case_closed_tally_pkey" primary key ("policy_id", "township_code", "village_code", "month", "slot"));`);

    this.addSql(`create table "education"."case_stage_tally" ("policy_id" text not null, "township_code" text not null, "village_code" text not null, "stage" text not null, "slot" smallint not null, "cases" int not null, constraint "case_stage_tally_pkey" primary key ("policy_id", "township_code", "village_code", "stage", "slot"));`);

    this.addSql(`create table "education"."read_model_state" ("name" text not null, "version" int not null, "done_at" timestamptz not null, constraint "read_model_state_pkey" primary key ("name"));`);

    this.addSql(`drop index "education"."case_record_stage_level_waiting_since_index";`);
    this.addSql(`drop index "education"."case_record_township_code_village_code_stage_index";`);

    this.addSql(`alter table "education"."case_record" add column "awaiting_key" text null, add column "awaiting_excluded" text[] not null default '{}', add column "due_at" timestamptz null, add column "paid_fen" bigint null;`);
    this.addSql(`create index "case_record_due_index" on "education"."case_record" ("due_at") include ("policy_id", "township_code", "village_code") where "due_at" is not null;`);
    this.addSql(`create index "case_record_notice_index" on "education"."case_record" ("updated_at", "id") where "stage" = 'publicNotice';`);
    this.addSql(`create index "case_record_village_code_stage_created_at_id_index" on "education"."case_record" ("village_code", "stage", "created_at", "id");`);
    this.addSql(`create index "case_record_village_code_created_at_id_index" on "education"."case_record" ("village_code", "created_at", "id");`);
    this.addSql(`create index "case_record_township_code_stage_created_at_id_index" on "education"."case_record" ("township_code", "stage", "created_at", "id");`);
    this.addSql(`create index "case_record_township_code_created_at_id_index" on "education"."case_record" ("township_code", "created_at", "id");`);
    this.addSql(`create index "case_record_stage_created_at_id_index" on "education"."case_record" ("stage", "created_at", "id");`);
    this.addSql(`create index "case_record_created_at_id_index" on "education"."case_record" ("created_at", "id");`);
    this.addSql(`create index "case_record_inbox_index" on "education"."case_record" ("awaiting_key", "waiting_since", "id") where "awaiting_key" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "education"."case_closed_tally" cascade;`);

    this.addSql(`drop table if exists "education"."case_stage_tally" cascade;`);

    this.addSql(`drop table if exists "education"."read_model_state" cascade;`);

    this.addSql(`drop index "education"."case_record_due_index";`);
    this.addSql(`drop index "education"."case_record_notice_index";`);
    this.addSql(`drop index "education"."case_record_village_code_stage_created_at_id_index";`);
    this.addSql(`drop index "education"."case_record_village_code_created_at_id_index";`);
    this.addSql(`drop index "education"."case_record_township_code_stage_created_at_id_index";`);
    this.addSql(`drop index "education"."case_record_township_code_created_at_id_index";`);
    this.addSql(`drop index "education"."case_record_stage_created_at_id_index";`);
    this.addSql(`drop index "education"."case_record_created_at_id_index";`);
    this.addSql(`drop index "education"."case_record_inbox_index";`);
    this.addSql(`alter table "education"."case_record" drop column "awaiting_key", drop column "awaiting_excluded", drop column "due_at", drop column "paid_fen";`);

    this.addSql(`create index "case_record_stage_level_waiting_since_index" on "education"."case_record" ("stage", "level", "waiting_since");`);
    this.addSql(`create index "case_record_township_code_village_code_stage_index" on "education"."case_record" ("township_code", "village_code", "stage");`);
  }

}
