// The store and admin HTTP calls the browser tests make besides the browser: placing back
// orders as a storefront would, setting stock as a merchant would, and reading what the server
// says to compare with the screen. Types name only the fields the tests read.

export const SHOPPER_ADDRESS = {
  first_name: "Ada",
  last_name: "Lovelace",
  address_1: "Torstr. 10",
  city: "Berlin",
  postal_code: "10119",
  country_code: "de",
}

export const TSHIRT_HANDLE = "backorder-t-shirt"
export const TSHIRT_SKU = "TSHIRT-L"
export const MUG_HANDLE = "medusa-mug"

export interface Api {
  get: <T>(url: string) => Promise<T>
  post: <T>(url: string, body?: unknown) => Promise<T>
}

export interface LineItem {
  quantity: number
  subtotal: number
}

export interface Order {
  id: string
  display_id: number
  is_draft_order: boolean
  currency_code: string
  items: LineItem[]
  shipping_methods: { subtotal: number }[]
  tax_total: number
  total: number
}

export interface Backorder {
  reference: string
  id: string
  status: "pending" | "ready" | "awaiting_payment" | "charged" | "canceled"
  order: Order
  source_order: { id: string } | null
  payment_link: string | null
  charged_at: string | null
}

export interface Cart {
  id: string
  items: LineItem[]
  item_subtotal: number
  shipping_total: number
  tax_total: number
  total: number
}

async function call<T>(baseUrl: string, method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) {
    throw new Error(`${method} ${url} → ${response.status}: ${text.slice(0, 500)}`)
  }
  return (text ? JSON.parse(text) : {}) as T
}

export function storeApi(baseUrl: string, publishableKey: string): Api {
  const headers = { "x-publishable-api-key": publishableKey }
  return {
    get: (url) => call(baseUrl, "GET", url, headers),
    post: (url, body = {}) => call(baseUrl, "POST", url, headers, body),
  }
}

export async function adminApi(baseUrl: string, email: string, password: string): Promise<Api> {
  const { token } = await call<{ token: string }>(baseUrl, "POST", "/auth/user/emailpass", {}, { email, password })
  const headers = { authorization: `Bearer ${token}` }
  return {
    get: (url) => call(baseUrl, "GET", url, headers),
    post: (url, body = {}) => call(baseUrl, "POST", url, headers, body),
  }
}

interface StoreProducts {
  products: { id: string; variants: { id: string; inventory_quantity?: number | null }[] }[]
}

export async function variantIdByHandle(shop: Api, handle: string): Promise<string> {
  const { products } = await shop.get<StoreProducts>(`/store/products?handle=${handle}&fields=id,*variants`)
  if (!products.length) {
    throw new Error(`no product with handle ${handle} in the demo store`)
  }
  return products[0].variants[0].id
}

/** Units of a variant the store can still sell from stock (clamped at 0, as the plugin does). */
export async function availableUnits(shop: Api, handle: string): Promise<number> {
  const { products } = await shop.get<StoreProducts>(`/store/products?handle=${handle}&fields=id,variants.id,variants.inventory_quantity`)
  return Math.max(0, Number(products[0].variants[0].inventory_quantity ?? 0))
}

/** The merchant's stock of a SKU set so that exactly `available` units can be sold from the shelf. */
export async function makeAvailable(admin: Api, sku: string, available: number): Promise<void> {
  const { inventory_items } = await admin.get<{ inventory_items: { id: string }[] }>(`/admin/inventory-items?sku=${sku}`)
  const item = inventory_items[0]
  const { inventory_levels } = await admin.get<{ inventory_levels: { location_id: string; reserved_quantity: number }[] }>(
    `/admin/inventory-items/${item.id}/location-levels`
  )
  const level = inventory_levels[0]
  await admin.post(`/admin/inventory-items/${item.id}/location-levels/${level.location_id}`, {
    stocked_quantity: Number(level.reserved_quantity) + available,
  })
}

export async function setBackordersEnabled(admin: Api, enabled: boolean): Promise<void> {
  await admin.post("/admin/backorder-settings", { enabled })
}

export interface PlaceOrderInput {
  regionId: string
  email: string
  items: { variant_id: string; quantity: number; metadata?: { backorder: "accept" } }[]
}

/**
 * Checks out a cart the way a storefront does: the items (with the shopper's back-order
 * answer in metadata), a shipping method, a manual-provider payment session, complete.
 */
export async function placeOrder(shop: Api, { regionId, email, items }: PlaceOrderInput): Promise<Order> {
  const { cart } = await shop.post<{ cart: Cart }>("/store/carts", {
    region_id: regionId,
    email,
    shipping_address: SHOPPER_ADDRESS,
    billing_address: SHOPPER_ADDRESS,
  })
  for (const item of items) {
    await shop.post(`/store/carts/${cart.id}/line-items`, item)
  }
  const { shipping_options } = await shop.get<{ shipping_options: { id: string }[] }>(`/store/shipping-options?cart_id=${cart.id}`)
  if (!shipping_options.length) {
    throw new Error("the demo store offers no shipping option for the cart")
  }
  await shop.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: shipping_options[0].id })
  const { payment_collection } = await shop.post<{ payment_collection: { id: string } }>("/store/payment-collections", { cart_id: cart.id })
  await shop.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, {
    provider_id: "pp_system_default",
  })
  const completed = await shop.post<{ type: string; order?: Order }>(`/store/carts/${cart.id}/complete`)
  if (completed.type !== "order" || !completed.order) {
    throw new Error(`completing the cart did not place an order: ${JSON.stringify(completed).slice(0, 500)}`)
  }
  return completed.order
}

export async function backordersOfOrder(admin: Api, orderId: string): Promise<Backorder[]> {
  return (await admin.get<{ backorders: Backorder[] }>(`/admin/backorders?order_id=${orderId}`)).backorders
}

export async function backorderById(admin: Api, id: string): Promise<Backorder> {
  return (await admin.get<{ backorder: Backorder }>(`/admin/backorders/${id}`)).backorder
}
