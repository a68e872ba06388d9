import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207232316 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "backorder" drop constraint if exists "backorder_status_check";`);

    this.addSql(`alter table if exists "backorder" add constraint "backorder_status_check" check("status" in ('pending', 'ready', 'charging', 'canceling', 'awaiting_payment', 'charged', 'canceled'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "backorder" drop constraint if exists "backorder_status_check";`);

    this.addSql(`alter table if exists "backorder" add constraint "backorder_status_check" check("status" in ('pending', 'charging', 'canceling', 'awaiting_payment', 'charged', 'canceled'));`);
  }

}
