import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { CustomerBackorderList } from "../../../../../types"
import { listCustomerBackorderViews } from "../../../../../utils/backorder-view"
import type { StoreGetMyBackordersParamsType } from "./validators"

/**
 * The logged-in customer's back orders, newest first: `GET /store/orders` leaves out draft
 * orders, so a pending back order would otherwise never show in "My orders".
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, StoreGetMyBackordersParamsType>,
  res: MedusaResponse<CustomerBackorderList>
) => {
  const { limit, offset } = req.validatedQuery
  const { backorders, count } = await listCustomerBackorderViews(req.scope, req.auth_context.actor_id, { limit, offset })
  res.json({ backorders, count, limit, offset })
}
