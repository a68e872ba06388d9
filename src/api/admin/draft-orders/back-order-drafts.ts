import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { backorderHoldingDraft } from "../../../utils/backorder-drafts"

/** What Medusa's own action would break, and where the admin does it instead. */
const INSTEAD: Record<string, string> = {
  delete: "cancel the back order in Backorders instead (deleting the draft would leave its reserved units behind)",
  convert: "charge it in Backorders instead (the charge converts it, swapping its reservations once)",
  edit: "its items are the back-ordered units; cancel the back order in Backorders to change them",
  cancel: "cancel the back order in Backorders instead (it releases the units and closes the back order)",
}

/**
 * Prevents the damage rather than repairing it: Medusa's Draft Orders and order screens act on
 * a pending back order's draft as on any draft, and would leak or double its reservations or
 * leave a back order chargeable after its draft is gone. Every other order passes through.
 */
export function refuseOnPendingBackorderDraft(action: keyof typeof INSTEAD) {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      const backorder = await backorderHoldingDraft(req.scope, req.params.id)
      if (backorder) {
        res.status(409).json({
          type: MedusaError.Types.CONFLICT,
          code: "invalid_state_error",
          message: `Order ${req.params.id} holds the pending back order ${backorder.id}: ${INSTEAD[action]}.`,
        })
        return
      }
      next()
    } catch (error) {
      next(error)
    }
  }
}
