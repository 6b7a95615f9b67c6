import { Migration } from '@mikro-orm/migrations';

export class Migration20261128212152 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "identification"."household_import_row" ("id" uuid not null, "import_id" uuid not null, "line" int not null, "household" jsonb not null, "staged_at" timestamptz not null, constraint "household_import_row_pkey" primary key ("id"));`);
    this.addSql(`create index "household_import_row_import_id_line_index" on "identification"."household_import_row" ("import_id", "line");`);

    this.addSql(`alter table "identification"."household" add column "import_id" uuid null, add column "registry_no" text null, add column "exit_year" int null;`);
    this.addSql(`alter table "identification"."household" alter column "case_id" drop default;`);
    this.addSql(`alter table "identification"."household" alter column "case_id" type uuid using ("case_id"::text::uuid);`);
    this.addSql(`alter table "identification"."household" alter column "case_id" drop not null;`);
    this.addSql(`create index "household_import_id_index" on "identification"."household" ("import_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "identification"."household_import_row" cascade;`);

    this.addSql(`drop index "identification"."household_import_id_index";`);
    this.addSql(`alter table "identification"."household" drop column "import_id", drop column "registry_no", drop column "exit_year";`);

    this.addSql(`alter table "identification"."household" alter column "case_id" drop default;`);
    this.addSql(`alter table "identification"."household" alter column "case_id" type uuid using ("case_id"::text::uuid);`);
    this.addSql(`alter table "identification"."household" alter column "case_id" set not null;`);
  }

}
