import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261126143519 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "backorder_line" drop constraint if exists "backorder_line_line_item_id_unique";`);
    this.addSql(`alter table if exists "backorder" drop constraint if exists "backorder_cart_id_unique";`);
    this.addSql(`create table if not exists "backorder" ("id" text not null, "status" text check ("status" in ('pending', 'awaiting_payment', 'charged', 'canceled')) not null default 'pending', "cart_id" text not null, "source_order_id" text null, "draft_order_id" text not null, "email" text null, "customer_id" text null, "payment_collection_id" text null, "payment_link" text null, "charged_at" timestamptz null, "canceled_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_deleted_at" ON "backorder" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_backorder_cart_id_unique" ON "backorder" ("cart_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_status_created_at" ON "backorder" ("status", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_draft_order_id" ON "backorder" ("draft_order_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "backorder_line" ("id" text not null, "cart_id" text not null, "line_item_id" text not null, "variant_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_line_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_line_deleted_at" ON "backorder_line" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_line_cart_id" ON "backorder_line" ("cart_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_backorder_line_line_item_id_unique" ON "backorder_line" ("line_item_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "backorder_setting" ("id" text not null, "enabled" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_setting_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_setting_deleted_at" ON "backorder_setting" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "backorder" cascade;`);

    this.addSql(`drop table if exists "backorder_line" cascade;`);

    this.addSql(`drop table if exists "backorder_setting" cascade;`);
  }

}
