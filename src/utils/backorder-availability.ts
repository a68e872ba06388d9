import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer, RemoteQueryFunction } from "@medusajs/framework/types"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import { VARIANT_RULE_FIELDS, type VariantBackorderSettingRow } from "../modules/backorder/service"

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
   * Units of the variant the cart can still take in stock: its inventory item's available
   * quantity in the sales channel minus what the cart's in-stock lines already draw on that item
   * (`demand_in_cart`). Never below 0. Not counted (0) for a variant that is not `backorderable`.
   */
  available: number
  /**
   * The variant's inventory item's available quantity in the sales channel (stocked − reserved
   * over the channel's locations, never below 0), before the cart.
   */
  channel_available: number
  /**
   * Units of that inventory item the cart's in-stock lines draw on (the excluded line not
   * counted): required quantity × quantity over every line, whatever variant it is of, so
   * another variant of the same goods and an inventory kit containing them count too.
   */
  demand_in_cart: number
}

/**
 * What one in-stock line of the variant may hold, the line's own units not counted against it:
 * the same number as a call with `exclude_line_item_id` of that line, without another query.
 * (A backorderable variant draws 1 unit of its item per unit, so the line's units are its demand.)
 */
export function availableForLine(
  variant: VariantBackorderAvailability,
  lineQuantity: number
): number {
  return Math.max(0, variant.channel_available - (variant.demand_in_cart - lineQuantity))
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

/**
 * Units of each inventory item that the given (in-stock) lines draw on: required quantity ×
 * quantity, over every line whose variant has managed inventory (Medusa reserves nothing for the
 * others). One inventory item may back several variants, and a kit draws several units of it:
 * stock is a property of the item, so demand is counted per item, never per variant.
 */
export function inventoryDemandOfLines(
  lines: Pick<CartLineForAvailability, "variant_id" | "quantity">[],
  variants: ReadonlyMap<string, VariantInventoryRule>
): Map<string, number> {
  const demand = new Map<string, number>()
  for (const line of lines) {
    const variant = line.variant_id ? variants.get(line.variant_id) : undefined
    if (!variant?.manage_inventory) {
      continue
    }
    for (const item of variant.inventory_items ?? []) {
      if (item) {
        const units = Number(item.required_quantity ?? 1) * Number(line.quantity)
        demand.set(item.inventory_item_id, (demand.get(item.inventory_item_id) ?? 0) + units)
      }
    }
  }
  return demand
}

export type InventoryLevelRow = {
  inventory_item_id: string
  location_id: string
  stocked_quantity: number | string | { toString(): string }
  reserved_quantity: number | string | { toString(): string }
}

/**
 * Each inventory item's available quantity in a sales channel: stocked − reserved summed over
 * the channel's stock locations (a level may be negative after back orders), never below 0.
 * Medusa's `getVariantAvailability` sums the same way.
 */
export function channelAvailableByItem(
  levels: InventoryLevelRow[],
  channelLocationIds: ReadonlySet<string>
): Map<string, number> {
  const sums = new Map<string, number>()
  for (const level of levels) {
    if (!channelLocationIds.has(level.location_id)) {
      continue
    }
    const available = Number(level.stocked_quantity) - Number(level.reserved_quantity)
    sums.set(level.inventory_item_id, (sums.get(level.inventory_item_id) ?? 0) + available)
  }
  return new Map([...sums].map(([item, sum]) => [item, Math.max(0, sum)]))
}

/**
 * Every stock read here bypasses Medusa's query cache. With the Caching Module on, Medusa's own
 * availability helper (`getVariantAvailability`) answers from that cache, which a checkout's
 * reservations invalidate only when its workflow's events are released, after the stock locks
 * were given back: under the lock, the next checkout would still see the units just sold.
 */
const UNCACHED = { cache: { enable: false } } as const

type VariantRow = VariantInventoryRule & {
  id: string
  title: string | null
  sku: string | null
  product?: { title: string | null } | null
}

/** The inventory items' available quantities in the sales channel, read from the database. */
async function readChannelAvailability(
  query: Omit<RemoteQueryFunction, symbol>,
  salesChannelId: string | null | undefined,
  inventoryItemIds: string[]
): Promise<Map<string, number>> {
  if (!salesChannelId || !inventoryItemIds.length) {
    return new Map()
  }
  const [{ data: channelLocations }, { data: levels }] = await Promise.all([
    query.graph(
      { entity: "sales_channel_locations", fields: ["stock_location_id"], filters: { sales_channel_id: salesChannelId } },
      UNCACHED
    ),
    query.graph(
      {
        entity: "inventory_level",
        fields: ["inventory_item_id", "location_id", "stocked_quantity", "reserved_quantity"],
        filters: { inventory_item_id: inventoryItemIds },
      },
      UNCACHED
    ),
  ])
  const locationIds = new Set((channelLocations as { stock_location_id: string }[]).map((link) => link.stock_location_id))
  return channelAvailableByItem(levels as InventoryLevelRow[], locationIds)
}

/** A variant as availability reads it (its rule, names and inventory items). */
export type VariantStockRow = VariantRow

/**
 * The one place where "available" is computed for the back-order prompt, the line split
 * and the re-check at checkout. Stock belongs to inventory items: a variant's available units
 * are its item's, less what every in-stock line of the cart draws on that item.
 */
export async function getVariantBackorderAvailability(
  container: MedusaContainer,
  input: BackorderAvailabilityInput
): Promise<Map<string, VariantBackorderAvailability>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const variantIds = [...new Set(input.variant_ids)]
  if (!variantIds.length) {
    return new Map()
  }
  const inStockLines = inStockLinesOf(input)
  // the cart's other variants too: they may draw on the same inventory items
  const { data } = await query.graph(
    {
      entity: "product_variant",
      fields: AVAILABILITY_VARIANT_FIELDS,
      filters: { id: [...new Set([...variantIds, ...inStockLines.map((line) => line.variant_id!)])] },
    },
    UNCACHED
  )
  const variants = new Map((data as VariantRow[]).map((variant) => [variant.id, variant]))
  const channelAvailable = await readChannelAvailability(query, input.sales_channel_id, [
    ...new Set(variantIds.flatMap((id) => backorderableItemOf(variants.get(id)) ?? [])),
  ])
  return computeBackorderAvailability(input, variants, channelAvailable)
}

/**
 * The cart line fields that carry availability's variant fields (`items.variant.*`): checkout
 * reads its cart with them before taking the stock locks, so that the re-check under the locks
 * reads only the stock (`getCartVariantAvailability`).
 */
export const CART_LINE_VARIANT_FIELDS = () => AVAILABILITY_VARIANT_FIELDS.map((field) => `items.variant.${field}`)

/**
 * `getVariantBackorderAvailability` for variants read already (with the cart, see
 * `CART_LINE_VARIANT_FIELDS`): the same arithmetic, and only the stock is read, past the cache.
 */
export async function getCartVariantAvailability(
  container: MedusaContainer,
  input: BackorderAvailabilityInput & { variants: VariantStockRow[] }
): Promise<Map<string, VariantBackorderAvailability>> {
  const variantIds = [...new Set(input.variant_ids)]
  if (!variantIds.length) {
    return new Map()
  }
  const variants = new Map(input.variants.map((variant) => [variant.id, variant]))
  const channelAvailable = await readChannelAvailability(
    container.resolve(ContainerRegistrationKeys.QUERY),
    input.sales_channel_id,
    [...new Set(variantIds.flatMap((id) => backorderableItemOf(variants.get(id)) ?? []))]
  )
  return computeBackorderAvailability(input, variants, channelAvailable)
}

type BackorderAvailabilityInput = {
  sales_channel_id: string | null | undefined
  variant_ids: string[]
  /** The cart's lines. */
  cart_lines: CartLineForAvailability[]
  /** Lines the plugin recorded as back-order lines; they never count as in stock. */
  backorder_line_ids: Iterable<string>
  /** A line whose current quantity is being replaced (the update route), so it is not counted. */
  exclude_line_item_id?: string
}

const AVAILABILITY_VARIANT_FIELDS = [
  "id",
  "title",
  "sku",
  "manage_inventory",
  "allow_backorder",
  "product.title",
  "inventory_items.inventory_item_id",
  "inventory_items.required_quantity",
]

function inStockLinesOf(input: Pick<BackorderAvailabilityInput, "cart_lines" | "backorder_line_ids" | "exclude_line_item_id">) {
  const backorderLineIds = new Set(input.backorder_line_ids)
  return input.cart_lines.filter(
    (line) => !!line.variant_id && !backorderLineIds.has(line.id) && line.id !== input.exclude_line_item_id
  )
}

// stock is only counted for variants the plugin acts on: the others are Medusa's to check
const backorderableItemOf = (variant: VariantInventoryRule | undefined) =>
  isBackorderableVariant(variant) ? variant!.inventory_items!.find(Boolean)!.inventory_item_id : null

/** The arithmetic of availability, on what was read: variants (with the cart's), and the items' channel stock. */
function computeBackorderAvailability(
  input: BackorderAvailabilityInput,
  variants: ReadonlyMap<string, VariantRow>,
  channelAvailable: ReadonlyMap<string, number>
): Map<string, VariantBackorderAvailability> {
  const result = new Map<string, VariantBackorderAvailability>()
  const demand = inventoryDemandOfLines(inStockLinesOf(input), variants)
  for (const id of new Set(input.variant_ids)) {
    const variant = variants.get(id)
    if (!variant) {
      continue
    }
    const item = backorderableItemOf(variant)
    const inChannel = item ? channelAvailable.get(item) ?? 0 : 0
    const inCart = item ? demand.get(item) ?? 0 : 0
    const productTitle = variant.product?.title ?? ""
    const name = variant.title ? `${productTitle} (${variant.title})` : productTitle

    result.set(variant.id, {
      variant_id: variant.id,
      name: name || variant.sku || variant.id,
      sku: variant.sku ?? null,
      backorderable: !!item,
      available: Math.max(0, inChannel - inCart),
      channel_available: inChannel,
      demand_in_cart: inCart,
    })
  }
  return result
}

/** The cart fields `readCartWithVariantStock` always reads. */
type CartStockRow = {
  id: string
  sales_channel_id: string | null
  items: ({ id: string; variant_id: string | null; quantity: number; variant?: VariantInventoryRule | null } | null)[] | null
  sales_channel?: { stock_locations?: ({ id: string } | null)[] | null } | null
}

/** The variant a shopper adds, as the line-item routes read it: availability's fields, its product's status and sales channels, its stock. */
export type AddedVariantRow = Omit<VariantRow, "product" | "inventory_items"> & {
  /** The variant's back-order rules, through the read-only link (null: none set). */
  variant_backorder_setting?: VariantBackorderSettingRow
  product: { title: string | null; status: string; sales_channels: { id: string }[] | null } | null
  inventory_items?:
    | ({
        inventory_item_id: string
        required_quantity?: number | string | null
        inventory?: { location_levels?: (InventoryLevelRow | null)[] | null } | null
      } | null)[]
    | null
}

/**
 * What a line-item request needs, read in one round (three queries side by side, stock past
 * Medusa's cache): the cart with its lines' inventory items and its sales channel's stock
 * locations, the plugin's records of its back-order lines, and the added variant with its rule,
 * its back-order rules (limit, ships_on, message: the read-only link, in the same query) and its
 * stock. `availability` then counts it without another read.
 */
export async function readCartWithVariantStock<TCart extends CartStockRow>(
  container: MedusaContainer,
  input: { cart_id: string; cart_fields: string[]; variant_id: string }
): Promise<{
  cart: TCart | undefined
  backorderLineIds: Set<string>
  variant: AddedVariantRow | undefined
  availability: (options?: { exclude_line_item_id?: string }) => VariantBackorderAvailability | undefined
}> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [{ data: carts }, backorderLineIds, { data: variantRows }] = await Promise.all([
    query.graph(
      {
        entity: "cart",
        fields: [
          ...new Set([
            ...input.cart_fields,
            "id",
            "sales_channel_id",
            "items.id",
            "items.variant_id",
            "items.quantity",
            "items.variant.manage_inventory",
            "items.variant.inventory_items.inventory_item_id",
            "items.variant.inventory_items.required_quantity",
            "sales_channel.stock_locations.id",
          ]),
        ],
        filters: { id: input.cart_id },
      },
      UNCACHED
    ),
    backorderModule.listBackorderLineIds(input.cart_id),
    query.graph(
      {
        entity: "product_variant",
        fields: [
          ...AVAILABILITY_VARIANT_FIELDS,
          "product.status",
          "product.sales_channels.id",
          ...VARIANT_RULE_FIELDS,
          "inventory_items.inventory.location_levels.inventory_item_id",
          "inventory_items.inventory.location_levels.location_id",
          "inventory_items.inventory.location_levels.stocked_quantity",
          "inventory_items.inventory.location_levels.reserved_quantity",
        ],
        filters: { id: input.variant_id },
      },
      UNCACHED
    ),
  ])
  const cart = carts[0] as TCart | undefined
  const variant = variantRows[0] as AddedVariantRow | undefined

  const availability = (options: { exclude_line_item_id?: string } = {}) => {
    if (!cart || !variant) {
      return undefined
    }
    const lines = (cart.items ?? []).flatMap((line) => (line ? [line] : []))
    const variants = new Map<string, VariantRow>()
    for (const line of lines) {
      if (line.variant_id && line.variant) {
        variants.set(line.variant_id, { id: line.variant_id, title: null, sku: null, ...line.variant })
      }
    }
    variants.set(variant.id, variant)
    const channelLocationIds = new Set(
      (cart.sales_channel?.stock_locations ?? []).flatMap((location) => (location ? [location.id] : []))
    )
    const item = backorderableItemOf(variant)
    const levels = item
      ? (variant.inventory_items ?? []).flatMap((link) =>
          (link?.inventory?.location_levels ?? []).flatMap((level) =>
            level ? [{ ...level, inventory_item_id: level.inventory_item_id ?? link!.inventory_item_id }] : []
          )
        )
      : []
    return computeBackorderAvailability(
      {
        sales_channel_id: cart.sales_channel_id,
        variant_ids: [variant.id],
        cart_lines: lines,
        backorder_line_ids: backorderLineIds,
        exclude_line_item_id: options.exclude_line_item_id,
      },
      variants,
      cart.sales_channel_id ? channelAvailableByItem(levels, channelLocationIds) : new Map()
    ).get(variant.id)
  }
  return { cart, backorderLineIds, variant, availability }
}
