import { MedusaError } from "@medusajs/framework/utils"
import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { backorderLinesAmong } from "../../utils/backorder-checkout"

/**
 * Fail closed on every completion path. Medusa's completeCartWorkflow also runs outside the
 * store route: from a payment webhook (processPaymentWorkflow completes the cart once the
 * provider confirms) and from a merchant's own code. Alone it would put a zero-priced
 * back-order line into the paid order and place no back order. The plugin's checkout takes
 * the back-order lines out of the cart before it runs Medusa's completion, so a completion that
 * still finds one is not the plugin's: it is refused before the order is created and before the
 * payment is authorised. On the webhook path the plugin has completed the cart already (its
 * middleware on Medusa's webhook route), so Medusa's delayed processing finds the order.
 *
 * This takes Medusa's one `validate` handler of completeCartWorkflow (a hook accepts one
 * handler per application): a merchant who needs it can call the plugin's guard from theirs
 * (`refuseCoreCompletionOfBackorderLines`) after removing this file's registration.
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

completeCartWorkflow.hooks.validate(async ({ cart }, { container }) => {
  await refuseCoreCompletionOfBackorderLines(cart, container)
})
