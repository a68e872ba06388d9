import { model } from "@medusajs/framework/utils"

/**
 * The store-level switch "Allow custom backordering with negative inventory".
 * There is exactly one row (id `BACKORDER_SETTING_ID`); it is created on first write.
 */
export const BackorderSetting = model.define("backorder_setting", {
  id: model.id({ prefix: "bos" }).primaryKey(),
  enabled: model.boolean().default(false),
})
