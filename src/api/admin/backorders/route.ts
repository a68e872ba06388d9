import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminBackorderListResponse } from "../../../types"
import { listBackorderViews } from "../../../utils/backorder-view"
import type { AdminGetBackordersParamsType } from "./validators"

/** The back-order queue, oldest first. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetBackordersParamsType>,
  res: MedusaResponse<AdminBackorderListResponse>
) => {
  const { status, order_id, limit, offset } = req.validatedQuery
  const { backorders, count } = await listBackorderViews(req.scope, { status, order_id }, { limit, offset })
  res.json({ backorders, count, limit, offset })
}
