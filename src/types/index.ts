/*
 * The shapes of the plugin's HTTP API, as its JSON answers and bodies carry them. The server's
 * routes build them, and the dashboard (`src/admin`) and the storefront kit (`src/storefront`)
 * read them, all with `import type`. Types only: this module imports nothing but types, from
 * Medusa's `@medusajs/types` and from two files of the plugin that import nothing themselves,
 * so no server code reaches the dashboard's bundle or the kit.
 */
import type { HttpTypes } from "@medusajs/types"
import type { BackorderStatus } from "../modules/backorder/statuses"
import type {
  BackorderAnswer,
  BackorderAnswerMetadata,
  BackorderDraftLineMetadata,
  BackorderLineMetadata,
} from "../utils/backorder-line"

export type {
  BackorderAnswer,
  BackorderAnswerMetadata,
  BackorderDraftLineMetadata,
  BackorderLineMetadata,
  BackorderStatus,
}

/** A date and time as JSON carries it (ISO 8601). */
export type DateTimeString = string

/* ---- The store-level setting: GET and POST /admin/backorder-settings, GET /store/backorder-settings ---- */

export type BackorderSettings = { enabled: boolean }

export type BackorderSettingsResponse = { settings: BackorderSettings }

/* ---- A variant's back-order rules: GET and POST /admin/products/:id/variants/:variant_id/backorder-settings ---- */

/** A date as JSON carries it: "2027-01-15". */
export type DateString = string

export type VariantBackorderSettings = {
  variant_id: string
  /** The most units that may be outstanding on back order; null: no limit, 0: no back orders. */
  limit: number | null
  /** When the back-ordered units ship, or null. */
  ships_on: DateString | null
  /** What the shopper is told ("Ships in 2–3 weeks"), at most 200 characters, or null. */
  message: string | null
  /** Units of the variant on back order now (pending, being charged or canceled, awaiting payment). */
  outstanding: number
}

export type VariantBackorderSettingsResponse = { backorder_settings: VariantBackorderSettings }

/** Each field optional; null clears it. */
export type UpdateVariantBackorderSettingsBody = {
  limit?: number | null
  ships_on?: DateString | null
  message?: string | null
}

/** GET /store/backorder-settings/variants?variant_ids=…: when back-ordered units ship, per variant (only those with a date or message). */
export type StoreVariantBackorderShipping = { variant_id: string; ships_on: DateString | null; message: string | null }

export type StoreVariantBackorderShippingResponse = { variants: StoreVariantBackorderShipping[] }

/* ---- Adding or changing a line: Medusa's POST /store/carts/:id/line-items[/:line_id] ---- */

/** The numbers behind the back-order prompt. */
export type BackorderShortfall = {
  variant_id: string
  /** Product title with the variant title: "Medusa T-Shirt (L)". */
  title: string
  sku: string | null
  /** This request's quantity (the line's new quantity on the update route). */
  requested: number
  /** What can go in the cart from stock now. */
  available: number
  /** What would go onto the back-order line if the shopper says yes: never more than `limit_remaining`. */
  backorder_quantity: number
  /**
   * Units of the variant this cart may still back order under the variant's limit (outstanding
   * back orders and this cart's back-order lines counted); null when the variant has no limit.
   */
  limit_remaining: number | null
  /**
   * Which limit made `backorder_quantity` smaller than the shortfall: the variant's, the
   * shopper's (`max_outstanding_per_customer`), or the store's ceiling per cart
   * (`max_backorder_quantity`); null when none did (the seed's sentence).
   */
  limited_by: BackorderLimitKind | null
  /** When the back-ordered units ship ("2027-01-15"), or null. */
  ships_on: DateString | null
  /** The merchant's word on it ("Ships in 2–3 weeks"), or null. */
  message: string | null
}

export type BackorderLimitKind = "variant_limit" | "customer_limit" | "cart_limit"

/**
 * The request header that turns the plugin's questions (the prompt, stock changed) from 409 into
 * 200, for a client that reads them by the body's `type` (the storefront kit, through the SDK's
 * `client.fetch`, which throws away a 409's body).
 */
export type BackorderQuestionStatusHeader = "x-backorder-question-status"

/** The 409 that asks the shopper; the answer is sent again as `metadata.backorder`. */
export type BackorderConfirmationRequired = {
  type: "backorder_confirmation_required"
  /** "There are only 5 of Medusa T-Shirt (L) in stock, and you have added 10, do you want to back order the other 5?" */
  message: string
  backorder: BackorderShortfall
}

/**
 * The 409 when the limits leave nothing to back order: only the available units can be added
 * (answer `"decline"`, or lower the quantity). `backorder.backorder_quantity` is 0.
 */
export type BackorderLimitReached = {
  type: "backorder_limit_reached"
  message: string
  backorder: BackorderShortfall
}

/* ---- Changing the cart's region or customer: Medusa's POST /store/carts/:id and /store/carts/:id/customer ---- */

/** A back-order line the change could not keep; the answer is Medusa's `{ cart }` with `backorder_lines_removed`. */
export type RemovedBackorderLine = {
  line_item_id: string
  variant_id: string
  quantity: number
  reason: string
}

/* ---- Completing the cart: Medusa's POST /store/carts/:id/complete ---- */

/** A line whose in-stock units fell below what the cart holds since it was added. */
export type BackorderStockChange = {
  line_item_id: string
  variant_id: string
  requested: number
  available: number
}

/** The 409 when stock fell since the items were added: nothing was changed or charged. */
export type BackorderStockChanged = {
  type: "backorder_stock_changed"
  message: string
  items: BackorderStockChange[]
}

/** A variant whose back-order lines in the cart hold more than the limits leave now. */
export type BackorderLimitChange = {
  variant_id: string
  /** The cart's back-order lines of the variant (all of them count together). */
  line_item_ids: string[]
  /** Units the cart holds on back order of the variant. */
  requested: number
  /** Units it may hold now: lower the back-order lines to this in total (0: remove them). */
  available: number
  limited_by: BackorderLimitKind
}

/**
 * The 409 when the cart's back-order lines hold more than the limits leave now (another cart
 * took what was left): nothing was placed or charged. Lower the back-order lines to `available`,
 * then complete again.
 */
export type BackorderLimitExceeded = {
  type: "backorder_limit_exceeded"
  message: string
  items: BackorderLimitChange[]
}

/**
 * The 409 when the cart's promotions, recomputed without its back-order lines, changed its total:
 * nothing was placed or charged, the cart's payment sessions were dropped; open a payment session
 * for the new total and complete again.
 */
export type BackorderPromotionsChanged = {
  type: "backorder_promotions_changed"
  message: string
}

/** The pending back order's draft order, as the completion answers it. */
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
  /** What the shopper is shown and quotes ("BO-…"). */
  reference: string
  /**
   * The guest's key to this back order: `GET /store/backorders/:id?token=…` answers it to
   * whoever holds it (a confirmation page, a guest's link).
   */
  token: string
  status: BackorderStatus
  draft_order: PendingBackorderDraftOrder | null
}

/**
 * Medusa's `{ type: "order", order }`, with `backorder` when one was placed. For a cart of only
 * back-ordered items `order` is the draft order.
 */
export type CompletedCartWithBackorder = {
  type: "order"
  order: HttpTypes.StoreOrder
  backorder?: PlacedBackorder
}

/* ---- A back order and its order ---- */

export type BackorderOrderItem = {
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
  /** When the back-ordered units ship, as the variant's settings say now ("2027-01-15"), or null. */
  ships_on: DateString | null
  /** The merchant's word on it ("Ships in 2–3 weeks"), or null. */
  backorder_message: string | null
}

export type BackorderShippingMethod = {
  id: string
  name: string
  shipping_option_id: string | null
  amount: number
  subtotal: number
  tax_total: number
  total: number
}

/** The draft order holding the back-ordered items, or the order it became when charged. */
export type BackorderOrder = {
  id: string
  display_id: number
  status: string
  is_draft_order: boolean
  region_id: string | null
  currency_code: string
  items: BackorderOrderItem[]
  shipping_methods: BackorderShippingMethod[]
  subtotal: number
  tax_total: number
  shipping_total: number
  total: number
}

/* ---- The admin's back orders: /admin/backorders ---- */

/** One back order in the queue and on its page. */
export type AdminBackorder = {
  id: string
  /** What the shopper was shown and quotes ("BO-…"); the draft's display_id shares the orders' sequence. */
  reference: string
  status: BackorderStatus
  created_at: DateTimeString
  email: string | null
  customer_id: string | null
  cart_id: string
  /** `status` tells the admin when the source order was canceled in Medusa's order screens. */
  source_order: { id: string; display_id: number; status: string } | null
  order: BackorderOrder | null
  /** The option a charge uses when none is given: the one the source order (or the cart) shipped with. */
  default_shipping_option_id: string | null
  payment_collection_id: string | null
  payment_link: string | null
  /**
   * The card its checkout kept, to charge off-session (`"payment": "saved_card"`); null: a guest,
   * or a provider that keeps no cards (or is no longer in `saved_card_providers`).
   */
  saved_card: { provider_id: string; payment_method_id: string } | null
  /** Why the bank refused the saved card (`card_declined`, `expired_card`, `authentication_required`, ...); null before any refusal. */
  payment_failure_reason: string | null
  charged_at: DateTimeString | null
  canceled_at: DateTimeString | null
  /** When the charge or cancel under way (`charging`, `canceling`) claimed it; null otherwise. */
  claimed_at: DateTimeString | null
  /** The claim is older than a run can hold it: its run stopped, Retry (`POST …/recover`) recovers it. */
  recoverable: boolean
}

/** `GET /admin/backorders`: the queue, oldest first. */
export type AdminBackorderListParams = {
  /** One status, or several (`status[]=ready&status[]=pending`): then ready back orders come first. */
  status?: BackorderStatus | BackorderStatus[]
  /** Matches the source order as well as the draft/converted order. */
  order_id?: string
  limit: number
  offset: number
}

export type AdminBackorderListResponse = {
  backorders: AdminBackorder[]
  count: number
  limit: number
  offset: number
}

/** `GET /admin/backorders/:id/readiness`: whether the stock covers a waiting back order, and if not, why. */
export type AdminBackorderReadinessResponse = {
  readiness: {
    /** Units missing before the stock on hand covers it, after everything ahead of it. */
    missing: number
    /** Older waiting back orders in line for the same stock. */
    ahead: number
    ready: boolean
  } | null
}

/** `GET /admin/backorders/:id`, and the answer of a charge or a cancel. */
export type AdminBackorderResponse = { backorder: AdminBackorder }

/** "record": the admin took the money (terminal, phone); "link": the shopper pays through a payment link. */
export type BackorderPayment = "record" | "link" | "saved_card"

/** `POST /admin/backorders/:id/charge`. */
export type ChargeBackorderBody = {
  /** Tax-exclusive shipping price, in the order's currency; taxed by the region's rules. */
  shipping_amount: number
  shipping_option_id?: string
  payment: BackorderPayment
}

/** `GET /admin/backorders/:id/charge-preview`'s query. */
export type BackorderChargePreviewParams = {
  shipping_amount: number
  shipping_option_id?: string
}

/** What the charge would take, computed the way the charge computes it. */
export type BackorderChargePreview = {
  currency_code: string
  items_subtotal: number
  items_tax_total: number
  shipping_amount: number
  shipping_tax_total: number
  total: number
  shipping_option_id: string
}

export type BackorderChargePreviewResponse = { preview: BackorderChargePreview }

/* ---- The customer's own back orders: GET /store/customers/me/backorders ---- */

export type CustomerBackorder = Pick<
  AdminBackorder,
  "id" | "reference" | "status" | "created_at" | "order" | "charged_at" | "canceled_at"
> & {
  /** The order placed for the available items; null when the cart held only back-ordered items. */
  source_order: { id: string; display_id: number } | null
  /** Set while the back order awaits the payment of its link. */
  payment_link: string | null
}

export type CustomerBackorderList = {
  backorders: CustomerBackorder[]
  count: number
  limit: number
  offset: number
}

/** `GET /store/backorders/:id?token=…`: one back order to whoever holds its token. */
export type GuestBackorderResponse = {
  backorder: CustomerBackorder
}

/* ---- Paying a payment link: POST /store/payment-collections/:id/backorder-payment ---- */

export type PayBackorderLinkBody = {
  /** Open a session with this provider first (e.g. the manual `pp_system_default`); else the open session is used. */
  provider_id?: string
}

export type BackorderLinkPayment = {
  backorder: { id: string; order_id: string }
  payment: { id: string; amount: number; currency_code: string; captured: boolean }
}

/** GET /store/payment-collections/:id/backorder-payment: what the payment link's page shows. */
export type BackorderLinkView = {
  /** `order`: the draft order while the link awaits payment, the order it became once paid. */
  backorder: Pick<AdminBackorder, "id" | "status" | "order">
  payment_collection: { id: string; status: string; amount: number; currency_code: string }
}

/** Units an order holds beyond what was in stock when it was placed (`GET /admin/oversold-lines`). */
export type AdminOversoldLine = {
  id: string
  order_id: string
  cart_id: string
  line_item_id: string
  variant_id: string
  ordered_quantity: number
  oversold_quantity: number
  created_at: string | Date
}

export type AdminOversoldLineListResponse = {
  oversold_lines: AdminOversoldLine[]
  count: number
  limit: number
  offset: number
}
