// What the scale tests do over HTTP, to any instance of the topology: a shopper's checkout
// through the JS SDK, raw requests for the races (status and body of every answer), an admin
// signed in with a bearer token (valid on every instance: they share JWT_SECRET).
import Medusa from "@medusajs/js-sdk"
import { SHOPPER_ADDRESS } from "../utils/cart"
import type { Instance, Topology } from "./topology"

/** What the helpers need to know of a store: the topology's or a single process's. */
type Store = Pick<Topology, "publishableKey" | "regionId" | "admin" | "sql">

export type Answer = { status: number; data: any }

export { SHOPPER_ADDRESS as ADDRESS } from "../utils/cart"

/** One request; a refused connection (an instance being restarted) answers status 0. */
export async function call(instance: Instance, method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  try {
    const response = await fetch(`${instance.url}${url}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    let data: any = text
    try {
      data = text ? JSON.parse(text) : {}
    } catch {} // Medusa's webhook route answers plain text
    return { status: response.status, data }
  } catch (error: any) {
    // fetch's own message is "fetch failed"; the reason (refused, reset) is its cause
    return { status: 0, data: `${error}${error?.cause ? `: ${error.cause}` : ""}` }
  }
}

export function storeOf(topology: Store, instance: Instance) {
  const headers = { "x-publishable-api-key": topology.publishableKey }
  return {
    sdk: new Medusa({ baseUrl: instance.url, publishableKey: topology.publishableKey }),
    get: (url: string) => call(instance, "GET", url, headers),
    post: (url: string, body: unknown = {}) => call(instance, "POST", url, headers, body),
  }
}

export type Admin = {
  get: (instance: Instance, url: string) => Promise<Answer>
  post: (instance: Instance, url: string, body?: unknown) => Promise<Answer>
}

/** An admin signed in on one instance; its token is accepted by every instance. */
export async function signIn(topology: Store, instance: Instance, { email, password } = topology.admin): Promise<Admin> {
  const login = await call(instance, "POST", "/auth/user/emailpass", {}, { email, password })
  if (login.status !== 200) {
    throw new Error(`admin login on ${instance.name} failed: ${login.status} ${JSON.stringify(login.data)}`)
  }
  const headers = { authorization: `Bearer ${login.data.token}` }
  return {
    get: (on, url) => call(on, "GET", url, headers),
    post: (on, url, body = {}) => call(on, "POST", url, headers, body),
  }
}

/**
 * A shopper's cart on `instance`, ready to complete: the lines (with the shopper's answer in
 * metadata when given), the first shipping option and a payment session, all through the SDK.
 */
export async function readyCart(
  topology: Store,
  instance: Instance,
  lines: { variant_id: string; quantity: number; accept?: boolean }[]
): Promise<string> {
  const { sdk } = storeOf(topology, instance)
  const email = `shopper-${Math.random().toString(36).slice(2)}@example.com`
  let { cart } = await sdk.store.cart.create({
    region_id: topology.regionId,
    email,
    shipping_address: SHOPPER_ADDRESS,
    billing_address: SHOPPER_ADDRESS,
  })
  for (const line of lines) {
    ;({ cart } = await sdk.store.cart.createLineItem(cart.id, {
      variant_id: line.variant_id,
      quantity: line.quantity,
      ...(line.accept && { metadata: { backorder: "accept" } }),
    }))
  }
  const { shipping_options } = await sdk.store.fulfillment.listCartOptions({ cart_id: cart.id })
  ;({ cart } = await sdk.store.cart.addShippingMethod(cart.id, { option_id: shipping_options[0].id! }))
  await sdk.store.payment.initiatePaymentSession(cart, { provider_id: "pp_system_default" })
  return cart.id
}

/** A cart completed on `instance` into an order and a pending back order: the back order's and the order's ids. */
export async function placeBackorder(topology: Store, instance: Instance, variantId: string, inStock: number, backordered: number) {
  const cartId = await readyCart(topology, instance, [{ variant_id: variantId, quantity: inStock + backordered, accept: true }])
  const completed = await storeOf(topology, instance).post(`/store/carts/${cartId}/complete`)
  if (completed.status !== 200) {
    throw new Error(`completing ${cartId} failed: ${completed.status} ${JSON.stringify(completed.data)}`)
  }
  const [backorder] = await topology.sql(`SELECT id, draft_order_id FROM backorder WHERE cart_id = $1 AND deleted_at IS NULL`, [cartId])
  return { cartId, backorderId: backorder.id as string, draftOrderId: backorder.draft_order_id as string }
}
