import { model } from "@medusajs/framework/utils"

/**
 * The units of one variant a back order holds, recorded when it is placed: what the variants'
 * limits and the per-shopper limit count (with the back order's status, email and customer)
 * without reading the draft orders of another module.
 */
export const BackorderItem = model
  .define("backorder_item", {
    id: model.id({ prefix: "boitem" }).primaryKey(),
    backorder_id: model.text(),
    variant_id: model.text(),
    quantity: model.number(),
  })
  .indexes([{ on: ["variant_id"] }, { on: ["backorder_id"] }])
