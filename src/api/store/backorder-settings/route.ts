import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BACKORDER_MODULE } from "../../../modules/backorder"
import type BackorderModuleService from "../../../modules/backorder/service"
import type { BackorderSettingsResponse } from "../../../types"

/** Lets a storefront know whether to expect the back-order prompt. */
export const GET = async (req: MedusaRequest, res: MedusaResponse<BackorderSettingsResponse>) => {
  const backorderModule = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  res.json({ settings: await backorderModule.retrieveSettings() })
}
