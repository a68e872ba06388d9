import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { previewBackorderChargeWorkflow } from "../../../../../workflows/preview-backorder-charge"
import { answeringConflicts } from "../../conflict"
import type { AdminPreviewBackorderChargeParamsType } from "../../validators"

export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminPreviewBackorderChargeParamsType>,
  res: MedusaResponse
) => {
  await answeringConflicts(res, async () => {
    const { result } = await previewBackorderChargeWorkflow(req.scope).run({
      input: { ...req.validatedQuery, backorder_id: req.params.id },
    })
    res.json({ preview: result })
  })
}
