import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { READINESS_LOCK_KEY } from "../modules/backorder/service"
import { acquireLeasedLockStep } from "./steps/acquire-leased-lock"
import { applyBackorderReadinessStep, type ReadinessMove } from "./steps/apply-backorder-readiness"
import { getBackorderLockTimingsStep } from "./steps/get-backorder-lock-timings"
import { releaseLeasedLockStep } from "./steps/release-leased-lock"

export const BACKORDER_READY_EVENT = "backorder.ready"

export type RefreshBackorderReadinessInput = {
  /** The inventory items whose stock changed; none: every waiting back order (the job). */
  inventory_item_ids?: string[]
}

/**
 * Moves waiting back orders between `pending` and `ready` as the stock on hand covers them,
 * oldest first (src/utils/backorder-readiness.ts), and emits `backorder.ready` `{ id, order_id }`
 * for each that became ready. Idempotent: a second run finds nothing to move and emits nothing.
 * Output: the back orders it moved.
 */
export const refreshBackorderReadinessWorkflow = createWorkflow(
  "refresh-backorder-readiness",
  (input: RefreshBackorderReadinessInput) => {
    const locks = getBackorderLockTimingsStep()
    const lock = acquireLeasedLockStep(
      transform({ locks }, ({ locks }) => ({ lock_keys: [READINESS_LOCK_KEY], ...locks.stock }))
    )
    const moves = applyBackorderReadinessStep(input)
    const ready = transform({ moves }, ({ moves }) =>
      moves.filter((move) => move.status === "ready").map(({ id, order_id }) => ({ id, order_id }))
    )
    emitEventStep({ eventName: BACKORDER_READY_EVENT, data: ready }).config({ name: "emit-backorder-ready" })
    releaseLeasedLockStep(lock).config({ continueOnPermanentFailure: true })
    return new WorkflowResponse<ReadinessMove[]>(moves)
  }
)
