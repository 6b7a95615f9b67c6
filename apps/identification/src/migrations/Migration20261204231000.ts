import { Migration } from '@mikro-orm/migrations';

/** 防返贫 monitoring: risk flags on roster households and their follow-up tasks (帮扶措施). */
export class Migration20261204231000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "identification"."risk_flag" ("id" uuid not null, "household_id" uuid not null, "township_code" text not null, "village_code" text not null, "rule" text not null, "label" text not null, "reason" text not null, "figures" jsonb not null, "policy_id" text not null, "source_service" text not null, "source_case_id" uuid null, "message_id" text not null, "status" text not null, "raised_at" timestamptz not null, "closed_at" timestamptz null, constraint "risk_flag_pkey" primary key ("id"));`);
    this.addSql(`create index if not exists "risk_flag_township_code_village_code_index" on "identification"."risk_flag" ("township_code", "village_code");`);
    this.addSql(`create index if not exists "risk_flag_household_id_index" on "identification"."risk_flag" ("household_id");`);
    // One open flag per household and rule: a second signal of the same kind adds no second task.
    this.addSql(`create unique index if not exists "risk_flag_open_rule_unique" on "identification"."risk_flag" ("household_id", "rule") where "status" = 'open';`);
    this.addSql(`create table if not exists "identification"."follow_up_task" ("id" uuid not null, "flag_id" uuid not null, "household_id" uuid not null, "township_code" text not null, "village_code" text not null, "due_at" timestamptz not null, "status" text not null, "measure_kind" text null, "measure" text null, "closed_by" text null, "closed_by_name" text null, "closed_at" timestamptz null, "created_at" timestamptz not null, constraint "follow_up_task_pkey" primary key ("id"));`);
    this.addSql(`create unique index if not exists "follow_up_task_flag_id_unique" on "identification"."follow_up_task" ("flag_id");`);
    this.addSql(`create index if not exists "follow_up_task_village_code_status_index" on "identification"."follow_up_task" ("village_code", "status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "identification"."follow_up_task" cascade;`);
    this.addSql(`drop table if exists "identification"."risk_flag" cascade;`);
  }

}
