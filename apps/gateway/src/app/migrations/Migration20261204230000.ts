import { Migration } from '@mikro-orm/migrations';

/** The append-only log of personal-data reveals (who revealed which field of which case, and why). */
export class Migration20261204230000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "gateway"."personal_data_reveal" ("id" bigserial primary key, "at" timestamptz not null, "actor_id" text not null, "actor_name" text null, "role" text not null, "service" text not null, "case_id" uuid not null, "household_id" uuid null, "township_code" text not null, "village_code" text not null, "field" text not null, "kind" text not null, "reason" text not null, "request_id" text null, "client_ip" text null);`);
    this.addSql(`create index if not exists "personal_data_reveal_case_id_index" on "gateway"."personal_data_reveal" ("case_id");`);
    this.addSql(`create index if not exists "personal_data_reveal_at_index" on "gateway"."personal_data_reveal" ("at");`);
    this.addSql(`create or replace function "gateway"."personal_data_reveal_append_only"() returns trigger language plpgsql as $$ begin raise exception 'gateway.personal_data_reveal is append-only'; end $$;`);
    this.addSql(`drop trigger if exists "personal_data_reveal_append_only" on "gateway"."personal_data_reveal";`);
    this.addSql(`create trigger "personal_data_reveal_append_only" before update or delete on "gateway"."personal_data_reveal" for each row execute function "gateway"."personal_data_reveal_append_only"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "gateway"."personal_data_reveal" cascade;`);
    this.addSql(`drop function if exists "gateway"."personal_data_reveal_append_only"();`);
  }

}
