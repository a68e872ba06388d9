import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { GuestBackorderResponse } from "../../../../types"
import { backorderGuestTokenSecret, isBackorderGuestToken } from "../../../../utils/backorder-guest-token"
import { retrieveShopperBackorderView } from "../../../../utils/backorder-view"
import type { StoreGetGuestBackorderParamsType } from "./validators"

/**
 * A back order to whoever holds its token (a guest's confirmation page, a guest's link): Medusa's
 * `GET /store/orders/:id` leaves draft orders out, and "My back orders" needs a login. A wrong
 * token and an unknown id get the same 404, and the token is checked before the database is
 * asked, so the answer says nothing about whether the id exists.
 */
export const GET = async (
  req: MedusaRequest<unknown, StoreGetGuestBackorderParamsType>,
  res: MedusaResponse<GuestBackorderResponse>
) => {
  const id = req.params.id
  const notFound = new MedusaError(MedusaError.Types.NOT_FOUND, `Back order with id: ${id} was not found`)
  if (!isBackorderGuestToken(id, req.validatedQuery.token, backorderGuestTokenSecret(req.scope))) {
    throw notFound
  }
  const backorder = await retrieveShopperBackorderView(req.scope, id)
  if (!backorder) {
    throw notFound
  }
  res.json({ backorder })
}
