import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"

/** Where the shopper's answer to the back-order prompt travels: `metadata.backorder`. */
export const BACKORDER_ANSWER_KEY = "backorder"
export const BACKORDER_ANSWERS = ["accept", "decline"] as const
export type BackorderAnswer = (typeof BACKORDER_ANSWERS)[number]

/**
 * Metadata keys the plugin writes on back-order lines (for display). A shopper may never
 * send them: they are informational, the `backorder_line` record is the truth.
 */
export const BACKORDER_METADATA_KEYS = ["is_backorder", "backorder_unit_price"] as const

/** The seed puts "back ordered" next to the product name; every storefront shows the title. */
export function backorderedTitle(productTitle: string): string {
  return `${productTitle} (back ordered)`
}

/** Ids of the cart lines the plugin created as back-order lines (its own record, not metadata). */
export async function listBackorderLineIds(
  container: MedusaContainer,
  cartId: string
): Promise<Set<string>> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const lines = await backorderModule.listBackorderLines({ cart_id: cartId }, { select: ["line_item_id"] })
  return new Set(lines.map((line) => line.line_item_id))
}

export type LineMetadata = Record<string, unknown>

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

/** The cart fields stock decisions read: its channel, whether it is completed, and its lines' variants and quantities. */
export const CART_STOCK_FIELDS = ["id", "completed_at", "sales_channel_id", "items.id", "items.variant_id", "items.quantity"]

/**
 * A cart (with the fields asked for) and the ids of its lines the plugin recorded as back-order
 * lines, read together: what the line-item routes, the split and checkout all start from.
 */
export async function retrieveCartWithBackorderLineIds<TCart>(
  container: MedusaContainer,
  cartId: string,
  fields: string[]
): Promise<{ cart: TCart | undefined; backorderLineIds: Set<string> }> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [{ data }, backorderLineIds] = await Promise.all([
    query.graph({ entity: "cart", fields, filters: { id: cartId } }),
    listBackorderLineIds(container, cartId),
  ])
  return { cart: data[0] as TCart | undefined, backorderLineIds }
}
