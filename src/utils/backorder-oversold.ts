import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import type { BackorderStockChange } from "../types"

/*
 * Oversold: units an order holds beyond what was in stock when it was placed. It happens when a
 * cart is completed although its in-stock lines are short, because its payment was already
 * confirmed (the provider's webhook) or because code called Medusa's completeCartWorkflow
 * directly. The order keeps them (the shopper paid); the plugin records them and tells the admin.
 */

/** The admin dashboard's notification feed: Medusa's Notification Module, channel `feed`. */
export const ADMIN_FEED = { channel: "feed", template: "admin-ui" } as const

/** One notification per oversold order, however often its completion or event is replayed. */
export const oversoldNotificationKey = (orderId: string) => `backorder-oversold:${orderId}`

/** Records a cart's short lines before its order exists; answers the records' ids (for an undo). */
export async function recordOversoldLines(container: MedusaContainer, cartId: string, lines: BackorderStockChange[]) {
  if (!lines.length) {
    return []
  }
  const created = await container.resolve<BackorderModuleService>(BACKORDER_MODULE).createOversoldLines(
    lines.map((line) => ({
      cart_id: cartId,
      line_item_id: line.line_item_id,
      variant_id: line.variant_id,
      ordered_quantity: line.requested,
      oversold_quantity: line.requested - Math.max(0, line.available),
    }))
  )
  return created.map((line) => line.id)
}

export async function removeOversoldLines(container: MedusaContainer, ids: string[] | undefined) {
  if (ids?.length) {
    await container.resolve<BackorderModuleService>(BACKORDER_MODULE).deleteOversoldLines(ids)
  }
}

/**
 * Ties the cart's oversold lines to the order placed for them and notifies the admin once (the
 * notification's idempotency key is the order's). Answers how many lines the order has oversold.
 */
export async function announceOversoldLines(container: MedusaContainer, input: { cart_id: string; order_id: string }) {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const lines = await backorderModule.listOversoldLines({ cart_id: input.cart_id })
  if (!lines.length) {
    return 0
  }
  const unlinked = lines.filter((line) => !line.order_id)
  if (unlinked.length) {
    await backorderModule.updateOversoldLines(unlinked.map((line) => ({ id: line.id, order_id: input.order_id })))
  }

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({
    entity: "order",
    fields: ["id", "display_id", "items.variant_id", "items.product_title", "items.variant_title"],
    filters: { id: input.order_id },
  })
  const titleOf = (variantId: string) => {
    const item = (order?.items ?? []).find((i: { variant_id?: string | null } | null) => i?.variant_id === variantId)
    return item ? [item.product_title, item.variant_title].filter(Boolean).join(" ") : variantId
  }
  const units = lines.map((line) => `${line.oversold_quantity} × ${titleOf(line.variant_id)}`).join(", ")
  const name = order?.display_id ? `#${order.display_id}` : input.order_id

  const notifications = container.resolve(Modules.NOTIFICATION)
  try {
    await notifications.createNotifications({
      to: "",
      ...ADMIN_FEED,
      resource_id: input.order_id,
      resource_type: "order",
      idempotency_key: oversoldNotificationKey(input.order_id),
      data: {
        title: `Order ${name} is oversold`,
        description:
          `It was completed although these units were not in stock: ${units}. ` +
          `The order holds them (reserved past stock); restock or contact the shopper.`,
      },
    })
  } catch (error) {
    // two concurrent sends: the unique idempotency key lets one through; the other is a duplicate
    const sent = await notifications.listNotifications({ resource_id: input.order_id, ...ADMIN_FEED })
    if (!sent.some((notification) => notification.status !== "failure")) {
      throw error
    }
  }
  return lines.length
}
