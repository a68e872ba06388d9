import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207201456 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_created_at" ON "backorder" ("created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_customer_id_created_at" ON "backorder" ("customer_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_status_updated_at" ON "backorder" ("status", "updated_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_backorder_created_at";`);
    this.addSql(`drop index if exists "IDX_backorder_customer_id_created_at";`);
    this.addSql(`drop index if exists "IDX_backorder_status_updated_at";`);
  }

}
