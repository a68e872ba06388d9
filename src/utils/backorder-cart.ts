import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"

/** The cart fields stock decisions read: its channel, whether it is completed, and its lines' variants and quantities. */
export const CART_STOCK_FIELDS = ["id", "completed_at", "sales_channel_id", "items.id", "items.variant_id", "items.quantity"]

/**
 * A cart (with the fields asked for) and the ids of its lines the plugin recorded as back-order
 * lines, read together: what the line-item routes, the split and checkout all start from.
 */
export async function retrieveCartWithBackorderLineIds<TCart>(
  container: MedusaContainer,
  cartId: string,
  fields: string[]
): Promise<{ cart: TCart | undefined; backorderLineIds: Set<string> }> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [{ data }, backorderLineIds] = await Promise.all([
    query.graph({ entity: "cart", fields, filters: { id: cartId } }),
    container.resolve<BackorderModuleService>(BACKORDER_MODULE).listBackorderLineIds(cartId),
  ])
  const [cart]: (TCart | undefined)[] = data
  return { cart, backorderLineIds }
}
