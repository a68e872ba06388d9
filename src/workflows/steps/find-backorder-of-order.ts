import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { BackorderStatus } from "../../modules/backorder/service"
import { findBackorderOfOrder } from "../../utils/backorder-drafts"

/** The back order in one of `statuses` whose draft order is this order (or became it), or null. */
export const findBackorderOfOrderStep = createStep(
  "find-backorder-of-order",
  async ({ order_id, statuses }: { order_id: string; statuses: BackorderStatus[] }, { container }) => {
    const backorder = await findBackorderOfOrder(container, order_id, statuses)
    return new StepResponse(
      backorder
        ? { id: backorder.id, draft_order_id: backorder.draft_order_id, status: backorder.status as BackorderStatus }
        : null
    )
  }
)
