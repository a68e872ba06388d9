import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207232422 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "variant_backorder_setting" drop constraint if exists "variant_backorder_setting_variant_id_unique";`);
    this.addSql(`create table if not exists "backorder_item" ("id" text not null, "backorder_id" text not null, "variant_id" text not null, "quantity" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_item_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_item_deleted_at" ON "backorder_item" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_item_variant_id" ON "backorder_item" ("variant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_item_backorder_id" ON "backorder_item" ("backorder_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "variant_backorder_setting" ("id" text not null, "variant_id" text not null, "unit_limit" integer null, "ships_on" timestamptz null, "message" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "variant_backorder_setting_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_variant_backorder_setting_deleted_at" ON "variant_backorder_setting" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_variant_backorder_setting_variant_id_unique" ON "variant_backorder_setting" ("variant_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "backorder_item" cascade;`);

    this.addSql(`drop table if exists "variant_backorder_setting" cascade;`);
  }

}
