import Medusa from "@medusajs/js-sdk"
import { createBackorderKit } from "medusa-plugin-custom-backorder/storefront"

declare global {
  interface Window {
    __SHOP_CONFIG__?: { publishableKey: string; regionId: string }
  }
}

export const shopConfig = window.__SHOP_CONFIG__ ?? { publishableKey: "", regionId: "" }

// the shop is served by the store itself: same origin, so "/" is the store
const config = { baseUrl: "/", publishableKey: shopConfig.publishableKey, auth: { type: "jwt" as const } }
export const sdk = new Medusa(config)
export const backorders = createBackorderKit(sdk, config)

export const BASE = "/shop"

const CART_KEY = "demo_shop_cart_id"
export const cartStorage = {
  get: () => window.localStorage.getItem(CART_KEY),
  set: (id: string) => window.localStorage.setItem(CART_KEY, id),
  clear: () => window.localStorage.removeItem(CART_KEY),
}

export const money = (amount: number | null | undefined, currency = "eur") =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(Number(amount ?? 0))

export const CART_FIELDS =
  "id,email,currency_code,region_id,customer_id,item_subtotal,subtotal,shipping_subtotal,shipping_total,tax_total,total,*items,*shipping_address,*shipping_methods,*payment_collection,*payment_collection.payment_sessions"

export async function retrieveCart(id: string) {
  const { cart } = await sdk.store.cart.retrieve(id, { fields: CART_FIELDS })
  return cart
}

/** The shopper's cart, created in the demo region on first use. */
export async function ensureCart() {
  const id = cartStorage.get()
  if (id) {
    try {
      const cart = await retrieveCart(id)
      if (!(cart as { completed_at?: string | null }).completed_at) return cart
    } catch {
      // an unknown or completed cart: start a new one
    }
  }
  const { cart } = await sdk.store.cart.create({ region_id: shopConfig.regionId }, { fields: CART_FIELDS })
  cartStorage.set(cart.id)
  return cart
}

export function navigate(to: string) {
  window.history.pushState({}, "", to)
  window.dispatchEvent(new PopStateEvent("popstate"))
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** "Ships on Jan 15, 2027 · Ships in 2–3 weeks": the variant's back-order date and message, or "". */
export function shipsText(shipping: { ships_on?: string | null; message?: string | null } | null | undefined): string {
  if (!shipping) return ""
  const date = shipping.ships_on
    ? `Ships on ${new Date(`${shipping.ships_on}T00:00:00Z`).toLocaleDateString("en-US", { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" })}`
    : null
  return [date, shipping.message].filter(Boolean).join(" · ")
}
