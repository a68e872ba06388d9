import type { MedusaContainer } from "@medusajs/framework/types"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import { DRAFT_HELD_STATUSES, type BackorderStatus } from "../modules/backorder/service"

/** The back order whose draft order this is (or the order the draft became), or null; optionally only in `statuses`. */
export async function findBackorderOfOrder(container: MedusaContainer, orderId: string, statuses?: BackorderStatus[]) {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [backorder] = await backorderModule.listBackorders(
    { draft_order_id: orderId, ...(statuses && { status: statuses }) },
    { take: 1 }
  )
  return backorder ?? null
}

/** The back order whose draft this order is while the draft belongs to the plugin's flow, or null. */
export function backorderHoldingDraft(container: MedusaContainer, orderId: string) {
  return findBackorderOfOrder(container, orderId, [...DRAFT_HELD_STATUSES])
}
