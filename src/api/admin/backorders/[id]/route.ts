import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retrieveBackorderView } from "../../../../utils/backorder-view"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ backorder: await retrieveBackorderView(req.scope, req.params.id) })
}
