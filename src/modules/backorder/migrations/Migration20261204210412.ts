import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261204210412 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "backorder" add column if not exists "claimed_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "backorder" drop column if exists "claimed_at";`);
  }

}
