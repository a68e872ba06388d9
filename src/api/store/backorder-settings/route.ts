import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { BackorderSettingsResponse } from "../../../types"
import { readBackorderSettings } from "../../../utils/backorder-settings"

/** Lets a storefront know whether to expect the back-order prompt. */
export const GET = async (req: MedusaRequest, res: MedusaResponse<BackorderSettingsResponse>) => {
  res.json({ settings: await readBackorderSettings(req.scope) })
}
