import type { MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

export { isLockTimeout } from "../../../utils/backorder-locks"

/**
 * Answered by the route itself: Medusa's error handler replaces the message of a CONFLICT error
 * with one about idempotency keys, which says nothing to a shopper.
 */
export function respondCartLocked(res: MedusaResponse) {
  return res.status(409).json({
    type: MedusaError.Types.CONFLICT,
    message: "The cart is being changed by another request. Nothing was changed; please try again.",
  })
}
