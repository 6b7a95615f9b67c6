import { Migration } from '@mikro-orm/migrations';

export class Migration20261128205502 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "gateway";`);
    this.addSql(`create table "gateway"."account" ("id" uuid not null, "username" text not null, "display_name" text not null, "password_hash" text not null, "roles" jsonb not null, "township_code" text null, "village_code" text null, "department" text null, "disabled" boolean not null default false, "failed_logins" int not null default 0, "locked_until" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "account_pkey" primary key ("id"));`);
    this.addSql(`alter table "gateway"."account" add constraint "account_username_unique" unique ("username");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "gateway"."account" cascade;`);

    this.addSql(`drop schema if exists "gateway";`);
  }

}
