import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261208002955 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "backorder" drop constraint if exists "backorder_status_check";`);

    this.addSql(`alter table if exists "backorder" add column if not exists "payment_provider_id" text null, add column if not exists "account_holder_id" text null, add column if not exists "payment_method_id" text null, add column if not exists "payment_failure_reason" text null, add column if not exists "payment_attempts" integer not null default 0;`);
    this.addSql(`alter table if exists "backorder" add constraint "backorder_status_check" check("status" in ('pending', 'ready', 'charging', 'canceling', 'awaiting_payment', 'payment_failed', 'charged', 'canceled'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "backorder" drop constraint if exists "backorder_status_check";`);

    this.addSql(`alter table if exists "backorder" drop column if exists "payment_provider_id", drop column if exists "account_holder_id", drop column if exists "payment_method_id", drop column if exists "payment_failure_reason", drop column if exists "payment_attempts";`);

    this.addSql(`alter table if exists "backorder" add constraint "backorder_status_check" check("status" in ('pending', 'ready', 'charging', 'canceling', 'awaiting_payment', 'charged', 'canceled'));`);
  }

}
