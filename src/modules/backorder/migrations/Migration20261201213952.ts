import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201213952 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "backorder" drop constraint if exists "backorder_status_check";`);

    this.addSql(`alter table if exists "backorder" add constraint "backorder_status_check" check("status" in ('pending', 'charging', 'canceling', 'awaiting_payment', 'charged', 'canceled'));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_source_order_id" ON "backorder" ("source_order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_payment_collection_id" ON "backorder" ("payment_collection_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "backorder" drop constraint if exists "backorder_status_check";`);

    this.addSql(`drop index if exists "IDX_backorder_source_order_id";`);
    this.addSql(`drop index if exists "IDX_backorder_payment_collection_id";`);

    this.addSql(`alter table if exists "backorder" add constraint "backorder_status_check" check("status" in ('pending', 'awaiting_payment', 'charged', 'canceled'));`);
  }

}
