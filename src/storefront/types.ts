/*
 * The shapes the plugin's store routes answer, as a storefront sees them. This file is part of
 * the storefront kit: it may import nothing but types, and nothing server-side.
 */
import type { HttpTypes } from "@medusajs/types"

/** The shopper's answer to the back-order prompt, sent in the line's `metadata.backorder`. */
export type BackorderAnswer = "accept" | "decline"

/** The numbers behind the prompt, read from the 409 `backorder_confirmation_required` body. */
export type BackorderPrompt = {
  /** The sentence to show: "There are only 5 of Medusa T-Shirt (L) in stock, and you have added 10, …?" */
  message: string
  variant_id: string
  /** Product title with the variant title: "Medusa T-Shirt (L)". */
  title: string
  sku: string | null
  /** This request's quantity (the line's new quantity on the update route). */
  requested: number
  /** What can go in the cart from stock now. */
  available: number
  /** What would go onto the back-order line if the shopper says yes. */
  backorder_quantity: number
}

/** Adding or updating a line: the cart, or the question to put to the shopper. */
export type LineResult =
  | { type: "cart"; cart: HttpTypes.StoreCart }
  | { type: "backorder_prompt"; prompt: BackorderPrompt }

/** A line whose in-stock units fell below what the cart holds since it was added. */
export type BackorderStockChange = {
  line_item_id: string
  variant_id: string
  requested: number
  available: number
}

/** The pending back order's draft order, as `POST /store/carts/:id/complete` returns it. */
export type PendingBackorderDraftOrder = {
  id: string
  display_id: number
  currency_code: string
  items: HttpTypes.StoreOrderLineItem[]
  subtotal: number
  tax_total: number
  shipping_total: number
  total: number
}

export type PlacedBackorder = {
  id: string
  status: BackorderStatus
  draft_order: PendingBackorderDraftOrder | null
}

/** Completing a cart, every answer the plugin and Medusa give, as one typed result. */
export type CompleteResult =
  /** The available items were ordered; `backorder` is set when some were back ordered. */
  | { type: "order"; order: HttpTypes.StoreOrder; backorder: PlacedBackorder | null }
  /** The cart held only back-ordered items: no order, nothing charged, one pending back order. */
  | { type: "backorder_only"; backorder: PlacedBackorder }
  /** Stock fell since the items were added: nothing was charged; ask again per item. */
  | { type: "stock_changed"; message: string; items: BackorderStockChange[] }
  /** The payment was not authorised (Medusa's `{ type: "cart", cart, error }`); nothing was placed. */
  | { type: "payment_error"; cart: HttpTypes.StoreCart; error: { message: string; name: string; type: string } }

export type BackorderStatus = "pending" | "charging" | "canceling" | "awaiting_payment" | "charged" | "canceled"

/** One of the logged-in customer's back orders (`GET /store/customers/me/backorders`). */
export type CustomerBackorder = {
  id: string
  status: BackorderStatus
  created_at: string
  /** The order placed for the available items; null when the cart held only back-ordered items. */
  source_order: { id: string; display_id: number } | null
  /** The draft order holding the back-ordered items, or the order it became when charged. */
  order: {
    id: string
    display_id: number
    status: string
    is_draft_order: boolean
    currency_code: string
    items: {
      id: string
      title: string
      variant_id: string | null
      variant_sku: string | null
      variant_title: string | null
      product_title: string | null
      thumbnail: string | null
      quantity: number
      unit_price: number
      subtotal: number
      tax_total: number
      total: number
    }[]
    subtotal: number
    tax_total: number
    shipping_total: number
    total: number
  } | null
  /** Set while the back order awaits the payment of its link. */
  payment_link: string | null
  charged_at: string | null
  canceled_at: string | null
}

export type CustomerBackorderList = {
  backorders: CustomerBackorder[]
  count: number
  limit: number
  offset: number
}

/** What paying a back order's payment link answers (`POST /store/payment-collections/:id/backorder-payment`). */
export type BackorderLinkPayment = {
  backorder: { id: string; order_id: string }
  payment: { id: string; amount: number; currency_code: string; captured: boolean }
}

/** Per-call options, as the SDK's own methods take them: a query (e.g. `fields`) and headers. */
export type RequestOptions = {
  query?: Record<string, unknown>
  /** Extra headers, e.g. the `authorization` a Next.js server action reads from its cookie. */
  headers?: Record<string, string>
}
