import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { closeCanceledBackorderWorkflow } from "../workflows/close-canceled-backorder"

/**
 * An order was canceled outside the plugin. If it is a back order's draft or the order it
 * became (awaiting its payment link), the back order is canceled with it, so it can't be
 * charged or its link paid, and the queue shows what happened.
 */
export default async function backorderOrderCanceledHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await closeCanceledBackorderWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "order.canceled",
}
