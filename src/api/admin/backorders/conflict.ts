import { MedusaError } from "@medusajs/framework/utils"
import type { MedusaResponse } from "@medusajs/framework/http"

/** Medusa's error shape, as the routes answer a 409 themselves. */
export type ConflictAnswer = { type: string; code: string; message: string }

/**
 * Medusa's error handler answers every CONFLICT with a generic "The request conflicted
 * with another request" message. A back order that is no longer pending deserves the
 * reason ("... is charged"), so the routes answer that 409 themselves, in the same shape.
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
    throw error
  }
}
