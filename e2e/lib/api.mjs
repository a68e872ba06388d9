// The store and admin HTTP calls the browser test makes besides the browser: placing back
// orders as a storefront would, and reading what the server says to compare with the screen.

export const SHOPPER_ADDRESS = {
  first_name: "Ada",
  last_name: "Lovelace",
  address_1: "Torstr. 10",
  city: "Berlin",
  postal_code: "10119",
  country_code: "de",
}

async function call(baseUrl, method, url, headers, body) {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  const data = text ? JSON.parse(text) : {}
  if (!response.ok) {
    throw new Error(`${method} ${url} → ${response.status}: ${text.slice(0, 500)}`)
  }
  return data
}

export function storeApi(baseUrl, publishableKey) {
  const headers = { "x-publishable-api-key": publishableKey }
  return {
    get: (url) => call(baseUrl, "GET", url, headers),
    post: (url, body = {}) => call(baseUrl, "POST", url, headers, body),
  }
}

export async function adminApi(baseUrl, email, password) {
  const { token } = await call(baseUrl, "POST", "/auth/user/emailpass", {}, { email, password })
  const headers = { authorization: `Bearer ${token}` }
  return {
    get: (url) => call(baseUrl, "GET", url, headers),
    post: (url, body = {}) => call(baseUrl, "POST", url, headers, body),
  }
}

export async function variantIdByHandle(store, handle) {
  const { products } = await store.get(`/store/products?handle=${handle}&fields=id,*variants`)
  if (!products.length) {
    throw new Error(`no product with handle ${handle} in the demo store`)
  }
  return products[0].variants[0].id
}

/**
 * Checks out a cart the way a storefront does: the items (with the shopper's back-order
 * answer in metadata), a shipping method, a manual-provider payment session, complete.
 */
export async function placeOrder(store, { regionId, email, items }) {
  const { cart } = await store.post("/store/carts", {
    region_id: regionId,
    email,
    shipping_address: SHOPPER_ADDRESS,
    billing_address: SHOPPER_ADDRESS,
  })
  for (const item of items) {
    await store.post(`/store/carts/${cart.id}/line-items`, item)
  }
  const { shipping_options } = await store.get(`/store/shipping-options?cart_id=${cart.id}`)
  if (!shipping_options.length) {
    throw new Error("the demo store offers no shipping option for the cart")
  }
  await store.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: shipping_options[0].id })
  const { payment_collection } = await store.post("/store/payment-collections", { cart_id: cart.id })
  await store.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, {
    provider_id: "pp_system_default",
  })
  const completed = await store.post(`/store/carts/${cart.id}/complete`)
  if (completed.type !== "order") {
    throw new Error(`completing the cart did not place an order: ${JSON.stringify(completed).slice(0, 500)}`)
  }
  return completed.order
}
