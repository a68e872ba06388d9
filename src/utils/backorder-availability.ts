import {
  ContainerRegistrationKeys,
  getVariantAvailability,
} from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"

/** A cart line as far as availability is concerned. */
export type CartLineForAvailability = {
  id: string
  variant_id?: string | null
  quantity: number | string | { toString(): string }
}

export type VariantBackorderAvailability = {
  variant_id: string
  /** Product title with the variant title, as the shopper sees it: "Medusa T-Shirt (L)". */
  name: string
  sku: string | null
  /**
   * Whether the plugin acts on this variant: managed inventory, backorders allowed,
   * and not an inventory kit (one inventory item, required quantity 1).
   */
  backorderable: boolean
  /**
   * Units of the variant the cart can still take in stock: the variant's available quantity
   * in the sales channel (stocked − reserved over the channel's locations, never below 0)
   * minus the units already in the cart's in-stock lines. Never below 0. Not counted (0) for
   * a variant that is not `backorderable`.
   */
  available: number
  /** The variant's available quantity in the sales channel, never below 0 (before the cart). */
  channel_available: number
  /** Units of the variant in the cart's in-stock lines (the excluded line not counted). */
  in_stock_in_cart: number
}

/**
 * What one in-stock line of the variant may hold, the line's own units not counted against it:
 * the same number as a call with `exclude_line_item_id` of that line, without another query.
 */
export function availableForLine(
  variant: VariantBackorderAvailability,
  lineQuantity: number
): number {
  return Math.max(0, variant.channel_available - (variant.in_stock_in_cart - lineQuantity))
}

/** What decides whether a variant is backorderable and which inventory items it draws on. */
export type VariantInventoryRule = {
  manage_inventory?: boolean | null
  allow_backorder?: boolean | null
  inventory_items?: ({ inventory_item_id: string; required_quantity?: number | string | null } | null)[] | null
}

/**
 * Whether the plugin acts on a variant: managed inventory, backorders allowed, and not an
 * inventory kit (one inventory item, required quantity 1).
 */
export function isBackorderableVariant(variant: VariantInventoryRule | null | undefined): boolean {
  const items = (variant?.inventory_items ?? []).filter(Boolean)
  return (
    !!variant?.manage_inventory &&
    !!variant.allow_backorder &&
    items.length === 1 &&
    Number(items[0]!.required_quantity ?? 1) === 1
  )
}

/**
 * The inventory items a completion may reserve past stock: those of managed variants that allow
 * backorders (Medusa refuses the others itself when short). These are the items checkout locks.
 */
export function inventoryItemsReservablePastStock(
  variants: (VariantInventoryRule | null | undefined)[]
): string[] {
  return variants.flatMap((variant) =>
    variant?.manage_inventory && variant.allow_backorder
      ? (variant.inventory_items ?? []).flatMap((item) => (item ? [item.inventory_item_id] : []))
      : []
  )
}

type VariantRow = {
  id: string
  title: string | null
  sku: string | null
  manage_inventory: boolean
  allow_backorder: boolean
  product?: { title: string | null } | null
  inventory_items?: { inventory_item_id: string; required_quantity: number }[] | null
}

/**
 * The one place where "available" is computed for the back-order prompt, the line split
 * and the re-check at checkout.
 */
export async function getVariantBackorderAvailability(
  container: MedusaContainer,
  input: {
    sales_channel_id: string | null | undefined
    variant_ids: string[]
    /** The cart's lines. */
    cart_lines: CartLineForAvailability[]
    /** Lines the plugin recorded as back-order lines; they never count as in stock. */
    backorder_line_ids: Iterable<string>
    /** A line whose current quantity is being replaced (the update route), so it is not counted. */
    exclude_line_item_id?: string
  }
): Promise<Map<string, VariantBackorderAvailability>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const variantIds = [...new Set(input.variant_ids)]
  const result = new Map<string, VariantBackorderAvailability>()
  if (!variantIds.length) {
    return result
  }

  const { data: variants } = (await query.graph({
    entity: "product_variant",
    fields: [
      "id",
      "title",
      "sku",
      "manage_inventory",
      "allow_backorder",
      "product.title",
      "inventory_items.inventory_item_id",
      "inventory_items.required_quantity",
    ],
    filters: { id: variantIds },
  })) as { data: VariantRow[] }

  // stock is only counted for variants the plugin acts on: the others are Medusa's to check
  const backorderableIds = variants.filter(isBackorderableVariant).map((variant) => variant.id)
  const channelAvailability =
    input.sales_channel_id && backorderableIds.length
      ? await getVariantAvailability(query, {
          variant_ids: backorderableIds,
          sales_channel_id: input.sales_channel_id,
        })
      : {}

  const backorderLineIds = new Set(input.backorder_line_ids)
  const inStockInCart = new Map<string, number>()
  for (const line of input.cart_lines) {
    if (
      !line.variant_id ||
      backorderLineIds.has(line.id) ||
      line.id === input.exclude_line_item_id
    ) {
      continue
    }
    inStockInCart.set(
      line.variant_id,
      (inStockInCart.get(line.variant_id) ?? 0) + Number(line.quantity)
    )
  }

  for (const variant of variants) {
    const backorderable = isBackorderableVariant(variant)

    const inChannel = Math.max(
      0,
      Number(channelAvailability[variant.id]?.availability ?? 0)
    )
    const productTitle = variant.product?.title ?? ""
    const name = variant.title ? `${productTitle} (${variant.title})` : productTitle

    result.set(variant.id, {
      variant_id: variant.id,
      name: name || variant.sku || variant.id,
      sku: variant.sku ?? null,
      backorderable,
      available: Math.max(0, inChannel - (inStockInCart.get(variant.id) ?? 0)),
      channel_available: inChannel,
      in_stock_in_cart: inStockInCart.get(variant.id) ?? 0,
    })
  }
  return result
}
