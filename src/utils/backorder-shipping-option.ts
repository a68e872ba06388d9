import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

type ShippingMethodRow = { shipping_option_id?: string | null } | null
type WithShippingMethods = { id: string; shipping_methods?: ShippingMethodRow[] | null }

/**
 * The shipping option a charge defaults to, per back order: the one the source order
 * shipped with, else (a cart that held only back-ordered items has no source order)
 * the one chosen on the cart.
 */
export async function getDefaultShippingOptionIds(
  container: MedusaContainer,
  backorders: { id: string; cart_id: string; source_order_id?: string | null }[]
): Promise<Map<string, string | null>> {
  const sourceOrderIds = backorders.map((b) => b.source_order_id).filter((id): id is string => !!id)
  const cartIds = backorders.filter((b) => !b.source_order_id).map((b) => b.cart_id)
  const [optionBySourceOrder, optionByCart] = await Promise.all([
    firstShippingOptionIds(container, "order", sourceOrderIds),
    firstShippingOptionIds(container, "cart", cartIds),
  ])
  return new Map(
    backorders.map((b) => [
      b.id,
      (b.source_order_id ? optionBySourceOrder.get(b.source_order_id) : optionByCart.get(b.cart_id)) ?? null,
    ])
  )
}

/** Per order (or cart), the option of its first shipping method that has one. */
async function firstShippingOptionIds(
  container: MedusaContainer,
  entity: "order" | "cart",
  ids: string[]
): Promise<Map<string, string | null>> {
  const options = new Map<string, string | null>()
  if (!ids.length) {
    return options
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity, fields: ["id", "shipping_methods.*"], filters: { id: ids } })
  const rows: WithShippingMethods[] = data
  for (const row of rows) {
    options.set(row.id, firstShippingOptionId(row.shipping_methods))
  }
  return options
}

function firstShippingOptionId(methods: ShippingMethodRow[] | null | undefined): string | null {
  return methods?.find((m) => m?.shipping_option_id)?.shipping_option_id ?? null
}
