import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type { BackorderStatus } from "../../modules/backorder/models/backorder"
import type BackorderModuleService from "../../modules/backorder/service"

/** The back order in one of `statuses` whose draft order is this order (or became it), or null. */
export const findBackorderOfOrderStep = createStep(
  "find-backorder-of-order",
  async ({ order_id, statuses }: { order_id: string; statuses: BackorderStatus[] }, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const [backorder] = await backorderModule.listBackorders({ draft_order_id: order_id, status: statuses }, { take: 1 })
    return new StepResponse(
      backorder
        ? { id: backorder.id, draft_order_id: backorder.draft_order_id, status: backorder.status as BackorderStatus }
        : null
    )
  }
)
