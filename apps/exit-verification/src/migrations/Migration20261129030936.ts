import { Migration } from '@mikro-orm/migrations';

export class Migration20261129030936 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "exit_verification"."outbox" add column "claimed_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "exit_verification"."outbox" drop column "claimed_until";`);
  }

}
