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

export const BACKORDER_CANCELED_EVENT = "backorder.canceled"

export type CancelBackorderInput = {
  backorder_id: string
  /** The admin user, recorded on the canceled draft order. */
  actor_id?: string
}

/**
 * Cancels a pending back order: its draft order is canceled, which also deletes the
 * reservations checkout made for the back-ordered units, so they are available again.
 * Output: `{ backorder_id, order_id }`.
 */
export const cancelBackorderWorkflow = createWorkflow("cancel-backorder", (input: CancelBackorderInput) => {
  // same key as charging: a cancel racing a charge waits, then finds the back order no longer pending
  const locks = getBackorderLockTimingsStep()
  const lockKey = transform({ input }, ({ input }) => backorderLockKey(input.backorder_id))
  const lock = acquireLeasedLockStep(transform({ lockKey, locks }, ({ lockKey, locks }) => ({ lock_keys: [lockKey], ...locks.backorder })))

  // the claim in the database first: a charge can never take a canceled back order
  const backorder = claimBackorderStep({ backorder_id: input.backorder_id, action: "cancel" })

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
    data: { id: input.backorder_id, order_id: backorder.draft_order_id },
  }).config({ continueOnPermanentFailure: true })

  releaseLeasedLockStep(lock).config({ continueOnPermanentFailure: true })

  const result = transform({ input, backorder }, ({ input, backorder }) => ({
    backorder_id: input.backorder_id,
    order_id: backorder.draft_order_id,
  }))
  return new WorkflowResponse(result)
})
