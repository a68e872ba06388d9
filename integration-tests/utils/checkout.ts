import type { MedusaContainer } from "@medusajs/framework/types"
import { BigNumber, ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../../src/modules/backorder"
import type BackorderModuleService from "../../src/modules/backorder/service"
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

/**
 * What an accepted back order leaves in a cart (a zero-priced back-order line and the plugin's
 * record of it), written straight into the modules: lets a test place an accept at an exact
 * moment, e.g. while it holds the cart lock itself.
 */
export async function insertBackorderLine(container: MedusaContainer, cartId: string, variantId: string, quantity: number) {
  const cartModule = container.resolve(Modules.CART)
  const [line] = await cartModule.addLineItems([
    {
      cart_id: cartId,
      variant_id: variantId,
      title: "Medusa T-Shirt (back ordered)",
      quantity,
      unit_price: 0,
      is_custom_price: true,
      is_discountable: false,
      requires_shipping: false,
      metadata: { is_backorder: true, backorder_unit_price: 20 },
    },
  ])
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  await backorderModule.createBackorderLines([{ cart_id: cartId, line_item_id: line.id, variant_id: variantId }])
  return line
}

/** The cart's payment collection as Medusa keeps it: its sessions and every payment record. */
export async function cartPayments(container: MedusaContainer, cartId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [cart],
  } = await query.graph({
    entity: "cart",
    fields: ["id", "payment_collection.id", "payment_collection.payment_sessions.*", "payment_collection.payments.*"],
    filters: { id: cartId },
  })
  const collection = cart?.payment_collection
  return {
    sessions: (collection?.payment_sessions ?? []) as any[],
    payments: (collection?.payments ?? []) as any[],
  }
}

/** Order quantities and prices come back from Query as Medusa's BigNumber; plain numbers for assertions. */
export const numeric = (value: unknown) => Number(new BigNumber(value as any).numeric)
