import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createShippingOptionsWorkflow } from "@medusajs/medusa/core-flows"
import { enableBackorders, type AdminHeaders } from "./admin"
import { completeCart, createCart } from "./cart"
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
  /** The body of `POST /store/carts/:id/complete`. */
  completion: any
}

export type PlaceBackorderOptions = {
  /** T-shirts the shopper gets from stock (the source order); 0 = a cart of only back-ordered items. */
  inStock?: number
  /** T-shirts back ordered. */
  backordered?: number
  email?: string
  /** The shipping option the shopper picks at checkout; null = none picked. */
  shippingOptionId?: string | null
  /** The checkout's payment provider and its session data (default: Medusa's manual provider). */
  paymentProviderId?: string
  paymentData?: Record<string, unknown>
}

/**
 * A pending back order placed the way a shopper places one, through the store API: the
 * store setting on, `inStock + backordered` T-shirts added with the "accept" answer while
 * only `inStock` are available (Medusa splits them into an in-stock line and a back-order
 * line), a shipping option and a manual payment session, then Medusa's own
 * `POST /store/carts/:id/complete`.
 *
 * To make exactly `inStock` units available at that moment, the T-shirt's stock is set to
 * what is reserved plus `inStock`; afterwards the stock goes back to what it was (a restock),
 * so every test starts from the seeded 5 on the shelf whatever it placed before.
 */
export async function placePendingBackorder(
  api: Api,
  container: MedusaContainer,
  store: SeededStore,
  admin: AdminHeaders,
  {
    inStock = 2,
    backordered = 3,
    email = "ada@example.com",
    shippingOptionId = store.shippingOptionId,
    paymentProviderId = "pp_system_default",
    paymentData,
  }: PlaceBackorderOptions = {}
): Promise<PlacedBackorder> {
  await enableBackorders(api, admin)
  const level = await tshirtLevel(container, store)
  await setTshirtStock(api, admin, store, level.reserved + inStock)
  try {
    const cart = await createCart(api, store, { email })
    await api.post(
      `/store/carts/${cart.id}/line-items`,
      { variant_id: store.backorderVariantId, quantity: inStock + backordered, metadata: { backorder: "accept" } },
      store.headers
    )
    if (shippingOptionId) {
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: shippingOptionId }, store.headers)
    }
    if (inStock > 0) {
      const { data } = await api.post("/store/payment-collections", { cart_id: cart.id }, store.headers)
      await api.post(
        `/store/payment-collections/${data.payment_collection.id}/payment-sessions`,
        { provider_id: paymentProviderId, ...(paymentData && { data: paymentData }) },
        store.headers
      )
    }
    const completion = await completeCart(api, store, cart.id)
    if (!completion.backorder) {
      throw new Error(`checkout placed no back order: ${JSON.stringify(completion).slice(0, 500)}`)
    }
    return {
      backorderId: completion.backorder.id,
      draftOrderId: completion.backorder.draft_order.id,
      sourceOrderId: inStock > 0 ? completion.order.id : null,
      cartId: cart.id,
      completion,
    }
  } finally {
    await setTshirtStock(api, admin, store, level.stocked)
  }
}

/** Creates a flat-rate manual shipping option in a service zone, for the charge's option rules. */
async function createFlatShippingOption(
  container: MedusaContainer,
  store: SeededStore,
  { name, service_zone_id, prices }: { name: string; service_zone_id: string; prices: ({ currency_code: string; amount: number } | { region_id: string; amount: number })[] }
): Promise<string> {
  const {
    result: [option],
  } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name,
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id,
        shipping_profile_id: store.shippingProfileId,
        type: { label: name, description: name, code: name.toLowerCase().replace(/\W+/g, "-") },
        prices,
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  })
  return option.id
}

/**
 * Another shipping option in the seeded store's own service zone (Germany), so a test can tell
 * "the option the source order shipped with" from "the first option of the region".
 */
export async function addShippingOptionToSeededZone(
  container: MedusaContainer,
  store: SeededStore,
  { name = "Express", amount = 25 }: { name?: string; amount?: number } = {}
): Promise<string> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [seeded],
  } = await query.graph({
    entity: "shipping_option",
    fields: ["id", "service_zone_id"],
    filters: { id: store.shippingOptionId },
  })
  return createFlatShippingOption(container, store, {
    name,
    service_zone_id: seeded.service_zone_id,
    prices: [
      { currency_code: "eur", amount },
      { region_id: store.regionId, amount },
    ],
  })
}

/**
 * A shipping option in a new fulfillment set and zone for one country, served by the seeded
 * stock location (Medusa only accepts options of sets a location with manual_manual serves).
 */
export async function addShippingOptionInNewZone(
  container: MedusaContainer,
  store: SeededStore,
  { name, country_code, currency_code, amount }: { name: string; country_code: string; currency_code: string; amount: number }
): Promise<string> {
  const fulfillmentSet = await container.resolve(Modules.FULFILLMENT).createFulfillmentSets({
    name: `${name} set`,
    type: "shipping",
    service_zones: [{ name: `${name} zone`, geo_zones: [{ type: "country", country_code }] }],
  })
  await container.resolve(ContainerRegistrationKeys.LINK).create({
    [Modules.STOCK_LOCATION]: { stock_location_id: store.stockLocationId },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  })
  return createFlatShippingOption(container, store, {
    name,
    service_zone_id: fulfillmentSet.service_zones[0].id,
    prices: [{ currency_code, amount }],
  })
}

async function tshirtLevel(container: MedusaContainer, store: SeededStore) {
  const inventory = container.resolve(Modules.INVENTORY)
  const [level] = await inventory.listInventoryLevels({
    inventory_item_id: store.backorderInventoryItemId,
    location_id: store.stockLocationId,
  })
  return { stocked: Number(level.stocked_quantity), reserved: Number(level.reserved_quantity) }
}

async function setTshirtStock(api: Api, admin: AdminHeaders, store: SeededStore, stocked: number) {
  await api.post(
    `/admin/inventory-items/${store.backorderInventoryItemId}/location-levels/${store.stockLocationId}`,
    { stocked_quantity: stocked },
    admin
  )
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
