/*
 * The storefront kit's types. The shapes the plugin's store routes answer come from the plugin's
 * API types (`src/types`); this file adds what the kit itself returns. Part of the kit: it may
 * import nothing but types, and nothing server-side.
 */
import type { HttpTypes } from "@medusajs/types"
import type { BackorderLimitChange, BackorderShortfall, BackorderStockChange, PlacedBackorder } from "../types"

export type {
  BackorderAnswer,
  BackorderLineMetadata,
  BackorderLinkPayment,
  BackorderLimitChange,
  BackorderLimitKind,
  BackorderLinkView,
  BackorderShortfall,
  BackorderStatus,
  BackorderStockChange,
  CustomerBackorder,
  CustomerBackorderList,
  PendingBackorderDraftOrder,
  PlacedBackorder,
  StoreVariantBackorderShipping,
} from "../types"

/**
 * The back-order prompt: the 409 `backorder_confirmation_required`'s (or `backorder_limit_reached`'s)
 * numbers and its sentence.
 */
export type BackorderPrompt = Omit<BackorderShortfall, "message"> & {
  /** The sentence to show: "There are only 5 of Medusa T-Shirt (L) in stock, and you have added 10, …?" */
  message: string
  /** The merchant's word on when it ships ("Ships in 2–3 weeks"): the body's `backorder.message`. */
  backorder_message: string | null
}

/** Adding or updating a line: the cart, or the question to put to the shopper. */
export type LineResult =
  | { type: "cart"; cart: HttpTypes.StoreCart }
  | { type: "backorder_prompt"; prompt: BackorderPrompt }
  /**
   * The limits leave nothing to back order: `prompt.backorder_quantity` is 0. Offer the
   * `prompt.available` units (answer `"decline"`), or nothing.
   */
  | { type: "backorder_limit_reached"; prompt: BackorderPrompt }

/** Completing a cart, every answer the plugin and Medusa give, as one typed result. */
export type CompleteResult =
  /** The available items were ordered; `backorder` is set when some were back ordered. */
  | { type: "order"; order: HttpTypes.StoreOrder; backorder: PlacedBackorder | null }
  /** The cart held only back-ordered items: no order, nothing charged, one pending back order. */
  | { type: "backorder_only"; backorder: PlacedBackorder }
  /** Stock fell since the items were added: nothing was charged; ask again per item. */
  | { type: "stock_changed"; message: string; items: BackorderStockChange[] }
  /**
   * The cart's back-order lines hold more than the limits leave now (another shopper back ordered
   * meanwhile): nothing was charged. Lower each variant's back-order lines to `available`, then complete again.
   */
  | { type: "limit_exceeded"; message: string; items: BackorderLimitChange[] }
  /**
   * The promotions, recomputed without the back-ordered items, changed the cart's total: nothing
   * was charged and the payment sessions were dropped; start the payment again, then complete.
   */
  | { type: "promotions_changed"; message: string }
  /** The payment was not authorised (Medusa's `{ type: "cart", cart, error }`); nothing was placed. */
  | { type: "payment_error"; cart: HttpTypes.StoreCart; error: { message: string; name: string; type: string } }

/** Per-call options, as the SDK's own methods take them: a query (e.g. `fields`) and headers. */
export type RequestOptions = {
  query?: Record<string, unknown>
  /** Extra headers, e.g. the `authorization` a Next.js server action reads from its cookie. */
  headers?: Record<string, string>
}
