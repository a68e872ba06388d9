import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { VariantBackorderSettingsResponse } from "../../../../../../../types"
import { retrieveVariantBackorderSettings } from "../../../../../../../utils/variant-backorder-rules"
import { updateVariantBackorderSettingsWorkflow } from "../../../../../../../workflows/update-variant-backorder-settings"
import type { AdminUpdateVariantBackorderSettingsType } from "./validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<VariantBackorderSettingsResponse>) => {
  res.json({
    backorder_settings: await retrieveVariantBackorderSettings(req.scope, req.params.id, req.params.variant_id),
  })
}

export const POST = async (
  req: AuthenticatedMedusaRequest<AdminUpdateVariantBackorderSettingsType>,
  res: MedusaResponse<VariantBackorderSettingsResponse>
) => {
  await updateVariantBackorderSettingsWorkflow(req.scope).run({
    input: { product_id: req.params.id, variant_id: req.params.variant_id, update: req.validatedBody },
  })
  res.json({
    backorder_settings: await retrieveVariantBackorderSettings(req.scope, req.params.id, req.params.variant_id),
  })
}
