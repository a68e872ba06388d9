import { z } from "@medusajs/framework/zod"
import { MAX_STORABLE_QUANTITY } from "../../../../../modules/backorder/service"
import { BACKORDER_ANSWERS } from "../../../../../utils/backorder-line"

/** The shopper's answer to the back-order prompt, sent as `metadata.backorder`. */
export const StoreBackorderAnswer = z.enum(BACKORDER_ANSWERS, {
  message: `metadata.backorder must be one of: ${BACKORDER_ANSWERS.join(", ")}`,
})

/**
 * Core accepts any positive number (1.5 included); a line the plugin splits must be
 * counted in whole units.
 */
export const StoreBackorderQuantity = z
  .number()
  .int({ message: "quantity must be a whole number" })
  .nonnegative({ message: "quantity must not be negative" })
  // PostgreSQL's integer: beyond it the reservation at checkout fails with an overflow
  .max(MAX_STORABLE_QUANTITY, { message: `quantity must be at most ${MAX_STORABLE_QUANTITY}` })
