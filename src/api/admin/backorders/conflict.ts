import { MedusaError } from "@medusajs/framework/utils"
import type { MedusaResponse } from "@medusajs/framework/http"
import { isLockTimeout } from "../../../utils/backorder-locks"

/** Medusa's error shape, as the routes answer a 409 themselves. */
export type ConflictAnswer = { type: string; code: string; message: string }

/** The 409 when another charge, cancel or payment of the back order holds its lock past the wait. */
export const BACKORDER_BUSY_MESSAGE =
  "The back order is being changed by another request. Nothing was changed; please try again."

/**
 * Medusa's error handler answers every CONFLICT with a generic "The request conflicted
 * with another request" message. A back order that is no longer pending deserves the
 * reason ("... is charged"), so the routes answer that 409 themselves, in the same shape.
 * A lock held past the request's wait (another charge, cancel or payment of the same back order
 * still working) is a 409 too, never the 500 Medusa gives a plain error.
 */
export async function answeringConflicts(
  res: MedusaResponse<ConflictAnswer>,
  action: () => Promise<void>
): Promise<void> {
  try {
    await action()
  } catch (error) {
    if (MedusaError.isMedusaError(error) && error.type === MedusaError.Types.CONFLICT) {
      res.status(409).json({ type: error.type, code: "invalid_state_error", message: error.message })
      return
    }
    if (isLockTimeout(error)) {
      res.status(409).json({ type: MedusaError.Types.CONFLICT, code: "invalid_state_error", message: BACKORDER_BUSY_MESSAGE })
      return
    }
    throw error
  }
}
