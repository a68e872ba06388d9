import { model } from "@medusajs/framework/utils"

/**
 * The plugin's own record of the cart lines it created as back-order lines.
 * This record, not the line's metadata (which a shopper can write), decides
 * whether a line is back ordered.
 */
export const BackorderLine = model
  .define("backorder_line", {
    id: model.id({ prefix: "boline" }).primaryKey(),
    cart_id: model.text(),
    line_item_id: model.text(),
    variant_id: model.text(),
  })
  .indexes([
    { on: ["cart_id"] },
    { on: ["line_item_id"], unique: true, where: "deleted_at IS NULL" },
  ])
