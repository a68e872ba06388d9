import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminBackorderResponse } from "../../../../types"
import { retrieveBackorderView } from "../../../../utils/backorder-view"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminBackorderResponse>) => {
  res.json({ backorder: await retrieveBackorderView(req.scope, req.params.id) })
}
