import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { BACKORDER_CHARGED_EVENT, convertBackorderDraft } from "./charge-backorder"
import { findBackorderAwaitingPaymentStep } from "./steps/find-backorder-awaiting-payment"
import { backorderLockKey } from "../modules/backorder/service"
import { getBackorderLockTimingsStep } from "./steps/get-backorder-lock-timings"
import { transitionBackorderStatusStep } from "./steps/transition-backorder-status"
import { acquireLeasedLockStep } from "./steps/acquire-leased-lock"
import { releaseLeasedLockStep } from "./steps/release-leased-lock"

/**
 * A payment was captured: if it paid the payment link of a back order awaiting payment, that
 * back order's draft becomes an order (its units reserved once) and the back order is charged.
 * Payments of anything else are ignored.
 * Output: the charged back order's id, or null (nothing to settle, or already settled).
 */
export const settleBackorderPaymentWorkflow = createWorkflow(
  "settle-backorder-payment",
  (input: { payment_id: string }) => {
    const candidate = findBackorderAwaitingPaymentStep(input)
    const lockKey = transform({ candidate }, ({ candidate }) => (candidate ? backorderLockKey(candidate.id) : ""))

    // The event can be delivered more than once, and deliveries run concurrently: each would
    // see `awaiting_payment` and emit `backorder.charged`. So the transition happens under the
    // back order's lock (the key charge and cancel use), and it is a conditional update
    // (`settle_payment_link`): only the delivery that moved it announces it, whatever the
    // locking provider.
    const lock = when("lock-backorder-to-settle", { candidate }, ({ candidate }) => !!candidate).then(() => {
      const locks = getBackorderLockTimingsStep()
      return acquireLeasedLockStep(transform({ lockKey, locks }, ({ lockKey, locks }) => ({ lock_keys: [lockKey], ...locks.backorder })))
    })
    const backorder = when("recheck-backorder-under-lock", { candidate }, ({ candidate }) => !!candidate).then(() =>
      findBackorderAwaitingPaymentStep(input).config({ name: "recheck-backorder-awaiting-payment" })
    )

    // Paid: now the draft becomes an order (Medusa's `order.placed`: the goods may ship). A
    // failure here rolls the conversion back and leaves the back order awaiting payment on its
    // captured collection, which the scheduled reconcile settles again.
    when("convert-paid-backorder-draft", { backorder }, ({ backorder }) => !!backorder?.is_draft).then(() => {
      convertBackorderDraft(transform({ backorder }, ({ backorder }) => backorder!.draft_order_id))
    })

    const moved = when("backorder-still-awaiting-payment", { backorder }, ({ backorder }) => !!backorder).then(() => {
      const statusUpdate = transform({ backorder }, ({ backorder }) => ({
        id: backorder!.id,
        transition: "settle_payment_link" as const,
        from: backorder!.status,
      }))
      return transitionBackorderStatusStep(statusUpdate)
    })
    const charged = when("announce-settled-backorder", { moved }, ({ moved }) => !!moved).then(() => {
      emitEventStep({
        eventName: BACKORDER_CHARGED_EVENT,
        data: transform({ backorder }, ({ backorder }) => ({
          id: backorder!.id,
          order_id: backorder!.draft_order_id,
        })),
      }).config({ continueOnPermanentFailure: true })
      return transform({ backorder }, ({ backorder }) => backorder!.id)
    })

    when("unlock-settled-backorder", { candidate }, ({ candidate }) => !!candidate).then(() => {
      releaseLeasedLockStep(lock).config({ continueOnPermanentFailure: true })
    })

    return new WorkflowResponse(transform({ charged }, ({ charged }) => charged ?? null))
  }
)
