import { z } from "@medusajs/framework/zod"
import { BACKORDER_ANSWERS } from "../../../../../utils/backorder-line"

/** The shopper's answer to the back-order prompt, sent as `metadata.backorder`. */
export const StoreBackorderAnswer = z.enum(BACKORDER_ANSWERS, {
  message: `metadata.backorder must be one of: ${BACKORDER_ANSWERS.join(", ")}`,
})
