import type { MedusaContainer, ProviderWebhookPayload } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, PaymentActions } from "@medusajs/framework/utils"
import { completeCartWithBackordersWorkflow } from "../workflows/complete-cart-with-backorders"
import { completesThroughPlugin } from "./backorder-checkout"

/** What a provider says when a payment went through (authorised, or captured at once). */
const CONFIRMING_ACTIONS: string[] = [PaymentActions.AUTHORIZED, PaymentActions.SUCCESSFUL]

/**
 * The webhook path of checkout. When a payment provider confirms a cart's payment by webhook
 * (the shopper closed the tab after 3-D Secure, or the webhook came first), Medusa's payment
 * subscriber completes the cart with Medusa's completion, which refuses carts with back-order
 * lines (the completeCartWorkflow guard); if it had captured the payment by then, its rollback
 * would refund it. So the plugin completes such carts first, with its own checkout (the same
 * workflow as the store route, under the same cart lock), while the webhook request is handled:
 * Medusa processes the webhook's event only after a delay (`webhook_delay`, 5 s by default),
 * finds the cart's order and does not complete it again.
 * Answers the order id, or null when this was not such a cart (or nothing was placed).
 */
export async function completeBackorderCartOfConfirmedPayment(
  container: MedusaContainer,
  event: ProviderWebhookPayload
): Promise<string | null> {
  const processed = await container.resolve(Modules.PAYMENT).getWebhookActionAndData(event)
  const sessionId = processed.data?.session_id
  if (!sessionId || !CONFIRMING_ACTIONS.includes(processed.action)) {
    return null
  }

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [session],
  } = await query.graph({ entity: "payment_session", fields: ["id", "payment_collection_id"], filters: { id: sessionId } })
  if (!session) {
    return null
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
    return null
  }

  // The provider has confirmed the payment: a stock change since the shopper paid can't be
  // answered by the shopper any more (they may have closed the tab), and refusing would leave a
  // paid cart without an order. So the short lines are placed and recorded as oversold instead.
  const { errors, result } = await completeCartWithBackordersWorkflow(container).run({
    input: { cart_id: cartId, on_stock_change: "record_oversold" },
    throwOnError: false,
  })
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  // Nothing placed (a payment or other error): the payment stays as the provider left it, for
  // the shopper's next try on the store route, which answers with the reason.
  const reason = errors?.find((e) => e?.error)?.error?.message
  if (!result?.order_id && reason) {
    logger.warn(`Back-order checkout of cart ${cartId} after its payment webhook placed nothing: ${reason}`)
  }
  if (result?.oversold.length) {
    logger.warn(`Order ${result.order_id} of cart ${cartId} was placed oversold (paid before the stock re-check).`)
  }
  return result?.order_id ?? null
}
