import { Migration } from '@mikro-orm/migrations';

export class Migration20261204211241 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "household_exits_index" on "identification"."household" ("exit_year", "township_code") include ("size") where "status" = 'exited';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "identification"."household_exits_index";`);
  }

}
