import { model } from "@medusajs/framework/utils"

/**
 * Units an order holds beyond what was in stock when it was placed: a cart whose payment the
 * provider had already confirmed (its webhook) was completed although its in-stock lines turned
 * out short. The order keeps them (the shopper paid); this record is the admin's mark that they
 * are owed, like a back order that needs no charge.
 */
export const OversoldLine = model
  .define("backorder_oversold_line", {
    id: model.id({ prefix: "boover" }).primaryKey(),
    cart_id: model.text(),
    /** Set once the order exists (the completion's last steps). */
    order_id: model.text().nullable(),
    /** The cart line that was short. */
    line_item_id: model.text(),
    variant_id: model.text(),
    /** Units of the line the order holds. */
    ordered_quantity: model.number(),
    /** Units of them that were not available. */
    oversold_quantity: model.number(),
  })
  .indexes([
    { on: ["cart_id"] },
    { on: ["order_id"] },
    { on: ["line_item_id"], unique: true, where: "deleted_at IS NULL" },
  ])
