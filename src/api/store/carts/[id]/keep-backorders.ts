import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { HttpTypes } from "@medusajs/framework/types"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { retrieveCartWithBackorderLineIds } from "../../../../utils/backorder-line"
import {
  updateCartKeepingBackordersWorkflow,
  type UpdateCartKeepingBackordersInput,
} from "../../../../workflows/update-cart-keeping-backorders"
import { isLockTimeout, respondCartLocked } from "../lock-conflict"

type CartRow = { id: string; region_id: string | null; items: { id: string }[] | null }

/**
 * In front of Medusa's `POST /store/carts/:id`: a region change would silently drop the
 * shopper's back-order lines (Medusa deletes custom-priced lines then). Such an update runs
 * Medusa's own update inside the plugin's workflow, which keeps them; the answer is Medusa's
 * `{ cart }`, with `backorder_lines_removed` when a line could not be kept. Anything else
 * goes to Medusa untouched.
 */
export async function keepBackordersOnCartUpdate(
  req: MedusaRequest<HttpTypes.StoreUpdateCart>,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  try {
    const body = req.validatedBody
    if (!body?.region_id) {
      return next()
    }
    const { cart, backorderLineIds } = await retrieveCartWithBackorderLineIds<CartRow>(req.scope, req.params.id, [
      "id",
      "region_id",
      "items.id",
    ])
    const backorderLines = (cart?.items ?? []).filter((item) => backorderLineIds.has(item.id)).map((item) => item.id)
    if (!cart || cart.region_id === body.region_id || !backorderLines.length) {
      return next()
    }
    const { result } = await updateCartKeepingBackordersWorkflow(req.scope).run({
      // region_id is set here, so Medusa's body is the workflow's update input, as core's route passes it
      input: { cart_id: cart.id, backorder_line_ids: backorderLines, update: body as UpdateCartKeepingBackordersInput["update"] },
    })
    const updated = await refetchCart(cart.id, req.scope, req.queryConfig.fields)
    res.status(200).json({
      cart: updated,
      ...(result.removed.length && { backorder_lines_removed: result.removed }),
    })
  } catch (error) {
    if (isLockTimeout(error)) {
      return respondCartLocked(res)
    }
    next(error)
  }
}
