import { container } from "@medusajs/framework"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { removeOversoldLines } from "../../utils/backorder-oversold"
import {
  recordOversoldLinesOfCoreCompletion,
  refuseCoreCompletionOfBackorderLines,
} from "../../utils/core-cart-completion-guard"

/**
 * Whether the plugin takes Medusa's one `validate` handler of completeCartWorkflow. Registration
 * happens when Medusa's workflow loader imports this file, and a second handler makes the app
 * fail to boot, so the option must be read now: Medusa loads the modules (with the plugin's
 * options) before it imports workflow files. Outside an app (no module registered) the guard
 * is registered, failing closed.
 */
function takesCompleteCartValidateHook(): boolean {
  if (!container.hasRegistration(BACKORDER_MODULE)) {
    return true
  }
  return container.resolve<BackorderModuleService>(BACKORDER_MODULE).registersCompleteCartValidateHook()
}

if (takesCompleteCartValidateHook()) {
  completeCartWorkflow.hooks.validate(
    async ({ cart }, { container, parentStepIdempotencyKey }) => {
      await refuseCoreCompletionOfBackorderLines(cart, container)
      const oversold = await recordOversoldLinesOfCoreCompletion(cart, container, parentStepIdempotencyKey)
      return new StepResponse(undefined, oversold)
    },
    async (oversold, { container }) => {
      await removeOversoldLines(container, oversold)
    }
  )
}
