import type { UpdateCartWorkflowInputDTO } from "@medusajs/framework/types"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  transferCartCustomerWorkflow,
  updateCartWorkflow,
} from "@medusajs/medusa/core-flows"
import { CART_CHANGE_LOCK, cartLockKey } from "../modules/backorder/service"
import { acquireLeasedLockStep } from "./steps/acquire-leased-lock"
import { releaseLeasedLockStep } from "./steps/release-leased-lock"
import { keepBackorderLinesStep } from "./steps/keep-backorder-lines"

export type UpdateCartKeepingBackordersInput = {
  cart_id: string
  /** The cart's back-order lines (the plugin's records) before the update. */
  backorder_line_ids: string[]
  /** Medusa's cart update (`POST /store/carts/:id`), e.g. a region change. */
  update?: Omit<UpdateCartWorkflowInputDTO, "id">
  /** Medusa's customer transfer (`POST /store/carts/:id/customer`): the customer logging in. */
  transfer_to_customer_id?: string
}

/**
 * Medusa's own cart update or customer transfer (run as a step, under the cart lock as Medusa
 * takes it), then the shopper's back-order lines kept and re-priced for the new context
 * (keepBackorderLinesStep). Output: `{ removed }`, the back-order lines that could not be kept.
 */
export const updateCartKeepingBackordersWorkflow = createWorkflow(
  "update-cart-keeping-backorders",
  (input: UpdateCartKeepingBackordersInput) => {
    const lockKey = transform({ input }, ({ input }) => cartLockKey(input.cart_id))
    const lock = acquireLeasedLockStep(transform({ lockKey }, ({ lockKey }) => ({ lock_keys: [lockKey], ...CART_CHANGE_LOCK })))
    when("update-the-cart", { input }, ({ input }) => !!input.update).then(() => {
      updateCartWorkflow.runAsStep({
        input: transform({ input }, ({ input }) => ({ ...input.update!, id: input.cart_id })),
      })
    })
    when("transfer-the-cart", { input }, ({ input }) => !!input.transfer_to_customer_id).then(() => {
      transferCartCustomerWorkflow.runAsStep({
        input: transform({ input }, ({ input }) => ({ id: input.cart_id, customer_id: input.transfer_to_customer_id! })),
      })
    })
    const kept = keepBackorderLinesStep(
      transform({ input }, ({ input }) => ({ cart_id: input.cart_id, line_item_ids: input.backorder_line_ids }))
    )
    releaseLeasedLockStep(lock)
    return new WorkflowResponse(kept)
  }
)
