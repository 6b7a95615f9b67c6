import { Migration } from '@mikro-orm/migrations';
import { auditAppendOnlySql } from '@poverty/persistence';

export class Migration20261128210613 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "housing";`);
    this.addSql(`create table "housing"."case_audit" ("id" bigserial primary key, "case_id" uuid not null, "seq" int not null, "at" timestamptz not null, "actor_id" text not null, "actor_name" text null, "role" text not null, "level" text null, "action" text not null, "comment" text null, "from_state" text null, "to_state" text not null, "prev_hash" text not null, "hash" text not null);`);
    this.addSql(`create index "case_audit_case_id_index" on "housing"."case_audit" ("case_id");`);
    this.addSql(`alter table "housing"."case_audit" add constraint "case_audit_case_id_seq_unique" unique ("case_id", "seq");`);
    auditAppendOnlySql('housing').forEach((sql) => this.addSql(sql));

    this.addSql(`create table "housing"."case_record" ("id" uuid not null, "service" text not null, "household_id" text null, "title" text not null, "township_code" text not null, "village_code" text not null, "stage" text not null, "state" text not null, "level" text null, "machine_id" text not null, "machine_version" int not null, "snapshot" jsonb not null, "version" int not null default 1, "policy_id" text not null, "declared_by" text not null, "audit_seq" int not null default 0, "audit_head" text not null default '', "waiting_since" timestamptz not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "case_record_pkey" primary key ("id"));`);
    this.addSql(`create index "case_record_household_id_index" on "housing"."case_record" ("household_id");`);
    this.addSql(`create index "case_record_township_code_village_code_stage_index" on "housing"."case_record" ("township_code", "village_code", "stage");`);
    this.addSql(`create index "case_record_stage_level_waiting_since_index" on "housing"."case_record" ("stage", "level", "waiting_since");`);

    this.addSql(`create table "housing"."case_timer" ("key" text not null, "case_id" uuid not null, "due_at" timestamptz not null, "event" jsonb not null, "fired_at" timestamptz null, "cancelled_at" timestamptz null, "outcome" text null, constraint "case_timer_pkey" primary key ("key"));`);
    this.addSql(`create index "case_timer_due_at_index" on "housing"."case_timer" ("due_at");`);

    this.addSql(`create table "housing"."dangerous_house" ("household_id" uuid not null, "grade" text not null, "status" text not null, "case_id" uuid null, "subsidy_paid_fen" int null, "listed_at" timestamptz not null, "struck_off_at" timestamptz null, "updated_at" timestamptz not null, constraint "dangerous_house_pkey" primary key ("household_id"));`);

    this.addSql(`create table "housing"."outbox" ("id" uuid not null, "subject" text not null, "payload" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, constraint "outbox_pkey" primary key ("id"));`);
    this.addSql(`create index "outbox_published_at_created_at_index" on "housing"."outbox" ("published_at", "created_at");`);

    this.addSql(`create table "housing"."processed_message" ("consumer" text not null, "message_id" text not null, "processed_at" timestamptz not null, constraint "processed_message_pkey" primary key ("consumer", "message_id"));`);

    this.addSql(`create table "housing"."roster_household" ("id" uuid not null, "township_code" text not null, "village_code" text not null, "head_name" text not null, "size" int not null, "status" text not null, "housing_grade" text null, "member_keys" jsonb not null, "registered_at" timestamptz not null, "updated_at" timestamptz not null, constraint "roster_household_pkey" primary key ("id"));`);
    this.addSql(`create index "roster_household_township_code_village_code_index" on "housing"."roster_household" ("township_code", "village_code");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "housing"."case_audit" cascade;`);

    this.addSql(`drop table if exists "housing"."case_record" cascade;`);

    this.addSql(`drop table if exists "housing"."case_timer" cascade;`);

    this.addSql(`drop table if exists "housing"."dangerous_house" cascade;`);

    this.addSql(`drop table if exists "housing"."outbox" cascade;`);

    this.addSql(`drop table if exists "housing"."processed_message" cascade;`);

    this.addSql(`drop table if exists "housing"."roster_household" cascade;`);

    this.addSql(`drop schema if exists "housing";`);
  }

}
