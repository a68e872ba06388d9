import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/**
 * A cart holding only back-ordered items places no ordinary order, and Medusa's completion
 * refuses an empty cart; marking it completed is what makes Medusa refuse further changes.
 */
export const markCartCompletedStep = createStep(
  "mark-cart-completed",
  async (input: { cart_id: string }, { container }) => {
    const cartModule = container.resolve(Modules.CART)
    await cartModule.updateCarts(input.cart_id, { completed_at: new Date() })
    return new StepResponse(input.cart_id, input.cart_id)
  },
  async (cartId, { container }) => {
    if (!cartId) {
      return
    }
    const cartModule = container.resolve(Modules.CART)
    // only the field this step set: other steps' compensations restore their own fields
    await cartModule.updateCarts(cartId, { completed_at: null })
  }
)
