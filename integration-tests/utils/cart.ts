import type { SeededStore } from "./seed"

type Api = {
  get: (url: string, config?: unknown) => Promise<{ data: any; status: number }>
  post: (url: string, body?: unknown, config?: unknown) => Promise<{ data: any; status: number }>
}

export const SHOPPER_ADDRESS = {
  first_name: "Ada",
  last_name: "Lovelace",
  address_1: "Torstr. 10",
  city: "Berlin",
  postal_code: "10119",
  country_code: "de",
}

/** Creates a cart in the seeded store's region and sales channel through the store API. */
export async function createCart(api: Api, store: SeededStore, overrides: Record<string, unknown> = {}) {
  const { data } = await api.post(
    "/store/carts",
    {
      region_id: store.regionId,
      email: "ada@example.com",
      shipping_address: SHOPPER_ADDRESS,
      billing_address: SHOPPER_ADDRESS,
      ...overrides,
    },
    store.headers
  )
  return data.cart
}

/** POST /store/carts/:id/line-items; rejects with the axios error on non-2xx. */
export async function addLineItem(
  api: Api,
  store: SeededStore,
  cartId: string,
  body: { variant_id: string; quantity: number; metadata?: Record<string, unknown> }
) {
  const { data } = await api.post(`/store/carts/${cartId}/line-items`, body, store.headers)
  return data.cart
}

/** Selects the seeded shipping option and opens a manual-provider payment session, as a storefront does before completing. */
export async function prepareCheckout(api: Api, store: SeededStore, cartId: string) {
  await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shippingOptionId }, store.headers)
  const { data } = await api.post("/store/payment-collections", { cart_id: cartId }, store.headers)
  await api.post(
    `/store/payment-collections/${data.payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    store.headers
  )
  return (await api.get(`/store/carts/${cartId}`, store.headers)).data.cart
}

/** POST /store/carts/:id/complete */
export async function completeCart(api: Api, store: SeededStore, cartId: string) {
  return (await api.post(`/store/carts/${cartId}/complete`, {}, store.headers)).data
}
