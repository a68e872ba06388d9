import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261204210527 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "backorder_oversold_line" drop constraint if exists "backorder_oversold_line_line_item_id_unique";`);
    this.addSql(`create table if not exists "backorder_oversold_line" ("id" text not null, "cart_id" text not null, "order_id" text null, "line_item_id" text not null, "variant_id" text not null, "ordered_quantity" integer not null, "oversold_quantity" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_oversold_line_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_oversold_line_deleted_at" ON "backorder_oversold_line" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_oversold_line_cart_id" ON "backorder_oversold_line" ("cart_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_oversold_line_order_id" ON "backorder_oversold_line" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_backorder_oversold_line_line_item_id_unique" ON "backorder_oversold_line" ("line_item_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "backorder_oversold_line" cascade;`);
  }

}
