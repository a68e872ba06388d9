import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { announceOversoldLines } from "../utils/backorder-oversold"

/**
 * Code that completes a cart with Medusa's own completeCartWorkflow (not the plugin's checkout)
 * gets its short lines recorded by the plugin's validate handler, before the order exists; once
 * Medusa has placed the order, its oversold lines are tied to it and the admin notified. The
 * plugin's checkout does the same in its last steps; both are idempotent.
 */
export default async function backorderOversoldOrderHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [link],
  } = await query.graph({ entity: "order_cart", fields: ["cart_id"], filters: { order_id: event.data.id } })
  if (link?.cart_id) {
    await announceOversoldLines(container, { cart_id: link.cart_id, order_id: event.data.id })
  }
}

export const config: SubscriberConfig = {
  event: "order.placed",
}
