import type { UpdateCartWorkflowInputDTO } from "@medusajs/framework/types"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep, updateCartWorkflow } from "@medusajs/medusa/core-flows"
import { keepBackorderLinesStep } from "./steps/keep-backorder-lines"

export type UpdateCartKeepingBackordersInput = {
  cart_id: string
  /** The cart's back-order lines (the plugin's records) before the update. */
  backorder_line_ids: string[]
  update: Omit<UpdateCartWorkflowInputDTO, "id">
}

/**
 * Medusa's cart update (run as a step, under the cart lock as Medusa takes it), then the
 * shopper's back-order lines kept through a region change (see keepBackorderLinesStep).
 * Output: `{ removed }`, the back-order lines that could not be kept and why.
 */
export const updateCartKeepingBackordersWorkflow = createWorkflow(
  "update-cart-keeping-backorders",
  (input: UpdateCartKeepingBackordersInput) => {
    acquireLockStep({ key: input.cart_id, timeout: 2, ttl: 10 })
    updateCartWorkflow.runAsStep({
      input: transform({ input }, ({ input }) => ({ ...input.update, id: input.cart_id })),
    })
    const kept = keepBackorderLinesStep(
      transform({ input }, ({ input }) => ({ cart_id: input.cart_id, line_item_ids: input.backorder_line_ids }))
    )
    releaseLockStep({ key: input.cart_id })
    return new WorkflowResponse(kept)
  }
)
