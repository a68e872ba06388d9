import { container } from "@medusajs/framework"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import type { HeldLocks } from "../../utils/backorder-locks"
import {
  markStockLockReleaseHookRegistered,
  releaseStockLocksBeforePayment,
  STOCK_LOCKS_TO_RELEASE_BEFORE_PAYMENT,
} from "../../utils/stock-locks-before-payment"

/**
 * Whether the plugin takes Medusa's one `beforePaymentAuthorization` handler of
 * completeCartWorkflow (read now, as for the completion guard: see guard-core-cart-completion.ts).
 * Outside an app the handler is registered: it only acts on the plugin's own input.
 */
function takesBeforePaymentAuthorizationHook(): boolean {
  if (!container.hasRegistration(BACKORDER_MODULE)) {
    return true
  }
  return container.resolve<BackorderModuleService>(BACKORDER_MODULE).registersBeforePaymentAuthorizationHook()
}

type CompleteCartHookInput = { input: { id: string; [STOCK_LOCKS_TO_RELEASE_BEFORE_PAYMENT]?: HeldLocks } }
type BeforePaymentAuthorizationHook = (
  handler: (input: CompleteCartHookInput, context: { container: MedusaContainer }) => Promise<StepResponse<void>>
) => void

// Runs inside Medusa's completion after the order and its reservations were made, before the
// payment is authorised (the hook is undocumented in 2.21's types: `@ignore`): the plugin's
// checkout's stock locks end here (src/utils/stock-locks-before-payment.ts).
if (takesBeforePaymentAuthorizationHook()) {
  const hooks = completeCartWorkflow.hooks as unknown as { beforePaymentAuthorization: BeforePaymentAuthorizationHook }
  try {
    hooks.beforePaymentAuthorization(async ({ input }, { container }) => {
      await releaseStockLocksBeforePayment(container, input?.[STOCK_LOCKS_TO_RELEASE_BEFORE_PAYMENT])
      return new StepResponse(undefined)
    })
    markStockLockReleaseHookRegistered()
  } catch (error) {
    // Another handler came first (Medusa allows one). The checkout then holds its stock locks
    // to the end of the completion, as with the option off: as exact, slower on a popular variant.
    if (!/Cannot define multiple hook handlers/.test(String((error as Error)?.message))) {
      throw error
    }
    if (container.hasRegistration(ContainerRegistrationKeys.LOGGER)) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(
          "completeCartWorkflow's beforePaymentAuthorization hook has another handler: the backorder plugin's checkout " +
            "holds its stock locks across payment authorisation. Set before_payment_authorization_hook: false to say so."
        )
    }
  }
}
