import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { completeCartWithBackordersWorkflowId } from "../workflows/complete-cart-with-backorders"
import { backorderLinesAmong, completesThroughPlugin } from "./backorder-checkout"
import { CART_STOCK_FIELDS, retrieveCartWithBackorderLineIds } from "./backorder-cart"
import { recordOversoldLines } from "./backorder-oversold"
import { findStockShortfalls } from "./backorder-shortfall"

/**
 * Fail closed on every completion path. Medusa's completeCartWorkflow also runs outside the
 * store route: from a payment webhook (processPaymentWorkflow completes the cart once the
 * provider confirms) and from a merchant's own code. Alone it would put a zero-priced
 * back-order line into the paid order and place no back order. The plugin's checkout takes
 * the back-order lines out of the cart before it runs Medusa's completion, so a completion that
 * still finds one is not the plugin's: it is refused before the order is created and before the
 * payment is authorised.
 *
 * Registered on `completeCartWorkflow.hooks.validate` by the plugin (a hook takes one handler
 * per application); with the `complete_cart_validate_hook: false` option a merchant's own
 * handler calls it instead.
 */
export async function refuseCoreCompletionOfBackorderLines(
  cart: { id?: string; items?: ({ id?: string } | null)[] | null } | null | undefined,
  container: Parameters<typeof backorderLinesAmong>[0]
) {
  if (!cart?.id) {
    return
  }
  const itemIds = (cart.items ?? []).flatMap((item) => (item?.id ? [item.id] : []))
  const backordered = await backorderLinesAmong(container, cart.id, itemIds)
  if (backordered.length) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Cart ${cart.id} holds back-ordered items; it can only be completed by the backorder plugin's ` +
        `checkout (POST /store/carts/${cart.id}/complete or completeCartWithBackordersWorkflow), ` +
        `which places them as a pending back order.`
    )
  }
}

/**
 * A completion by Medusa's own completeCartWorkflow (code calling it; Medusa's payment webhook
 * processing when the plugin's checkout placed nothing) does not re-check stock: a short cart
 * is placed anyway. The plugin records its short lines as oversold before the order is created
 * (the caller undoes that with `removeOversoldLines` when the completion rolls back), and the
 * admin is notified when Medusa emits `order.placed`. Unlike the plugin's checkout, this runs
 * without the stock locks: two such completions at the same time may both pass unrecorded.
 * Answers the ids of the records made.
 */
export async function recordOversoldLinesOfCoreCompletion(
  cart: { id?: string; completed_at?: unknown } | null | undefined,
  container: MedusaContainer,
  parentStepIdempotencyKey?: string
): Promise<string[]> {
  // the plugin's checkout re-checked the cart under its stock locks; a completed cart is a replay
  const inPluginCheckout = parentStepIdempotencyKey?.startsWith(`${completeCartWithBackordersWorkflowId}:`)
  if (!cart?.id || cart.completed_at || inPluginCheckout || !(await completesThroughPlugin(container, cart.id))) {
    return []
  }
  const { cart: stock, backorderLineIds } = await retrieveCartWithBackorderLineIds<CartStockRow>(
    container,
    cart.id,
    CART_STOCK_FIELDS
  )
  if (!stock) {
    return []
  }
  const { stock_changed } = await findStockShortfalls(container, {
    sales_channel_id: stock.sales_channel_id,
    lines: (stock.items ?? []).flatMap((item) =>
      item ? [{ id: item.id, variant_id: item.variant_id ?? null, quantity: Number(item.quantity) }] : []
    ),
    backorder_line_ids: backorderLineIds,
  })
  return recordOversoldLines(container, cart.id, stock_changed)
}

type CartStockRow = {
  sales_channel_id: string | null
  items: ({ id: string; variant_id?: string | null; quantity: unknown } | null)[] | null
}
