import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { GuestBackorderResponse } from "../../../../../../../types"
import { cancelOwnBackorder } from "../../../../../../../utils/backorder-customer-cancel"
import { answeringConflicts, type ConflictAnswer } from "../../../../../../admin/backorders/conflict"

/** The logged-in customer cancels their own pending or ready back order; another's is a 404. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<GuestBackorderResponse | ConflictAnswer>) => {
  await answeringConflicts(res, async () => {
    const backorder = await cancelOwnBackorder(req.scope, { backorder_id: req.params.id, customer_id: req.auth_context.actor_id })
    res.json({ backorder })
  })
}
