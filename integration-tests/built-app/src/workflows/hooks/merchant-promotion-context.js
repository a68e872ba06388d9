// The merchant's own handler of Medusa's updateCartPromotionsWorkflow.hooks.setPromotionContext
// (Medusa allows one per application). The plugin is installed with `promotion_context_hook: false`,
// so this handler is the only one, and it spreads the plugin's answer into its own (as docs/storefront.md shows).
const path = require("path")
const { StepResponse } = require("@medusajs/framework/workflows-sdk")
const { updateCartPromotionsWorkflow } = require("@medusajs/medusa/core-flows")

// a merchant writes: require("medusa-plugin-custom-backorder/workflows")
const pluginRoot = path.resolve(__dirname, "../../../../..")
const { promotionContextWithoutBackorderLines } = require(
  path.join(pluginRoot, require(path.join(pluginRoot, "package.json")).exports["./workflows"])
)

updateCartPromotionsWorkflow.hooks.setPromotionContext(async ({ cart }, { container }) => {
  return new StepResponse({
    // the merchant's own context, for rules on `merchant_channel`
    merchant_channel: "webshop",
    ...(await promotionContextWithoutBackorderLines(cart, container)),
  })
})
