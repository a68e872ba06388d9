import { model } from "@medusajs/framework/utils"

/**
 * A variant's back-order rules (one row per variant, created on first write; no row means no
 * limit, no date, no message). Linked to the product variant read-only, by `variant_id`
 * (src/links/variant-backorder-setting.ts), so a variant read can carry its rule.
 */
export const VariantBackorderSetting = model
  .define("variant_backorder_setting", {
    id: model.id({ prefix: "vbos" }).primaryKey(),
    variant_id: model.text(),
    /**
     * The most units of the variant that may be outstanding on back order (see
     * OUTSTANDING_BACKORDER_STATUSES); null: no limit, 0: no back orders. Not named `limit`,
     * a word SQL reserves.
     */
    unit_limit: model.number().nullable(),
    /** When it ships (a date; the time of day is not used). */
    ships_on: model.dateTime().nullable(),
    /** What the shopper is told, e.g. "Ships in 2–3 weeks" (at most 200 characters). */
    message: model.text().nullable(),
  })
  .indexes([{ on: ["variant_id"], unique: true, where: "deleted_at IS NULL" }])
