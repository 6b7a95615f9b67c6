import { Migration } from '@mikro-orm/migrations';

export class Migration20261129030932 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "education"."outbox" add column "claimed_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "education"."outbox" drop column "claimed_until";`);
  }

}
