import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { PaymentEvents } from "@medusajs/framework/utils"
import {
  authorizePaymentSessionStep,
  capturePaymentWorkflow,
  createPaymentSessionsWorkflow,
  emitEventStep,
} from "@medusajs/medusa/core-flows"
import { LINK_PAYMENT_LOCK, linkPaymentLockKey } from "../modules/backorder/service"
import { findBackorderLinkPaymentStep } from "./steps/find-backorder-link-payment"
import { acquireLeasedLockStep } from "./steps/acquire-leased-lock"
import { releaseLeasedLockStep } from "./steps/release-leased-lock"

export type PayBackorderLinkWorkflowInput = {
  payment_collection_id: string
  /**
   * Opens a session with this provider first (a provider with no client-side step, such as
   * the manual `pp_system_default`); without it, the session the storefront opened is used.
   */
  provider_id?: string
}

/**
 * Medusa's manual provider authorises every session without any money moving (it stands for a
 * payment the merchant collects and confirms). Capturing that on the shopper's request would
 * let anyone holding the link mark the back order paid, so its payment is only authorised: the
 * back order stays awaiting payment until the merchant captures it on the order (Medusa's own
 * payment section), whose `payment.captured` settles it as any capture does.
 */
export const MANUAL_PAYMENT_PROVIDER_ID = "pp_system_default"

export const providerTakesPayment = (providerId: string | undefined) => providerId !== MANUAL_PAYMENT_PROVIDER_ID

export type PayBackorderLinkWorkflowOutput = {
  backorder_id: string
  order_id: string
  payment_id: string
}

/**
 * The shopper pays a back order's payment link in the storefront: the session the storefront
 * opened is authorised with its provider (the provider decides whether the money is there, as
 * at checkout), then captured, since a payment link asks for the whole total now (except for
 * the manual provider, see above). Medusa's capture emits `payment.captured`, and the plugin's
 * settlement turns the back order charged, exactly as when a provider's webhook captures it.
 */
export const payBackorderLinkWorkflow = createWorkflow(
  "pay-backorder-link",
  (input: PayBackorderLinkWorkflowInput) => {
    const lockKey = transform({ input }, ({ input }) => linkPaymentLockKey(input.payment_collection_id))
    const lock = acquireLeasedLockStep(transform({ lockKey }, ({ lockKey }) => ({ lock_keys: [lockKey], ...LINK_PAYMENT_LOCK })))

    const target = findBackorderLinkPaymentStep(
      transform({ input }, ({ input }) => ({
        payment_collection_id: input.payment_collection_id,
        opens_session: !!input.provider_id,
      }))
    )
    const opened = when("open-backorder-link-session", { input }, ({ input }) => !!input.provider_id).then(() =>
      createPaymentSessionsWorkflow.runAsStep({
        input: transform({ input }, ({ input }) => ({
          payment_collection_id: input.payment_collection_id,
          provider_id: input.provider_id!,
        })),
      })
    )
    const sessionInput = transform({ target, opened }, ({ target, opened }) => ({
      id: opened?.id ?? target.payment_session_id ?? "",
      context: {},
    }))
    const payment = authorizePaymentSessionStep(sessionInput)

    // a provider that captures on authorisation leaves the payment captured already; Medusa's
    // payment module does not announce that capture, so the plugin does
    const capturedByProvider = transform({ payment }, ({ payment }) => !!payment?.captured_at)
    const toCapture = transform(
      { payment, capturedByProvider },
      ({ payment, capturedByProvider }) => !capturedByProvider && providerTakesPayment(payment?.provider_id)
    )
    when("capture-backorder-link-payment", { toCapture }, ({ toCapture }) => toCapture).then(
      () => {
        capturePaymentWorkflow.runAsStep({
          input: transform({ payment }, ({ payment }) => ({ payment_id: payment!.id })),
        })
      }
    )
    when("announce-provider-capture", { capturedByProvider }, ({ capturedByProvider }) => capturedByProvider).then(() => {
      emitEventStep({
        eventName: PaymentEvents.CAPTURED,
        data: transform({ payment }, ({ payment }) => ({ id: payment!.id })),
      })
    })

    releaseLeasedLockStep(lock)

    return new WorkflowResponse(
      transform({ target, payment }, ({ target, payment }) => ({
        backorder_id: target.backorder_id,
        order_id: target.order_id,
        payment_id: payment!.id,
      }))
    )
  }
)
