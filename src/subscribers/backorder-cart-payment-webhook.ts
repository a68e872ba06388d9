import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { ProviderWebhookPayload } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, PaymentActions, PaymentWebhookEvents } from "@medusajs/framework/utils"
import { completesThroughPlugin } from "../utils/backorder-checkout"
import { completeCartWithBackordersWorkflow } from "../workflows/complete-cart-with-backorders"

/** What a provider says when a payment went through (authorised, or captured at once). */
const CONFIRMING_ACTIONS: string[] = [PaymentActions.AUTHORIZED, PaymentActions.SUCCESSFUL]

/**
 * The webhook path of checkout. When a payment provider confirms a cart's payment by webhook
 * (the shopper closed the tab after 3-D Secure, or the webhook came first), Medusa's own
 * subscriber completes the cart with Medusa's completion, which refuses carts with back-order
 * lines (see the completeCartWorkflow guard). This subscriber completes such carts with the
 * plugin's checkout instead: the same workflow as the store route, under the same cart lock,
 * so whichever runs first completes the cart once and the other finds it completed.
 */
export default async function backorderCartPaymentWebhookHandler({
  event,
  container,
}: SubscriberArgs<ProviderWebhookPayload>) {
  const input = event.data
  if ((input.payload?.rawData as { type?: string } | undefined)?.type === "Buffer") {
    input.payload.rawData = Buffer.from((input.payload.rawData as unknown as { data: number[] }).data)
  }
  const processed = await container.resolve(Modules.PAYMENT).getWebhookActionAndData(input)
  const sessionId = processed.data?.session_id
  if (!sessionId || !CONFIRMING_ACTIONS.includes(processed.action)) {
    return
  }

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [session],
  } = await query.graph({
    entity: "payment_session",
    fields: ["id", "payment_collection_id"],
    filters: { id: sessionId },
  })
  if (!session) {
    return
  }
  const {
    data: [cartLink],
  } = await query.graph({
    entity: "cart_payment_collection",
    fields: ["cart_id", "cart.completed_at"],
    filters: { payment_collection_id: session.payment_collection_id },
  })
  const cartId: string | undefined = cartLink?.cart_id
  if (!cartId || cartLink.cart?.completed_at || !(await completesThroughPlugin(container, cartId))) {
    return
  }

  const { errors, result } = await completeCartWithBackordersWorkflow(container).run({
    input: { cart_id: cartId },
    throwOnError: false,
  })
  // Nothing was placed; the payment stays authorised (not captured) for the shopper's next try
  // on the store route, which answers with the reason (a payment error, a stock change).
  const reason = errors?.find((e) => e?.error)?.error?.message ?? result?.stock_changed_message
  if (!result?.order_id && reason) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`Back-order checkout of cart ${cartId} after its payment webhook placed nothing: ${reason}`)
  }
}

export const config: SubscriberConfig = {
  event: PaymentWebhookEvents.WebhookReceived,
  context: { subscriberId: "backorder-cart-payment-webhook" },
}
