import type {
  AuthenticatedMedusaRequest,
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { HttpTypes } from "@medusajs/framework/types"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { backorderLinesToKeep } from "../../../../utils/backorder-cart"
import {
  updateCartKeepingBackordersWorkflow,
  type UpdateCartKeepingBackordersInput,
} from "../../../../workflows/update-cart-keeping-backorders"
import { isLockTimeout, respondCartLocked } from "../lock-conflict"

/** Runs Medusa's change inside the plugin's workflow and answers in Medusa's shape. */
async function changeKeepingBackorders(
  req: MedusaRequest,
  res: MedusaResponse,
  input: UpdateCartKeepingBackordersInput
) {
  const { result } = await updateCartKeepingBackordersWorkflow(req.scope).run({ input })
  const cart = await refetchCart(input.cart_id, req.scope, req.queryConfig.fields)
  res.status(200).json({ cart, ...(result.removed.length && { backorder_lines_removed: result.removed }) })
}

/**
 * In front of Medusa's `POST /store/carts/:id`: a region change would silently drop the
 * shopper's back-order lines (Medusa deletes custom-priced lines then). Such an update runs
 * inside the plugin's workflow, which keeps and re-prices them; the answer is Medusa's
 * `{ cart }`, with `backorder_lines_removed` when a line could not be kept. Anything else goes
 * to Medusa untouched.
 */
export async function keepBackordersOnCartUpdate(
  req: MedusaRequest<HttpTypes.StoreUpdateCart>,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  try {
    const body = req.validatedBody
    const backorderLines = await backorderLinesToKeep(req.scope, req.params.id, { region_id: body?.region_id })
    if (!backorderLines.length) {
      return next()
    }
    await changeKeepingBackorders(req, res, {
      cart_id: req.params.id,
      backorder_line_ids: backorderLines,
      // region_id is set here, so Medusa's body is the workflow's update input, as core's route passes it
      update: body as UpdateCartKeepingBackordersInput["update"],
    })
  } catch (error) {
    if (isLockTimeout(error)) {
      return respondCartLocked(res)
    }
    next(error)
  }
}

/**
 * In front of Medusa's `POST /store/carts/:id/customer` (the shopper logs in): the customer's
 * prices (customer groups, price lists) may differ, so the back-order lines are re-priced for
 * display after Medusa's own transfer.
 */
export async function keepBackordersOnCustomerTransfer(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  try {
    const customerId = req.auth_context?.actor_id
    const backorderLines = await backorderLinesToKeep(req.scope, req.params.id, { customer_id: customerId })
    if (!backorderLines.length) {
      return next()
    }
    await changeKeepingBackorders(req, res, {
      cart_id: req.params.id,
      backorder_line_ids: backorderLines,
      transfer_to_customer_id: customerId,
    })
  } catch (error) {
    if (isLockTimeout(error)) {
      return respondCartLocked(res)
    }
    next(error)
  }
}
