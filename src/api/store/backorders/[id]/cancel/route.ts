import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { GuestBackorderResponse } from "../../../../../types"
import { backorderGuestTokenSecret, isBackorderGuestToken } from "../../../../../utils/backorder-guest-token"
import { cancelOwnBackorder } from "../../../../../utils/backorder-customer-cancel"
import { answeringConflicts, type ConflictAnswer } from "../../../../admin/backorders/conflict"
import type { StoreCancelGuestBackorderType } from "../validators"

/**
 * A guest cancels a back order from the link in its placed notice. As the guest's read: a wrong
 * token and an unknown id get the same 404, the token checked before the database is asked.
 */
export const POST = async (
  req: MedusaRequest<StoreCancelGuestBackorderType>,
  res: MedusaResponse<GuestBackorderResponse | ConflictAnswer>
) => {
  const id = req.params.id
  if (!isBackorderGuestToken(id, req.validatedBody.token, backorderGuestTokenSecret(req.scope))) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Back order with id: ${id} was not found`)
  }
  await answeringConflicts(res, async () => {
    res.json({ backorder: await cancelOwnBackorder(req.scope, { backorder_id: id }) })
  })
}
