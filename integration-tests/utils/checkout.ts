import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { AdminHeaders } from "./admin"
import type { SeededStore } from "./seed"

type Api = {
  get: (url: string, config?: unknown) => Promise<{ data: any; status: number }>
  post: (url: string, body?: unknown, config?: unknown) => Promise<{ data: any; status: number }>
}


/** Adds a variant and answers the back-order prompt with "accept" (the add-to-cart contract). */
export async function addAccepting(api: Api, store: SeededStore, cartId: string, variantId: string, quantity: number) {
  const { data } = await api.post(
    `/store/carts/${cartId}/line-items`,
    { variant_id: variantId, quantity, metadata: { backorder: "accept" } },
    store.headers
  )
  return data.cart
}

/** Sets a variant's stocked quantity at the seeded location through the admin API. */
export async function setStock(api: Api, admin: AdminHeaders, store: SeededStore, inventoryItemId: string, stocked: number) {
  await api.post(
    `/admin/inventory-items/${inventoryItemId}/location-levels/${store.stockLocationId}`,
    { stocked_quantity: stocked },
    admin
  )
}

/** Stocked and reserved units of an inventory item at the seeded location. */
export async function inventoryLevel(container: MedusaContainer, store: SeededStore, inventoryItemId: string) {
  const inventory = container.resolve(Modules.INVENTORY)
  const [level] = await inventory.listInventoryLevels({
    inventory_item_id: inventoryItemId,
    location_id: store.stockLocationId,
  })
  return { stocked: Number(level.stocked_quantity), reserved: Number(level.reserved_quantity) }
}

/** Everything a completion may have created for a cart, read straight from the modules. */
export async function checkoutFootprint(container: MedusaContainer, cartId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
  const orderIds = links.map((link: { order_id: string }) => link.order_id)
  const { data: orders } = orderIds.length
    ? await query.graph({
        entity: "order",
        fields: ["id", "total", "payment_collections.id", "payment_collections.amount", "payment_collections.payments.*"],
        filters: { id: orderIds },
      })
    : { data: [] as any[] }
  const { data: backorders } = await query.graph({ entity: "backorder", fields: ["*"], filters: { cart_id: cartId } })
  const { data: allDrafts } = await query.graph({
    entity: "order",
    fields: ["id", "status", "items.*"],
    filters: { is_draft_order: true },
  })
  const drafts = allDrafts.filter((draft: any) =>
    (draft.items ?? []).some((item: any) => item?.metadata?.source_cart_id === cartId)
  )
  const payments = orders.flatMap((order: any) => (order.payment_collections ?? []).flatMap((pc: any) => pc.payments ?? []))
  return { orders, backorders, drafts, payments }
}

/** Store-API view of a variant's inventory quantity (Medusa's availability, not clamped). */
export async function storeInventoryQuantity(api: Api, store: SeededStore, variantId: string): Promise<number> {
  const { data } = await api.get("/store/products?fields=id,*variants,+variants.inventory_quantity&limit=50", store.headers)
  const variant = data.products.flatMap((product: any) => product.variants).find((v: any) => v.id === variantId)
  return variant.inventory_quantity
}

/**
 * Opens a new payment session, as a storefront must after any cart change that moved the total
 * (Medusa drops the cart's sessions when the amount changes).
 */
export async function reopenPaymentSession(api: Api, store: SeededStore, cartId: string) {
  const { data } = await api.post("/store/payment-collections", { cart_id: cartId }, store.headers)
  await api.post(
    `/store/payment-collections/${data.payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    store.headers
  )
}
