import { Migration } from '@mikro-orm/migrations';

/** Third-party evaluation (engagements, frozen samples, findings, read log) and household imports. */
export class Migration20261128212308 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "gateway"."engagement" ("id" uuid not null, "name" text not null, "organisation" text not null, "evaluators" jsonb not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "township_codes" jsonb not null, "year" int not null, "sample_rate_bp" int not null, "disclosure" jsonb not null, "seed" text null, "sampled_at" timestamptz null, "created_by" text not null, "created_at" timestamptz not null, constraint "engagement_pkey" primary key ("id"));`);

    this.addSql(`create table "gateway"."engagement_finding" ("id" uuid not null, "engagement_id" uuid not null, "kind" text not null, "subject_key" text not null, "household_id" uuid null, "exit_verdict" text null, "missed" boolean null, "satisfied" boolean null, "notes" text null, "recorded_by" text not null, "recorded_at" timestamptz not null, constraint "engagement_finding_pkey" primary key ("id"));`);
    this.addSql(`create index "engagement_finding_engagement_id_index" on "gateway"."engagement_finding" ("engagement_id");`);
    this.addSql(`alter table "gateway"."engagement_finding" add constraint "engagement_finding_engagement_id_subject_key_unique" unique ("engagement_id", "subject_key");`);

    this.addSql(`create table "gateway"."engagement_sample" ("id" uuid not null, "engagement_id" uuid not null, "household_id" uuid not null, "township_code" text not null, "position" int not null, constraint "engagement_sample_pkey" primary key ("id"));`);
    this.addSql(`create index "engagement_sample_engagement_id_index" on "gateway"."engagement_sample" ("engagement_id");`);
    this.addSql(`alter table "gateway"."engagement_sample" add constraint "engagement_sample_engagement_id_household_id_unique" unique ("engagement_id", "household_id");`);

    this.addSql(`create table "gateway"."evaluation_read" ("id" bigserial primary key, "engagement_id" uuid not null, "actor_id" text not null, "actor_name" text null, "what" text not null, "household_id" uuid null, "at" timestamptz not null, "request_id" text null, "client_ip" text null);`);
    this.addSql(`create index "evaluation_read_engagement_id_index" on "gateway"."evaluation_read" ("engagement_id");`);

    this.addSql(`create table "gateway"."household_import" ("id" uuid not null, "format" text not null, "status" text not null, "bytes_total" bigint not null, "bytes_read" bigint not null, "rows_read" int not null, "households" int not null, "people" int not null, "error_count" int not null, "errors" jsonb not null, "started_by" text not null, "started_at" timestamptz not null, "finished_at" timestamptz null, constraint "household_import_pkey" primary key ("id"));`);
    // The read log is append-only and a drawn sample is frozen: UPDATE and DELETE raise an error.
    this.addSql(`create or replace function "gateway"."append_only"() returns trigger language plpgsql as $$ begin raise exception '%.% is append-only', tg_table_schema, tg_table_name; end $$;`);
    this.addSql(`create trigger "evaluation_read_append_only" before update or delete on "gateway"."evaluation_read" for each row execute function "gateway"."append_only"();`);
    this.addSql(`create trigger "engagement_sample_frozen" before update or delete on "gateway"."engagement_sample" for each row execute function "gateway"."append_only"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "gateway"."engagement" cascade;`);

    this.addSql(`drop table if exists "gateway"."engagement_finding" cascade;`);

    this.addSql(`drop table if exists "gateway"."engagement_sample" cascade;`);

    this.addSql(`drop table if exists "gateway"."evaluation_read" cascade;`);

    this.addSql(`drop table if exists "gateway"."household_import" cascade;`);
    this.addSql(`drop function if exists "gateway"."append_only"();`);
  }

}
