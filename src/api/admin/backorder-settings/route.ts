import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BACKORDER_MODULE } from "../../../modules/backorder"
import type BackorderModuleService from "../../../modules/backorder/service"
import type { BackorderSettingsResponse } from "../../../types"
import { updateBackorderSettingsWorkflow } from "../../../workflows/update-backorder-settings"
import type { AdminUpdateBackorderSettingsType } from "./validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<BackorderSettingsResponse>) => {
  const backorderModule = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  res.json({ settings: await backorderModule.retrieveSettings() })
}

export const POST = async (
  req: AuthenticatedMedusaRequest<AdminUpdateBackorderSettingsType>,
  res: MedusaResponse<BackorderSettingsResponse>
) => {
  const { result: settings } = await updateBackorderSettingsWorkflow(req.scope).run({
    input: req.validatedBody,
  })
  res.json({ settings })
}
