import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { closeCanceledBackorderWorkflow } from "../workflows/close-canceled-backorder"

/**
 * An order was canceled through Medusa's own screens. If it is the order a back order became
 * (awaiting its payment link), the back order is canceled with it, so its link is not paid
 * and the queue shows what happened. The plugin's own cancel has closed the back order first.
 */
export default async function backorderOrderCanceledHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await closeCanceledBackorderWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "order.canceled",
}
