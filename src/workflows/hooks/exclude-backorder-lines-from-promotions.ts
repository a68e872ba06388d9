import { container } from "@medusajs/framework"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { promotionContextWithoutBackorderLines } from "../../utils/backorder-promotions"

/**
 * Whether the plugin takes Medusa's one `setPromotionContext` handler of
 * updateCartPromotionsWorkflow (read now, as for the completion guard: see
 * guard-core-cart-completion.ts). Outside an app the handler is registered, failing closed.
 */
function takesPromotionContextHook(): boolean {
  if (!container.hasRegistration(BACKORDER_MODULE)) {
    return true
  }
  return container.resolve<BackorderModuleService>(BACKORDER_MODULE).registersPromotionContextHook()
}

// Runs on every computation of a cart's promotions: the store's promotion routes, and the
// refresh inside every change of the cart's lines (add, update, delete), nested or not.
if (takesPromotionContextHook()) {
  updateCartPromotionsWorkflow.hooks.setPromotionContext(async ({ cart }, { container }) => {
    return new StepResponse(await promotionContextWithoutBackorderLines(cart, container))
  })
}
