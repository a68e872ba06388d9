import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import type { BackorderTransitionMade } from "../../modules/backorder/service"
import { judgeReadiness, readBackorderLine } from "../../utils/backorder-readiness"

export type ApplyBackorderReadinessInput = {
  /** Check the line of these inventory items only; none: every waiting back order. */
  inventory_item_ids?: string[]
}

/** A back order that moved: `ready` (the stock covers it now) or back to `pending`. */
export type ReadinessMove = { id: string; order_id: string; status: "ready" | "pending" }

/**
 * Reads the line (src/utils/backorder-readiness.ts) and moves each waiting back order whose
 * readiness changed, each by one conditional update: one a charge or cancel claimed meanwhile
 * stays as it is. Compensation moves them back.
 */
export const applyBackorderReadinessStep = createStep(
  "apply-backorder-readiness",
  async (input: ApplyBackorderReadinessInput, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    if (!backorderModule.movesBackordersToReady()) {
      return new StepResponse([] as ReadinessMove[], [] as BackorderTransitionMade[])
    }
    const line = await readBackorderLine(container, input.inventory_item_ids)
    const judged = judgeReadiness(line.queue, line.stock)
    const moves: ReadinessMove[] = []
    const made: BackorderTransitionMade[] = []
    for (const backorder of line.queue) {
      const ready = judged.get(backorder.id)!.ready
      if (ready === (backorder.status === "ready")) {
        continue
      }
      const transition = ready ? "become_ready" : "become_pending"
      const moved = await backorderModule.transitionBackorder(backorder.id, transition, { from: backorder.status })
      if (moved) {
        made.push(moved)
        moves.push({ id: backorder.id, order_id: backorder.draft_order_id, status: ready ? "ready" : "pending" })
      }
    }
    return new StepResponse(moves, made)
  },
  async (made, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    for (const move of [...(made ?? [])].reverse()) {
      await backorderModule.undoBackorderTransition(move)
    }
  }
)
