import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../../src/modules/backorder"
import type BackorderModuleService from "../../src/modules/backorder/service"
import { placeBackorderWorkflow } from "../../src/workflows/place-backorder"
import { enableBackorders, type AdminHeaders } from "./admin"
import { addLineItem, completeCart, createCart, prepareCheckout } from "./cart"
import type { SeededStore } from "./seed"

type Api = {
  get: (url: string, config?: unknown) => Promise<{ data: any; status: number }>
  post: (url: string, body?: unknown, config?: unknown) => Promise<{ data: any; status: number }>
}

export type PlacedBackorder = {
  backorderId: string
  draftOrderId: string
  sourceOrderId: string | null
  cartId: string
}

/**
 * A pending back order for `backordered` T-shirts next to `inStock` T-shirts bought normally:
 * the in-stock part goes through Medusa's own checkout (source order), the back-ordered part
 * through the plugin's placeBackorderWorkflow, as checkout does.
 */
export async function placePendingBackorder(
  api: Api,
  container: MedusaContainer,
  store: SeededStore,
  { inStock = 2, backordered = 3, email = "ada@example.com" } = {}
): Promise<PlacedBackorder> {
  const cart = await createCart(api, store, { email })
  await addLineItem(api, store, cart.id, { variant_id: store.backorderVariantId, quantity: inStock })
  await prepareCheckout(api, store, cart.id)
  const completed = await completeCart(api, store, cart.id)
  const sourceOrderId: string = completed.order.id

  const { result } = await placeBackorderWorkflow(container).run({
    input: { cart_id: cart.id, items: [{ variant_id: store.backorderVariantId, quantity: backordered }] },
  })
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  await backorderModule.updateBackorders({ id: result.backorder_id, source_order_id: sourceOrderId })
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  await link.create({
    [BACKORDER_MODULE]: { backorder_id: result.backorder_id },
    [Modules.ORDER]: { order_id: sourceOrderId },
  })
  return { backorderId: result.backorder_id, draftOrderId: result.draft_order_id, sourceOrderId, cartId: cart.id }
}

/**
 * The whole store flow: the setting on, T-shirts added beyond stock with the shopper's
 * "accept" answer, checkout through Medusa's own complete route.
 */
export async function placeBackorderThroughStore(
  api: Api,
  store: SeededStore,
  admin: AdminHeaders,
  { quantity = 8 } = {}
): Promise<PlacedBackorder & { completion: any }> {
  await enableBackorders(api, admin)
  const cart = await createCart(api, store)
  await addLineItem(api, store, cart.id, {
    variant_id: store.backorderVariantId,
    quantity,
    metadata: { backorder: "accept" },
  })
  await prepareCheckout(api, store, cart.id)
  const completion = await completeCart(api, store, cart.id)
  const { data } = await api.get(`/admin/backorders?order_id=${completion.order.id}`, admin)
  const backorder = data.backorders[0]
  return {
    backorderId: backorder.id,
    draftOrderId: backorder.order.id,
    sourceOrderId: backorder.source_order?.id ?? null,
    cartId: cart.id,
    completion,
  }
}

/** Units of the seeded backorderable T-shirt reserved at the store's stock location. */
export async function reservedTshirts(container: MedusaContainer, store: SeededStore): Promise<number> {
  const inventory = container.resolve(Modules.INVENTORY)
  return Number(await inventory.retrieveReservedQuantity(store.backorderInventoryItemId, [store.stockLocationId]))
}

/** Waits for an asynchronous effect (a subscriber) to become visible. */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15000): Promise<T> {
  const started = Date.now()
  let value = await probe()
  while (!accept(value)) {
    if (Date.now() - started > timeoutMs) {
      return value
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
    value = await probe()
  }
  return value
}
