import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/**
 * Takes the back-order lines out of the cart before Medusa builds the order from it, so the
 * order and its payment cover only the available items. Soft delete, so a rollback brings
 * back the same lines (same ids, same back-order records).
 */
export const removeBackorderLinesFromCartStep = createStep(
  "remove-backorder-lines-from-cart",
  async (input: { line_item_ids: string[] }, { container }) => {
    if (!input.line_item_ids.length) {
      return new StepResponse([] as string[], [] as string[])
    }
    const cartModule = container.resolve(Modules.CART)
    await cartModule.softDeleteLineItems(input.line_item_ids)
    return new StepResponse(input.line_item_ids, input.line_item_ids)
  },
  async (lineItemIds, { container }) => {
    if (!lineItemIds?.length) {
      return
    }
    const cartModule = container.resolve(Modules.CART)
    await cartModule.restoreLineItems(lineItemIds)
  }
)
