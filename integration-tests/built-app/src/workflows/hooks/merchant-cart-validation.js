// The merchant's own handler of Medusa's completeCartWorkflow.hooks.validate (Medusa allows one
// per application). The plugin is installed with `complete_cart_validate_hook: false`, so this
// handler is the only one, and it calls the plugin's exported guards (as docs/how-it-works.md shows).
const path = require("path")
const { MedusaError } = require("@medusajs/framework/utils")
const { StepResponse } = require("@medusajs/framework/workflows-sdk")
const { completeCartWorkflow } = require("@medusajs/medusa/core-flows")

// a merchant writes: require("medusa-plugin-custom-backorder/workflows")
const pluginRoot = path.resolve(__dirname, "../../../../..")
const { recordOversoldLinesOfCoreCompletion, refuseCoreCompletionOfBackorderLines, removeOversoldLines } = require(
  path.join(pluginRoot, require(path.join(pluginRoot, "package.json")).exports["./workflows"])
)

completeCartWorkflow.hooks.validate(
  async ({ cart }, { container, parentStepIdempotencyKey }) => {
    // the merchant's own rule
    if (cart.metadata?.merchant_hold) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Cart ${cart.id} is on hold by the merchant.`)
    }
    await refuseCoreCompletionOfBackorderLines(cart, container)
    return new StepResponse(undefined, await recordOversoldLinesOfCoreCompletion(cart, container, parentStepIdempotencyKey))
  },
  (oversold, { container }) => removeOversoldLines(container, oversold)
)
