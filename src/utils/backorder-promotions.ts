import type { MedusaContainer } from "@medusajs/framework/types"
import { backorderLinesAmong } from "./backorder-checkout"

/** The cart as Medusa's updateCartPromotionsWorkflow hands it to `setPromotionContext`. */
export type CartForPromotions = { id?: string; items?: ({ id?: string } | null)[] | null } | null | undefined

/**
 * What Medusa's promotion module must see of a cart: its lines without the back-order lines.
 * A back-order line is zero-priced and not discountable, so no promotion adjusts it, but the
 * promotion module still reads every item of the context for buy rules (`buyget`) and for rules
 * on the cart's items (`items.product.id`, `items.quantity`, ...): back-ordered units would earn
 * discounts on the paid items ("buy 2 T-shirts, get a mug free" with the T-shirts unpaid).
 *
 * The answer is merged on top of the cart context (`getActionsToComputeFromPromotionsStep`
 * spreads it over the cart), so `items` replaces the cart's items for every rule; an empty
 * object when the cart holds no back-order line. Back-order lines are known by the plugin's own
 * record, never by metadata a shopper can write (or a shopper could hide a paid item from a
 * rule such as "not product X").
 *
 * Registered on `updateCartPromotionsWorkflow.hooks.setPromotionContext` by the plugin (a hook
 * takes one handler per application); with the `promotion_context_hook: false` option a
 * merchant's own handler spreads its answer into theirs.
 */
export async function promotionContextWithoutBackorderLines(
  cart: CartForPromotions,
  container: MedusaContainer
): Promise<{ items?: NonNullable<NonNullable<CartForPromotions>["items"]> }> {
  if (!cart?.id || !cart.items?.length) {
    return {}
  }
  const items = cart.items
  const itemIds = items.flatMap((item) => (item?.id ? [item.id] : []))
  const backordered = new Set(await backorderLinesAmong(container, cart.id, itemIds))
  if (!backordered.size) {
    return {}
  }
  return { items: items.filter((item) => !item?.id || !backordered.has(item.id)) }
}
