import type { MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

/**
 * The cart lock could not be taken in time (another request holds it): the locking module
 * throws plain errors, which Medusa would answer with a 500.
 */
export function isLockTimeout(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? "")
  return /Failed to acquire lock|Timed-out acquiring lock/.test(message)
}

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
