import { Migration } from '@mikro-orm/migrations';
import { auditAppendOnlySql } from '@poverty/persistence';

export class Migration20261128210616 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "medical";`);
    this.addSql(`create table "medical"."case_audit" ("id" bigserial primary key, "case_id" uuid not null, "seq" int not null, "at" timestamptz not null, "actor_id" text not null, "actor_name" text null, "role" text not null, "level" text null, "action" text not null, "comment" text null, "from_state" text null, "to_state" text not null, "prev_hash" text not null, "hash" text not null);`);
    this.addSql(`create index "case_audit_case_id_index" on "medical"."case_audit" ("case_id");`);
    this.addSql(`alter table "medical"."case_audit" add constraint "case_audit_case_id_seq_unique" unique ("case_id", "seq");`);
    auditAppendOnlySql('medical').forEach((sql) => this.addSql(sql));

    this.addSql(`create table "medical"."case_record" ("id" uuid not null, "service" text not null, "household_id" text null, "title" text not null, "township_code" text not null, "village_code" text not null, "stage" text not null, "state" text not null, "level" text null, "machine_id" text not null, "machine_version" int not null, "snapshot" jsonb not null, "version" int not null default 1, "policy_id" text not null, "declared_by" text not null, "audit_seq" int not null default 0, "audit_head" text not null default '', "waiting_since" timestamptz not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "case_record_pkey" primary key ("id"));`);
    this.addSql(`create index "case_record_household_id_index" on "medical"."case_record" ("household_id");`);
    this.addSql(`create index "case_record_township_code_village_code_stage_index" on "medical"."case_record" ("township_code", "village_code", "stage");`);
    this.addSql(`create index "case_record_stage_level_waiting_since_index" on "medical"."case_record" ("stage", "level", "waiting_since");`);

    this.addSql(`create table "medical"."case_timer" ("key" text not null, "case_id" uuid not null, "due_at" timestamptz not null, "event" jsonb not null, "fired_at" timestamptz null, "cancelled_at" timestamptz null, "outcome" text null, constraint "case_timer_pkey" primary key ("key"));`);
    this.addSql(`create index "case_timer_due_at_index" on "medical"."case_timer" ("due_at");`);

    this.addSql(`create table "medical"."insurance_enrolment" ("id" uuid not null, "person_key" text not null, "year" int not null, "household_id" uuid not null, "case_id" uuid not null, "premium_fen" int not null, "enrolled_at" timestamptz not null, constraint "insurance_enrolment_pkey" primary key ("id"));`);
    this.addSql(`create index "insurance_enrolment_household_id_index" on "medical"."insurance_enrolment" ("household_id");`);
    this.addSql(`alter table "medical"."insurance_enrolment" add constraint "insurance_enrolment_person_key_year_unique" unique ("person_key", "year");`);

    this.addSql(`create table "medical"."outbox" ("id" uuid not null, "subject" text not null, "payload" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, constraint "outbox_pkey" primary key ("id"));`);
    this.addSql(`create index "outbox_published_at_created_at_index" on "medical"."outbox" ("published_at", "created_at");`);

    this.addSql(`create table "medical"."processed_message" ("consumer" text not null, "message_id" text not null, "processed_at" timestamptz not null, constraint "processed_message_pkey" primary key ("consumer", "message_id"));`);

    this.addSql(`create table "medical"."relief_ledger" ("case_id" uuid not null, "person_key" text not null, "year" int not null, "self_paid_fen" int not null, "relief_fen" int not null, "status" text not null, "updated_at" timestamptz not null, constraint "relief_ledger_pkey" primary key ("case_id"));`);
    this.addSql(`create index "relief_ledger_person_key_year_index" on "medical"."relief_ledger" ("person_key", "year");`);

    this.addSql(`create table "medical"."roster_household" ("id" uuid not null, "township_code" text not null, "village_code" text not null, "head_name" text not null, "size" int not null, "status" text not null, "housing_grade" text null, "member_keys" jsonb not null, "registered_at" timestamptz not null, "updated_at" timestamptz not null, constraint "roster_household_pkey" primary key ("id"));`);
    this.addSql(`create index "roster_household_township_code_village_code_index" on "medical"."roster_household" ("township_code", "village_code");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "medical"."case_audit" cascade;`);

    this.addSql(`drop table if exists "medical"."case_record" cascade;`);

    this.addSql(`drop table if exists "medical"."case_timer" cascade;`);

    this.addSql(`drop table if exists "medical"."insurance_enrolment" cascade;`);

    this.addSql(`drop table if exists "medical"."outbox" cascade;`);

    this.addSql(`drop table if exists "medical"."processed_message" cascade;`);

    this.addSql(`drop table if exists "medical"."relief_ledger" cascade;`);

    this.addSql(`drop table if exists "medical"."roster_household" cascade;`);

    this.addSql(`drop schema if exists "medical";`);
  }

}
