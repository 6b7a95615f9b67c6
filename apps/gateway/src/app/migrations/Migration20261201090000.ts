import { Migration } from '@mikro-orm/migrations';

/** Sessions with rotating refresh tokens, and the gateway's append-only audit log. */
export class Migration20261201090000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "gateway"."account" add column if not exists "password_changed_at" timestamptz null, add column if not exists "last_login_at" timestamptz null;`);
    this.addSql(`create table "gateway"."session" ("id" uuid not null, "account_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" text null, constraint "session_pkey" primary key ("id"));`);
    this.addSql(`create index "session_account_id_index" on "gateway"."session" ("account_id");`);
    this.addSql(`alter table "gateway"."session" add constraint "session_account_id_foreign" foreign key ("account_id") references "gateway"."account" ("id") on delete cascade;`);
    this.addSql(`create table "gateway"."refresh_token" ("id" uuid not null, "session_id" uuid not null, "token_hash" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "refresh_token_pkey" primary key ("id"));`);
    this.addSql(`create index "refresh_token_session_id_index" on "gateway"."refresh_token" ("session_id");`);
    this.addSql(`alter table "gateway"."refresh_token" add constraint "refresh_token_session_id_foreign" foreign key ("session_id") references "gateway"."session" ("id") on delete cascade;`);
    this.addSql(`create table "gateway"."audit_log" ("id" bigserial primary key, "at" timestamptz not null, "actor_id" text null, "actor_username" text null, "action" text not null, "outcome" text not null, "target_id" text null, "target_username" text null, "details" jsonb not null, "request_id" text null, "client_ip" text null);`);
    this.addSql(`create index "audit_log_target_id_index" on "gateway"."audit_log" ("target_id");`);
    this.addSql(`create index "audit_log_at_index" on "gateway"."audit_log" ("at");`);
    this.addSql(`create or replace function "gateway"."audit_log_append_only"() returns trigger language plpgsql as $$ begin raise exception 'gateway.audit_log is append-only'; end $$;`);
    this.addSql(`create trigger "audit_log_append_only" before update or delete on "gateway"."audit_log" for each row execute function "gateway"."audit_log_append_only"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "gateway"."audit_log" cascade;`);
    this.addSql(`drop function if exists "gateway"."audit_log_append_only"();`);
    this.addSql(`drop table if exists "gateway"."refresh_token" cascade;`);
    this.addSql(`drop table if exists "gateway"."session" cascade;`);
    this.addSql(`alter table "gateway"."account" drop column if exists "password_changed_at", drop column if exists "last_login_at";`);
  }

}
