import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  cancelOrderWorkflow,
  emitEventStep,
} from "@medusajs/medusa/core-flows"
import { backorderLockKey } from "../modules/backorder/service"
import { claimBackorderStep } from "./steps/claim-backorder"
import { getBackorderLockTimingsStep } from "./steps/get-backorder-lock-timings"
import { transitionBackorderStatusStep } from "./steps/transition-backorder-status"
import { acquireLeasedLockStep } from "./steps/acquire-leased-lock"
import { releaseLeasedLockStep } from "./steps/release-leased-lock"
import type { BackorderCanceledBy } from "../utils/backorder-notices"

export const BACKORDER_CANCELED_EVENT = "backorder.canceled"

export type CancelBackorderInput = {
  backorder_id: string
  /** The admin user (or the customer), recorded on the canceled draft order. */
  actor_id?: string
  /** Who cancels, told in `backorder.canceled` and the notices (default: the admin). */
  canceled_by?: Extract<BackorderCanceledBy, "admin" | "customer">
  /** A logged-in customer's cancel: only their own back order (another's is not found). */
  customer_id?: string | null
}

/**
 * Cancels a pending or ready back order (the admin's, or its customer's own): its draft order is canceled, which also deletes the
 * reservations checkout made for the back-ordered units, so they are available again.
 * Output: `{ backorder_id, order_id }`.
 */
export const cancelBackorderWorkflow = createWorkflow("cancel-backorder", (input: CancelBackorderInput) => {
  // same key as charging: a cancel racing a charge waits, then finds the back order no longer pending
  const locks = getBackorderLockTimingsStep()
  const lockKey = transform({ input }, ({ input }) => backorderLockKey(input.backorder_id))
  const lock = acquireLeasedLockStep(transform({ lockKey, locks }, ({ lockKey, locks }) => ({ lock_keys: [lockKey], ...locks.backorder })))

  // the claim in the database first: a charge can never take a canceled back order
  const backorder = claimBackorderStep(
    transform({ input }, ({ input }) => ({
      backorder_id: input.backorder_id,
      // a customer cancels only what waits for stock; the admin also one awaiting its payment link
      action: input.canceled_by === "customer" ? ("customer_cancel" as const) : ("cancel" as const),
      customer_id: input.customer_id ?? null,
    }))
  )

  // Medusa's cancel first (it releases the reservations and emits order.canceled), then the
  // status: a run that dies between the two leaves `canceling` on a canceled draft, which
  // recovery reads as canceled; the other order would leave `canceled` on a live draft whose
  // units stay reserved. Nothing after Medusa's cancel may fail the run and leave a canceled
  // draft "pending"; a failed status update leaves the claim to recovery.
  cancelOrderWorkflow.runAsStep({
    input: { order_id: backorder.draft_order_id, canceled_by: input.actor_id },
  })

  transitionBackorderStatusStep({ id: input.backorder_id, transition: "cancel", required: true }).config({
    continueOnPermanentFailure: true,
  })

  emitEventStep({
    eventName: BACKORDER_CANCELED_EVENT,
    data: transform({ input, backorder }, ({ input, backorder }) => ({
      id: input.backorder_id,
      order_id: backorder.draft_order_id,
      canceled_by: input.canceled_by ?? "admin",
    })),
  }).config({ continueOnPermanentFailure: true })

  releaseLeasedLockStep(lock).config({ continueOnPermanentFailure: true })

  const result = transform({ input, backorder }, ({ input, backorder }) => ({
    backorder_id: input.backorder_id,
    order_id: backorder.draft_order_id,
  }))
  return new WorkflowResponse(result)
})
