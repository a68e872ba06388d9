import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { backorderHoldingDraft } from "../../../utils/backorder-drafts"

/** What Medusa's own action would break, and where the admin does it instead. */
const INSTEAD: Record<string, string> = {
  delete: "cancel the back order in Backorders instead (deleting the draft would leave its reserved units behind)",
  convert: "charge it in Backorders instead (the charge converts it, swapping its reservations once)",
  edit: "its items are the back-ordered units; cancel the back order in Backorders to change them",
  cancel: "cancel the back order in Backorders instead (it releases the units and closes the back order)",
  owner: "its units are reserved for this customer in this sales channel; cancel the back order in Backorders instead",
  fulfill: "charge it in Backorders first (the charge makes it an order, which then ships as any other)",
  claim: "it has nothing delivered to claim; charge it in Backorders first",
  exchange: "it has nothing delivered to exchange; charge it in Backorders first",
  return: "it has nothing delivered to return; charge it in Backorders first",
  change: "charge or cancel the back order in Backorders instead",
}

/** While its payment link waits, the draft becomes an order when the link is paid, not by a charge. */
const INSTEAD_WHILE_LINK_WAITS: Partial<Record<keyof typeof INSTEAD, string>> = {
  convert: "it becomes an order once its payment link is paid (no order.placed before the money is there)",
  fulfill: "it becomes an order, which then ships as any other, once its payment link is paid",
}

/** Where a route names the order it acts on: the `:id` of its path, or `order_id` in its body. */
export type OrderIdOf = (req: MedusaRequest) => string | undefined

const orderIdInPath: OrderIdOf = (req) => req.params.id

export const orderIdInBody: OrderIdOf = (req) => {
  const orderId = (req.body as { order_id?: unknown } | undefined)?.order_id
  return typeof orderId === "string" ? orderId : undefined
}

/** POST /admin/draft-orders/:id: only the fields that would take the back order's units elsewhere. */
export const changesDraftOwner = (req: MedusaRequest) => {
  const body = (req.body ?? {}) as Record<string, unknown>
  return body.customer_id !== undefined || body.sales_channel_id !== undefined
}

/**
 * Prevents the damage rather than repairing it: Medusa's Draft Orders and order screens act on
 * a pending back order's draft as on any draft, and would leak or double its reservations or
 * leave a back order chargeable after its draft is gone. Every other order passes through.
 */
export function refuseOnPendingBackorderDraft(
  action: keyof typeof INSTEAD,
  { orderIdOf = orderIdInPath, when }: { orderIdOf?: OrderIdOf; when?: (req: MedusaRequest) => boolean } = {}
) {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      const orderId = orderIdOf(req)
      if (!orderId || (when && !when(req))) {
        return next()
      }
      const backorder = await backorderHoldingDraft(req.scope, orderId)
      if (backorder) {
        res.status(409).json({
          type: MedusaError.Types.CONFLICT,
          code: "invalid_state_error",
          message:
            backorder.status === "awaiting_payment" || backorder.status === "payment_failed"
              ? `Order ${orderId} holds the back order ${backorder.status === "payment_failed" ? "whose card payment failed" : "awaiting payment"} ${backorder.id}: ${INSTEAD_WHILE_LINK_WAITS[action] ?? INSTEAD[action]}.`
              : `Order ${orderId} holds the pending back order ${backorder.id}: ${INSTEAD[action]}.`,
        })
        return
      }
      next()
    } catch (error) {
      next(error)
    }
  }
}
