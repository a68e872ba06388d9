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

/**
 * The cart's back-order lines that a change of its pricing context must keep: Medusa deletes
 * custom-priced lines when the region changes, and a new customer may have other prices. Empty
 * when the change leaves them alone: no such change, an unknown cart, no back-order lines.
 */
export async function backorderLinesToKeep(
  container: MedusaContainer,
  cartId: string,
  change: { region_id?: string | null; customer_id?: string | null }
): Promise<string[]> {
  if (!change.region_id && !change.customer_id) {
    return []
  }
  type CartRow = { id: string; region_id: string | null; customer_id: string | null; items: { id: string }[] | null }
  const { cart, backorderLineIds } = await retrieveCartWithBackorderLineIds<CartRow>(container, cartId, [
    "id",
    "region_id",
    "customer_id",
    "items.id",
  ])
  const changes =
    !!cart &&
    ((!!change.region_id && cart.region_id !== change.region_id) ||
      (!!change.customer_id && cart.customer_id !== change.customer_id))
  return changes ? (cart.items ?? []).filter((item) => backorderLineIds.has(item.id)).map((item) => item.id) : []
}
