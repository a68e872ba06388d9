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
      await giveBackOrderReservations(container, refusal.own_order_reservation_ids, itemIds)
      throw new BackorderStockChangedError({ stock_changed: refusal.stock_changed, message: refusal.message })
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
): Promise<(BackorderStockRefusal & { own_order_reservation_ids: string[] }) | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const inventory = container.resolve(Modules.INVENTORY)
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)

  const [{ data: links }, [backorder], { data: channelLocations }, { data: levels }] = await Promise.all([
    query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cart.id } }, UNCACHED),
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
  const orderId = (links as { order_id: string }[])[0]?.order_id
  const orderIds = [orderId, backorder?.draft_order_id].filter((id): id is string => !!id)
  const { data: orders } = orderIds.length
    ? await query.graph({ entity: "order", fields: ["id", "items.id"], filters: { id: orderIds } }, UNCACHED)
    : { data: [] }
  const lineOwner = new Map<string, "order" | "backorder">()
  for (const order of orders as { id: string; items?: ({ id: string } | null)[] | null }[]) {
    for (const item of order.items ?? []) {
      if (item) lineOwner.set(item.id, order.id === orderId ? "order" : "backorder")
    }
  }
  const reservations = lineOwner.size
    ? await inventory.listReservationItems(
        { line_item_id: [...lineOwner.keys()], inventory_item_id: itemIds },
        { select: ["id", "line_item_id", "inventory_item_id", "location_id", "quantity"] }
      )
    : []

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
  const ownOrderReservationIds: string[] = []
  for (const reservation of reservations) {
    if (lineOwner.get(reservation.line_item_id ?? "") === "order") {
      ownOrderReservationIds.push(reservation.id)
    }
    if (locations.has(reservation.location_id)) {
      add(reservedByOthers, reservation.inventory_item_id, -Number(reservation.quantity))
    }
  }

  const variants = new Map(lines.flatMap((line) => (line.variant ? [[line.variant_id, line.variant] as const] : [])))
  const demand = inventoryDemandOfLines(lines, variants)
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
  if (!stockChanged.length) {
    return null
  }
  return { stock_changed: stockChanged, message: stockChangedMessage(shortages), own_order_reservation_ids: ownOrderReservationIds }
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
  // Medusa's own key for an item's levels, as its reservation step takes it
  await locking.execute(itemIds, () => inventory.deleteReservationItems(reservationIds))
}
