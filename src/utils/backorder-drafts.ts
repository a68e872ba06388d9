import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
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

/**
 * The back order whose draft this order is while the draft belongs to the plugin's flow, or null.
 * A back order awaiting payment holds its draft until the link is paid; one whose order was
 * converted already (a charge recovered after a crash, or a link sent before drafts were kept)
 * leaves Medusa's screens to act on that order as on any other.
 */
export async function backorderHoldingDraft(container: MedusaContainer, orderId: string) {
  const backorder = await findBackorderOfOrder(container, orderId, [...DRAFT_HELD_STATUSES])
  if (!backorder || backorder.status !== "awaiting_payment") {
    return backorder
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({ entity: "order", fields: ["id", "is_draft_order"], filters: { id: orderId } })
  return order?.is_draft_order ? backorder : null
}
