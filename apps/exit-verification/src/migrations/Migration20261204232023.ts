import { Migration } from '@mikro-orm/migrations';

export class Migration20261204232023 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "exit_verification"."case_timer_due_at_index";`);

    this.addSql(`create index "case_timer_pending_index" on "exit_verification"."case_timer" ("due_at") where "fired_at" is null and "cancelled_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "exit_verification"."case_timer_pending_index";`);

    this.addSql(`create index "case_timer_due_at_index" on "exit_verification"."case_timer" ("due_at");`);
  }

}
