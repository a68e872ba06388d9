import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { PaymentEvents } from "@medusajs/framework/utils"
import {
  addOrderTransactionStep,
  authorizePaymentSessionStep,
  cancelPaymentStep,
  capturePaymentStep,
  createPaymentSessionsWorkflow,
  emitEventStep,
} from "@medusajs/medusa/core-flows"
import { LINK_PAYMENT_LOCK, linkPaymentLockKey } from "../modules/backorder/service"
import { ensureBackorderLinkPayableStep } from "./steps/ensure-backorder-link-payable"
import { findBackorderLinkPaymentStep } from "./steps/find-backorder-link-payment"
import { acquireLeasedLockStep } from "./steps/acquire-leased-lock"
import { releaseLeasedLockStep } from "./steps/release-leased-lock"

export { MANUAL_PAYMENT_PROVIDER_ID } from "../modules/backorder/service"

export type PayBackorderLinkWorkflowInput = {
  payment_collection_id: string
  /**
   * Opens a session with this provider first (a provider with no client-side step, such as
   * the manual `pp_system_default`); without it, the session the storefront opened is used.
   */
  provider_id?: string
}

export type PayBackorderLinkWorkflowOutput = {
  backorder_id: string
  order_id: string
  payment_id: string
}

type CapturedPayment = {
  id: string
  currency_code: string
  captures?: ({ id: string; amount: unknown; raw_amount?: unknown } | null)[] | null
}

/**
 * The shopper pays a back order's payment link in the storefront: the session is authorised
 * with its provider (the provider decides whether the money is there, as at checkout), then
 * captured, since a payment link asks for the whole total now. Only providers that take the
 * money are captured (the `payment_link_capture_providers` option; by default all but Medusa's
 * manual provider, which authorises anything without money moving: its payment waits for the
 * merchant's capture, and a card payment may replace it). Medusa's `payment.captured` then
 * has the plugin's settlement convert the draft and charge the back order, exactly as when a
 * provider's webhook captures it.
 */
export const payBackorderLinkWorkflow = createWorkflow(
  "pay-backorder-link",
  (input: PayBackorderLinkWorkflowInput) => {
    const lockKey = transform({ input }, ({ input }) => linkPaymentLockKey(input.payment_collection_id))
    const lock = acquireLeasedLockStep(transform({ lockKey }, ({ lockKey }) => ({ lock_keys: [lockKey], ...LINK_PAYMENT_LOCK })))

    const target = findBackorderLinkPaymentStep(
      transform({ input }, ({ input }) => ({
        payment_collection_id: input.payment_collection_id,
        provider_id: input.provider_id,
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

    // canceled or closed while the provider authorised: refused, and the authorisation canceled
    ensureBackorderLinkPayableStep({ payment_collection_id: input.payment_collection_id })

    // a provider that captures on authorisation leaves the payment captured already; Medusa's
    // payment module does not announce that capture, so the plugin does
    const capturedByProvider = transform({ payment }, ({ payment }) => !!payment?.captured_at)
    const toCapture = transform(
      { target, capturedByProvider },
      ({ target, capturedByProvider }) => !capturedByProvider && target.captures
    )
    // The capture is the last step that may fail the run: it cannot be undone (Medusa leaves
    // refunds to a person), so nothing after it may roll the payment back.
    const captured = when("capture-backorder-link-payment", { toCapture }, ({ toCapture }) => toCapture).then(() =>
      capturePaymentStep(transform({ payment }, ({ payment }) => ({ payment_id: payment!.id })))
    )
    when("record-backorder-link-capture", { captured }, ({ captured }) => !!captured).then(() => {
      // what Medusa's capturePaymentWorkflow records on the order, and its event
      addOrderTransactionStep(
        transform({ captured, target }, ({ captured, target }) =>
          ((captured as CapturedPayment).captures ?? []).flatMap((capture) =>
            capture
              ? [
                  {
                    order_id: target.order_id,
                    amount: (capture.raw_amount ?? capture.amount) as number,
                    currency_code: (captured as CapturedPayment).currency_code,
                    reference: "capture",
                    reference_id: capture.id,
                  },
                ]
              : []
          )
        )
      ).config({ continueOnPermanentFailure: true })
    })
    const announced = transform({ payment, captured, capturedByProvider }, ({ payment, captured, capturedByProvider }) =>
      captured || capturedByProvider ? payment!.id : null
    )
    when("announce-backorder-link-capture", { announced }, ({ announced }) => !!announced).then(() => {
      emitEventStep({
        eventName: PaymentEvents.CAPTURED,
        data: transform({ announced }, ({ announced }) => ({ id: announced! })),
      }).config({ continueOnPermanentFailure: true })
    })
    // the manual authorisation this payment replaces: no money moved with it, nothing to refund
    when(
      "cancel-replaced-link-payments",
      { target, announced },
      ({ target, announced }) => !!announced && target.replaces_payment_ids.length > 0
    ).then(() => {
      cancelPaymentStep(transform({ target }, ({ target }) => ({ paymentIds: target.replaces_payment_ids }))).config({
        continueOnPermanentFailure: true,
      })
    })

    releaseLeasedLockStep(lock).config({ continueOnPermanentFailure: true })

    return new WorkflowResponse(
      transform({ target, payment }, ({ target, payment }) => ({
        backorder_id: target.backorder_id,
        order_id: target.order_id,
        payment_id: payment!.id,
      }))
    )
  }
)
