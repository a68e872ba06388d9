import { defineLink } from "@medusajs/framework/utils"
import ProductModule from "@medusajs/medusa/product"
import BackorderModule from "../modules/backorder"

/**
 * A variant's back-order rules, read with the variant (`variant_backorder_setting.*` on a
 * `product_variant` query): read-only, joined on the rule's `variant_id`, so no link table to
 * keep in step with the rows.
 */
export default defineLink(
  { linkable: ProductModule.linkable.productVariant, field: "id" },
  { ...BackorderModule.linkable.variantBackorderSetting.id, primaryKey: "variant_id" },
  { readOnly: true }
)
