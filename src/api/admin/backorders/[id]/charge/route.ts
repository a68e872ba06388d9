import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminBackorderResponse } from "../../../../../types"
import { retrieveBackorderView } from "../../../../../utils/backorder-view"
import { chargeBackorderWorkflow } from "../../../../../workflows/charge-backorder"
import { answeringConflicts, type ConflictAnswer } from "../../conflict"
import { ensureShippingAmountAllowed, type AdminChargeBackorderType } from "../../validators"

export const POST = async (req: AuthenticatedMedusaRequest<AdminChargeBackorderType>, res: MedusaResponse<AdminBackorderResponse | ConflictAnswer>) => {
  ensureShippingAmountAllowed(req.scope, req.validatedBody.shipping_amount)
  await answeringConflicts(res, async () => {
    await chargeBackorderWorkflow(req.scope).run({
      input: { ...req.validatedBody, backorder_id: req.params.id, actor_id: req.auth_context.actor_id },
    })
    res.json({ backorder: await retrieveBackorderView(req.scope, req.params.id) })
  })
}
