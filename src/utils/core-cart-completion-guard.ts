import { MedusaError } from "@medusajs/framework/utils"
import { backorderLinesAmong } from "./backorder-checkout"

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
