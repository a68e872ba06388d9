/**
 * The back-order line: the cart line the plugin creates for the units a shopper back orders
 * (priced 0, not discountable, no shipping), what it writes in that line's metadata, and the
 * shopper's answer that asks for it. The metadata is for display: the storefront kit reads it
 * (typed by `BackorderLineMetadata`), and the plugin's own `backorder_line` record, which a
 * shopper can't write, decides whether a line is back ordered.
 *
 * This file imports nothing, so the API types (`src/types`) can name these shapes in the
 * storefront kit's declarations.
 */

/** Where the shopper's answer to the back-order prompt travels: `metadata.backorder`. */
export const BACKORDER_ANSWER_KEY = "backorder"
export const BACKORDER_ANSWERS = ["accept", "decline"] as const
export type BackorderAnswer = (typeof BACKORDER_ANSWERS)[number]

/** The answer as a line request's metadata carries it, next to the shopper's own keys. */
export type BackorderAnswerMetadata = { [key in typeof BACKORDER_ANSWER_KEY]: BackorderAnswer }

/** A cart line's metadata, as Medusa stores it. */
export type LineMetadata = Record<string, unknown>

/**
 * When the back-ordered units ship, as the variant's back-order settings say (each key only when
 * set). Kept current: a change of the variant's settings rewrites it on open carts' back-order
 * lines and on outstanding back orders' draft lines.
 */
export type BackorderShippingMetadata = {
  /** "2027-01-15" */
  backorder_ships_on?: string
  /** "Ships in 2–3 weeks" */
  backorder_message?: string
}

/** What the plugin writes in a back-order line's metadata, next to what the shopper wrote. */
export type BackorderLineMetadata = BackorderShippingMetadata & {
  is_backorder: true
  /** The unit price the back order will be charged at, in the cart's pricing context. */
  backorder_unit_price: number
}

/** What the plugin writes in the metadata of a pending back order's draft-order lines. */
export type BackorderDraftLineMetadata = BackorderShippingMetadata & {
  is_backorder: true
  /** The cart the back-ordered units were placed from. */
  source_cart_id: string
}

// every key of BackorderLineMetadata, so none can be sent by a shopper
const RESERVED_KEYS = {
  is_backorder: true,
  backorder_unit_price: true,
  backorder_ships_on: true,
  backorder_message: true,
} satisfies Record<keyof BackorderLineMetadata, true>

/** The shipping keys for a variant's settings: only those that are set. */
export function backorderShippingMetadata(shipping: { ships_on: string | null; message: string | null }): BackorderShippingMetadata {
  return {
    ...(shipping.ships_on && { backorder_ships_on: shipping.ships_on }),
    ...(shipping.message && { backorder_message: shipping.message }),
  }
}

/** Metadata with the shipping keys replaced by a variant's current settings. */
export function withBackorderShipping(
  metadata: LineMetadata | null | undefined,
  shipping: { ships_on: string | null; message: string | null }
): LineMetadata {
  const rest: LineMetadata = { ...(metadata ?? {}) }
  delete rest.backorder_ships_on
  delete rest.backorder_message
  return { ...rest, ...backorderShippingMetadata(shipping) }
}

/**
 * Metadata keys the plugin writes on back-order lines. A shopper may never send them: they are
 * informational, the `backorder_line` record is the truth.
 */
export const BACKORDER_METADATA_KEYS = Object.keys(RESERVED_KEYS) as (keyof BackorderLineMetadata)[]

/** A new back-order line's metadata: the shopper's, and the plugin's keys. */
export function backorderLineMetadata(
  shopperMetadata: LineMetadata,
  unitPrice: number,
  shipping: { ships_on: string | null; message: string | null } = { ships_on: null, message: null }
): LineMetadata & BackorderLineMetadata {
  return { ...shopperMetadata, is_backorder: true, backorder_unit_price: unitPrice, ...backorderShippingMetadata(shipping) }
}

/** A back-order line's metadata showing another unit price (after its cart's pricing context changed). */
export function withBackorderUnitPrice(metadata: LineMetadata | null | undefined, unitPrice: number): LineMetadata {
  const price: Pick<BackorderLineMetadata, "backorder_unit_price"> = { backorder_unit_price: unitPrice }
  return { ...(metadata ?? {}), ...price }
}

/** The unit price a back-order line's metadata shows, or null when it shows none. */
export function backorderUnitPriceShown(metadata: LineMetadata | null | undefined): number | null {
  const shown: Partial<Record<keyof BackorderLineMetadata, unknown>> = metadata ?? {}
  return typeof shown.backorder_unit_price === "number" ? shown.backorder_unit_price : null
}

/**
 * What the plugin writes in a back order's draft order's metadata: the cart it was placed from,
 * written with the draft itself, so a completion killed before recording the back order leaves
 * a draft the cart's next completion can find (and remove with its reservations).
 */
export type BackorderDraftMetadata = { backorder_cart_id: string }

export function backorderDraftMetadata(cartId: string): BackorderDraftMetadata {
  return { backorder_cart_id: cartId }
}

export function backorderDraftLineMetadata(
  cartId: string,
  shipping: { ships_on: string | null; message: string | null } = { ships_on: null, message: null }
): BackorderDraftLineMetadata {
  return { is_backorder: true, source_cart_id: cartId, ...backorderShippingMetadata(shipping) }
}

/** Shown next to the product's name on a back-order line, so every storefront shows it. */
export const BACKORDERED_LABEL = "back ordered"

export function backorderedTitle(productTitle: string): string {
  return `${productTitle} (${BACKORDERED_LABEL})`
}

/** The line's metadata without the plugin's reserved keys: what the shopper wrote on it. */
export function withoutBackorderMetadata(metadata: LineMetadata | null | undefined): LineMetadata {
  const rest: LineMetadata = { ...(metadata ?? {}) }
  for (const key of BACKORDER_METADATA_KEYS) {
    delete rest[key]
  }
  return rest
}

/** Reserved keys present in metadata a shopper sent (they may never send any). */
export function reservedBackorderKeysIn(metadata: LineMetadata | null | undefined): string[] {
  return BACKORDER_METADATA_KEYS.filter((key) => metadata != null && key in metadata)
}
