import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { InventoryLevelWorkflowEvents, Modules } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import { refreshBackorderReadinessWorkflow } from "../workflows/refresh-backorder-readiness"
import { BACKORDER_PLACED_EVENT } from "../workflows/complete-cart-with-backorders"
import { BACKORDER_CANCELED_EVENT } from "../workflows/cancel-backorder"
import { itemsHeldBy, judgeReadiness, readBackorderLine } from "../utils/backorder-readiness"

/**
 * Stock changed (a restock, a count, a shipment), a back order joined the line or left it: the
 * back orders waiting for that stock move between pending and ready. The scheduled job does the
 * same for everything a missed event left behind.
 */
export default async function backorderReadinessHandler({
  event,
  container,
}: SubscriberArgs<{ id: string; draft_order_id?: string }>) {
  if (!container.resolve<BackorderModuleService>(BACKORDER_MODULE).movesBackordersToReady()) {
    return
  }
  const inventory = container.resolve(Modules.INVENTORY)
  let inventoryItemIds: string[] | undefined
  if (event.name === BACKORDER_PLACED_EVENT) {
    if (!event.data.draft_order_id) {
      return
    }
    inventoryItemIds = await itemsHeldBy(container, [event.data.draft_order_id])
    // Nearly every new back order waits (it was placed because stock was short): only one placed
    // while stock arrived is ready at once. Looked at without the lock, so a burst of checkouts
    // never queues on it; a restock committed later has its own event.
    if (inventoryItemIds.length && !(await wouldBeReady(container, inventoryItemIds, event.data.id))) {
      return
    }
  } else if (event.name !== BACKORDER_CANCELED_EVENT) {
    const levels = await inventory.listInventoryLevels({ id: event.data.id }, { select: ["inventory_item_id"] })
    inventoryItemIds = levels.map((level) => level.inventory_item_id)
  }
  // a canceled back order's reservations are gone: the whole line is checked
  if (inventoryItemIds && !inventoryItemIds.length) {
    return
  }
  await refreshBackorderReadinessWorkflow(container).run({ input: { inventory_item_ids: inventoryItemIds } })
}

async function wouldBeReady(container: SubscriberArgs["container"], inventoryItemIds: string[], backorderId: string) {
  const line = await readBackorderLine(container, inventoryItemIds)
  return !!judgeReadiness(line.queue, line.stock).get(backorderId)?.ready
}

export const config: SubscriberConfig = {
  event: [
    InventoryLevelWorkflowEvents.CREATED,
    InventoryLevelWorkflowEvents.UPDATED,
    BACKORDER_PLACED_EVENT,
    BACKORDER_CANCELED_EVENT,
  ],
}
