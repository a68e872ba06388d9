// The plugin's workflows, for merchants who compose them in their own code:
// import { chargeBackorderWorkflow } from "medusa-plugin-custom-backorder/workflows"
export * from "./update-backorder-settings"
export * from "./update-variant-backorder-settings"
export * from "./add-to-cart-with-backorder"
export * from "./place-backorder"
export * from "./complete-cart-with-backorders"
export * from "./preview-backorder-charge"
export * from "./charge-backorder"
export * from "./cancel-backorder"
export * from "./settle-backorder-payment"
export * from "./pay-backorder-link"
export * from "./recover-backorder-claim"
// for a merchant's own completeCartWorkflow.hooks.validate handler (option complete_cart_validate_hook: false)
export { refuseCoreCompletionOfBackorderLines } from "../utils/core-cart-completion-guard"
export { recordOversoldLinesOfCoreCompletion } from "../utils/core-cart-completion-guard"
export { removeOversoldLines } from "../utils/backorder-oversold"
// for a merchant's own updateCartPromotionsWorkflow.hooks.setPromotionContext handler (option promotion_context_hook: false)
export { promotionContextWithoutBackorderLines } from "../utils/backorder-promotions"
