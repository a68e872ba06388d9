/**
 * The checkout's stock check after Medusa reserved the cart's units, before the payment is
 * authorised (completeCartWorkflow's `beforePaymentAuthorization` hook). The re-check before the
 * completion runs without a lock, so two carts may both pass it for the last units; both then
 * reserve (Medusa reserves a backorderable variant past stock), and this check, one cart at a
 * time under the items' stock locks, decides: a cart whose in-stock units are not covered by the
 * stocked quantity, counting every reservation visible now, gives its units back under the same
 * lock and its completion fails before any payment. Every cart that passes had its reservations
 * committed before it looked, so the carts that pass never hold more than is stocked; and a cart
 * that gives back does so before the next one looks, so two short carts never refuse each other
 * and leave units unsold (20 one-unit carts for 5 units: exactly 5 pass).
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import { stockLockKeys } from "../modules/backorder/service"
import type { BackorderStockChange } from "../types"
import {
  inventoryDemandOfLines,
  inventoryItemsReservablePastStock,
  isBackorderableVariant,
  type VariantInventoryRule,
} from "./backorder-availability"
import { acquireLeasedLocks, leaseDepsOf, releaseLeasedLocks } from "./backorder-locks"
import { stockChangedMessage } from "./backorder-shortfall"

/**
 * The flag the plugin's checkout puts in completeCartWorkflow's input when it holds no stock lock
 * across the completion: the hook then checks the books. Medusa's own completions (and the
 * plugin's, when it holds the locks across) don't carry it and are left alone.
 */
export const CHECK_STOCK_BEFORE_PAYMENT = "backorder_check_stock_before_payment"

let stockCheckHookRegistered = false

/** Called by the plugin's hook file once its handler holds the hook. */
export function markStockCheckHookRegistered(): void {
  stockCheckHookRegistered = true
}

/**
 * Whether the plugin's `beforePaymentAuthorization` handler holds the hook in this process: only
 * then may a checkout leave the stock unlocked across Medusa's completion (fail-safe otherwise).
 */
export function isStockCheckHookRegistered(): boolean {
  return stockCheckHookRegistered
}

/** What the route needs for its 409 `backorder_stock_changed`; kept on the error, which the workflow engine serializes with its own fields. */
export type BackorderStockRefusal = { stock_changed: BackorderStockChange[]; message: string }

/** The error a refused completion fails with: Medusa's CONFLICT, the shortfall attached. */
export class BackorderStockChangedError extends MedusaError {
  backorder_stock_changed: BackorderStockRefusal
  constructor(refusal: BackorderStockRefusal) {
    super(MedusaError.Types.CONFLICT, refusal.message)
    this.backorder_stock_changed = refusal
  }
}

/** The shortfall a failed checkout run carries, if it was refused by this check. */
export function stockRefusalOf(error: unknown): BackorderStockRefusal | null {
  const refusal = (error as { backorder_stock_changed?: BackorderStockRefusal } | null)?.backorder_stock_changed
  return refusal && Array.isArray(refusal.stock_changed) ? refusal : null
}

type VariantRow = VariantInventoryRule & {
  id: string
  title: string | null
  sku: string | null
  product?: { title: string | null } | null
}

type CartRow = {
  id: string
  sales_channel_id: string | null
  items: ({ id: string; variant_id: string | null; quantity: unknown; variant?: VariantRow | null } | null)[] | null
}

const UNCACHED = { cache: { enable: false } } as const

/**
 * Checks the cart's in-stock units against the books under the stock locks of its backorderable
 * inventory items, and gives the units of its order back when they are not covered. Throws
 * `BackorderStockChangedError` then. The cart's own back order's reservations are not counted:
 * they stand behind its in-stock units.
 */
export async function confirmStockBeforePayment(container: MedusaContainer, cartId: string): Promise<void> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: carts } = await query.graph(
    {
      entity: "cart",
      fields: [
        "id",
        "sales_channel_id",
        "items.id",
        "items.variant_id",
        "items.quantity",
        "items.variant.id",
        "items.variant.title",
        "items.variant.sku",
        "items.variant.product.title",
        "items.variant.manage_inventory",
        "items.variant.allow_backorder",
        "items.variant.inventory_items.inventory_item_id",
        "items.variant.inventory_items.required_quantity",
      ],
      filters: { id: cartId },
    },
    UNCACHED
  )
  const cart = carts[0] as CartRow | undefined
  const lines = (cart?.items ?? []).flatMap((item) =>
    item?.variant_id ? [{ id: item.id, variant_id: item.variant_id, quantity: Number(item.quantity), variant: item.variant ?? null }] : []
  )
  const itemIds = [...new Set(inventoryItemsReservablePastStock(lines.map((line) => line.variant)))]
  if (!cart || !itemIds.length) {
    return
  }

  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const deps = leaseDepsOf(container)
  const held = await acquireLeasedLocks(deps, stockLockKeys(itemIds), backorderModule.getLockTimings().stock, "backorder-stock")
  try {
    const refusal = await readShortfall(container, cart, lines, itemIds)
    if (refusal) {
      const reservations = await completionReservations(container, cart.id, itemIds)
      await giveBackOrderReservations(container, reservations.map((reservation) => reservation.id), itemIds)
      throw new BackorderStockChangedError(refusal)
    }
  } finally {
    await releaseLeasedLocks(deps, held)
  }
}

type Line = { id: string; variant_id: string; quantity: number; variant: VariantRow | null }

async function readShortfall(
  container: MedusaContainer,
  cart: CartRow,
  lines: Line[],
  itemIds: string[]
): Promise<BackorderStockRefusal | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)

  const [[backorder], { data: channelLocations }, { data: levels }] = await Promise.all([
    backorderModule.listBackorders({ cart_id: cart.id }, { take: 1, select: ["id", "draft_order_id"] }),
    query.graph(
      { entity: "sales_channel_locations", fields: ["stock_location_id"], filters: { sales_channel_id: cart.sales_channel_id ?? "" } },
      UNCACHED
    ),
    query.graph(
      {
        entity: "inventory_level",
        fields: ["inventory_item_id", "location_id", "stocked_quantity", "reserved_quantity"],
        filters: { inventory_item_id: itemIds },
      },
      UNCACHED
    ),
  ])
  const locations = new Set((channelLocations as { stock_location_id: string }[]).map((link) => link.stock_location_id))
  // per item over the channel's locations: stocked, and reserved by anyone but this cart
  const stocked = new Map<string, number>()
  const reservedByOthers = new Map<string, number>()
  const add = (map: Map<string, number>, key: string, units: number) => map.set(key, (map.get(key) ?? 0) + units)
  for (const level of levels as { inventory_item_id: string; location_id: string; stocked_quantity: unknown; reserved_quantity: unknown }[]) {
    if (locations.has(level.location_id)) {
      add(stocked, level.inventory_item_id, Number(level.stocked_quantity))
      add(reservedByOthers, level.inventory_item_id, Number(level.reserved_quantity))
    }
  }
  // the cart's own back order (placed by this run before Medusa's completion) stands behind it
  for (const reservation of await reservationsOfOrder(container, backorder?.draft_order_id, itemIds)) {
    if (locations.has(reservation.location_id)) {
      add(reservedByOthers, reservation.inventory_item_id, -Number(reservation.quantity))
    }
  }
  // and Medusa has just reserved the cart's in-stock units, at one of the channel's locations
  const variants = new Map(lines.flatMap((line) => (line.variant ? [[line.variant_id, line.variant] as const] : [])))
  const demand = inventoryDemandOfLines(lines, variants)
  for (const [item, units] of demand) {
    add(reservedByOthers, item, -units)
  }

  const stockChanged: BackorderStockChange[] = []
  const shortages: string[] = []
  for (const line of lines) {
    if (!isBackorderableVariant(line.variant)) {
      continue
    }
    const item = line.variant!.inventory_items!.find(Boolean)!.inventory_item_id
    // what the channel has for this cart, then what this line may hold of it (as the re-check)
    const forCart = Math.max(0, (stocked.get(item) ?? 0) - (reservedByOthers.get(item) ?? 0))
    const available = Math.max(0, forCart - ((demand.get(item) ?? 0) - line.quantity))
    if (line.quantity > available) {
      const variant = line.variant!
      const productTitle = variant.product?.title ?? ""
      const name = (variant.title ? `${productTitle} (${variant.title})` : productTitle) || variant.sku || variant.id
      stockChanged.push({ line_item_id: line.id, variant_id: line.variant_id, requested: line.quantity, available })
      shortages.push(`only ${available} of ${name} available now, and your cart has ${line.quantity}`)
    }
  }
  return stockChanged.length ? { stock_changed: stockChanged, message: stockChangedMessage(shortages) } : null
}

type ReservationRow = { id: string; inventory_item_id: string; location_id: string; quantity: unknown }

/** The reservations of an order's lines on the given inventory items (none without an order). */
async function reservationsOfOrder(container: MedusaContainer, orderId: string | null | undefined, itemIds: string[]): Promise<ReservationRow[]> {
  if (!orderId) {
    return []
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: orders } = await query.graph({ entity: "order", fields: ["id", "items.id"], filters: { id: orderId } }, UNCACHED)
  const lineIds = ((orders[0] as { items?: ({ id: string } | null)[] | null } | undefined)?.items ?? []).flatMap((item) => (item ? [item.id] : []))
  if (!lineIds.length) {
    return []
  }
  return container.resolve(Modules.INVENTORY).listReservationItems(
    { line_item_id: lineIds, inventory_item_id: itemIds },
    { select: ["id", "inventory_item_id", "location_id", "quantity"] }
  ) as Promise<ReservationRow[]>
}

/** The reservations Medusa's completion made for the cart's order, found through its order_cart link. */
async function completionReservations(container: MedusaContainer, cartId: string, itemIds: string[]): Promise<ReservationRow[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } }, UNCACHED)
  return reservationsOfOrder(container, (links as { order_id: string }[])[0]?.order_id, itemIds)
}

/**
 * Deletes the order's reservations while the stock locks are still held, so the next cart's
 * check already counts without them. Medusa's compensation deletes them again: nothing then.
 */
async function giveBackOrderReservations(container: MedusaContainer, reservationIds: string[], itemIds: string[]) {
  if (!reservationIds.length) {
    return
  }
  const inventory = container.resolve(Modules.INVENTORY)
  const locking = container.resolve(Modules.LOCKING)
  // Medusa's own key for an item's levels, as its reservation step takes it (the levels are
  // read, then written); waited for as long as a stock lock, not Medusa's default 5 s: every
  // completion of the item reserves under that key at the same time
  const { stock } = container.resolve<BackorderModuleService>(BACKORDER_MODULE).getLockTimings()
  await locking.execute(itemIds, () => inventory.deleteReservationItems(reservationIds), { timeout: stock.timeout })
}
