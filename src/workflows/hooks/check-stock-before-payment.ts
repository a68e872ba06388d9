import { container } from "@medusajs/framework"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import {
  CHECK_STOCK_BEFORE_PAYMENT,
  confirmStockBeforePayment,
  markStockCheckHookRegistered,
} from "../../utils/backorder-stock-books"

/**
 * Whether the plugin takes Medusa's one `beforePaymentAuthorization` handler of
 * completeCartWorkflow (read now, as for the completion guard: see guard-core-cart-completion.ts).
 * Outside an app the handler is registered: it only acts on the plugin's own flag.
 */
function takesBeforePaymentAuthorizationHook(): boolean {
  if (!container.hasRegistration(BACKORDER_MODULE)) {
    return true
  }
  return container.resolve<BackorderModuleService>(BACKORDER_MODULE).registersBeforePaymentAuthorizationHook()
}

type CompleteCartHookInput = { input: { id: string; [CHECK_STOCK_BEFORE_PAYMENT]?: boolean } }
type BeforePaymentAuthorizationHook = (
  handler: (input: CompleteCartHookInput, context: { container: MedusaContainer }) => Promise<StepResponse<void>>
) => void

// Runs inside Medusa's completion after the order and its reservations were made, before the
// payment is authorised (the hook is undocumented in 2.21's types: `@ignore`). Only the plugin's
// checkout asks for the check (its input's flag); it then holds no stock lock across the payment.
if (takesBeforePaymentAuthorizationHook()) {
  const hooks = completeCartWorkflow.hooks as unknown as { beforePaymentAuthorization: BeforePaymentAuthorizationHook }
  try {
    hooks.beforePaymentAuthorization(async ({ input }, { container }) => {
      if (input?.[CHECK_STOCK_BEFORE_PAYMENT]) {
        await confirmStockBeforePayment(container, input.id)
      }
      return new StepResponse(undefined)
    })
    markStockCheckHookRegistered()
  } catch (error) {
    // Another handler came first (Medusa allows one). The checkout then holds its stock locks
    // across the completion, as with the option off: as exact, slower on a popular variant.
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
