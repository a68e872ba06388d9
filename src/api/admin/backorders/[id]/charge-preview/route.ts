import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { BackorderChargePreviewResponse } from "../../../../../types"
import { previewBackorderChargeWorkflow } from "../../../../../workflows/preview-backorder-charge"
import { answeringConflicts, type ConflictAnswer } from "../../conflict"
import { ensureShippingAmountAllowed, type AdminPreviewBackorderChargeParamsType } from "../../validators"

export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminPreviewBackorderChargeParamsType>,
  res: MedusaResponse<BackorderChargePreviewResponse | ConflictAnswer>
) => {
  ensureShippingAmountAllowed(req.scope, req.validatedQuery.shipping_amount)
  await answeringConflicts(res, async () => {
    const { result } = await previewBackorderChargeWorkflow(req.scope).run({
      input: { ...req.validatedQuery, backorder_id: req.params.id },
    })
    res.json({ preview: result })
  })
}
