import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { settleBackorderPaymentWorkflow } from "../workflows/settle-backorder-payment"

/** The payment-link path: when the shopper pays the link, the back order is charged. */
export default async function backorderPaymentCapturedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await settleBackorderPaymentWorkflow(container).run({ input: { payment_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "payment.captured",
}
