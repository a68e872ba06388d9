/**
 * When a back order is ready: the one rule, and the books it reads.
 *
 * A back order is ready when the stock on hand covers every one of its reservations after
 * everything ahead of it, at each stock location it reserved at (a location of its sales
 * channel, chosen when it was placed):
 * - ahead of every back order: reservations that are not a waiting back order's (paid orders,
 *   and back orders already being charged or awaiting their payment link);
 * - ahead of a back order: every older waiting back order (by placement time, then id), covered
 *   or not. Strictly first come, first served: an older back order that is not covered keeps its
 *   units' place in line, so a newer one never jumps it.
 *
 * Back-order reservations are told from orders' by their description (set when the draft's
 * units are reserved), so the rule reads reservations without joining through draft lines.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import { QUEUED_BACKORDER_STATUSES, type BackorderStatus } from "../modules/backorder/statuses"

const RESERVATION_PREFIX = "backorder:"

/** The description of each reservation a back order's draft holds. */
export const backorderReservationDescription = (draftOrderId: string) => `${RESERVATION_PREFIX}${draftOrderId}`

/** The draft order a back-order reservation belongs to; null for any other reservation. */
export const draftOrderOfReservation = (description: string | null | undefined): string | null =>
  description?.startsWith(RESERVATION_PREFIX) ? description.slice(RESERVATION_PREFIX.length) || null : null

/** Units of one inventory item at one stock location. */
export type StockPlace = { inventory_item_id: string; location_id: string }

export type StockNeed = StockPlace & { quantity: number }

export type StockOnHand = StockPlace & {
  /** `stocked_quantity` of the location's inventory level. */
  stocked: number
  /** Reserved units that are not a waiting back order's. */
  ahead: number
}

export type QueuedBackorder = {
  id: string
  draft_order_id: string
  status: BackorderStatus
  created_at: Date | string
  needs: StockNeed[]
}

export type Readiness = {
  id: string
  ready: boolean
  /** Units missing before it is covered (summed over its items and locations); 0 when ready. */
  missing: number
  /** Older waiting back orders in line for the same stock. */
  ahead: number
}

const placeKey = ({ inventory_item_id, location_id }: StockPlace) => `${inventory_item_id}@${location_id}`

/** Placement order: the line. */
export function byPlacement(a: Pick<QueuedBackorder, "id" | "created_at">, b: Pick<QueuedBackorder, "id" | "created_at">) {
  return new Date(a.created_at).getTime() - new Date(b.created_at).getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** The rule: each waiting back order's readiness, walking the line oldest first. */
export function judgeReadiness(queue: QueuedBackorder[], stock: StockOnHand[]): Map<string, Readiness> {
  const left = new Map(stock.map((place) => [placeKey(place), place.stocked - place.ahead]))
  const inLine = new Map<string, number>()
  const judged = new Map<string, Readiness>()
  for (const backorder of [...queue].sort(byPlacement)) {
    const places = [...new Set(backorder.needs.map(placeKey))]
    let missing = 0
    for (const need of backorder.needs) {
      const key = placeKey(need)
      const available = left.get(key) ?? 0
      missing += Math.max(0, need.quantity - Math.max(0, available))
      left.set(key, available - need.quantity)
    }
    const ahead = Math.max(0, ...places.map((key) => inLine.get(key) ?? 0))
    for (const key of places) {
      inLine.set(key, (inLine.get(key) ?? 0) + 1)
    }
    judged.set(backorder.id, { id: backorder.id, ready: backorder.needs.length > 0 && missing === 0, missing, ahead })
  }
  return judged
}

export type BackorderLine = { queue: QueuedBackorder[]; stock: StockOnHand[] }

/** The inventory items the drafts' back-order reservations hold (found by their description). */
export async function itemsHeldBy(container: MedusaContainer, draftOrderIds: string[]): Promise<string[]> {
  if (!draftOrderIds.length) {
    return []
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "reservation_item",
    fields: ["inventory_item_id"],
    filters: { description: draftOrderIds.map(backorderReservationDescription) },
  })
  return [...new Set((data as { inventory_item_id: string }[]).map((row) => row.inventory_item_id))]
}

type ReservationRow = StockPlace & { quantity: number | string; description?: string | null }

/**
 * The back-order reservations of these items (found by their description's prefix): a variant's
 * orders' reservations are never read one by one, the level's `reserved_quantity` counts them.
 */
async function backorderReservationsOf(container: MedusaContainer, inventoryItemIds: string[]): Promise<ReservationRow[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "reservation_item",
    fields: ["inventory_item_id", "location_id", "quantity", "description"],
    filters: { inventory_item_id: inventoryItemIds, description: { $like: `${RESERVATION_PREFIX}%` } },
  })
  return data as ReservationRow[]
}

/**
 * The books the rule reads: the waiting back orders that hold stock of `inventoryItemIds` (all of
 * them without ids), the stock on hand and what else is reserved of their items. A back order
 * that holds nothing (an item without managed inventory) is not in line.
 */
export async function readBackorderLine(container: MedusaContainer, inventoryItemIds?: string[]): Promise<BackorderLine> {
  const inventory = container.resolve(Modules.INVENTORY)
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)

  let items = new Set(inventoryItemIds ?? [])
  if (!inventoryItemIds) {
    const waiting = await backorderModule.listBackorders(
      { status: [...QUEUED_BACKORDER_STATUSES] },
      { select: ["draft_order_id"] }
    )
    if (!waiting.length) {
      return { queue: [], stock: [] }
    }
    items = new Set(await itemsHeldBy(container, waiting.map((backorder) => backorder.draft_order_id)))
  }

  // A waiting back order's readiness depends on every item it holds: take them all in
  const reservations: ReservationRow[] = []
  const waitingByDraft = new Map<string, Omit<QueuedBackorder, "needs">>()
  let toRead = [...items]
  while (toRead.length) {
    const rows = await backorderReservationsOf(container, toRead)
    reservations.push(...rows)
    const drafts = [...new Set(rows.flatMap((row) => draftOrderOfReservation(row.description) ?? []))].filter(
      (draftId) => !waitingByDraft.has(draftId)
    )
    const waiting = drafts.length
      ? await backorderModule.listBackorders(
          { draft_order_id: drafts, status: [...QUEUED_BACKORDER_STATUSES] },
          { select: ["id", "draft_order_id", "status", "created_at"] }
        )
      : []
    for (const backorder of waiting) {
      waitingByDraft.set(backorder.draft_order_id, {
        id: backorder.id,
        draft_order_id: backorder.draft_order_id,
        status: backorder.status as BackorderStatus,
        created_at: backorder.created_at,
      })
    }
    const heldByWaiting = new Set(await itemsHeldBy(container, waiting.map((backorder) => backorder.draft_order_id)))
    toRead = [...heldByWaiting].filter((id) => !items.has(id))
    toRead.forEach((id) => items.add(id))
  }
  if (!items.size) {
    return { queue: [], stock: [] }
  }

  const needsByDraft = new Map<string, StockNeed[]>()
  const waitingByPlace = new Map<string, number>()
  for (const row of reservations) {
    const draftId = draftOrderOfReservation(row.description)
    if (!draftId || !waitingByDraft.has(draftId)) {
      continue // a back order being charged or awaiting its link: counted with the orders'
    }
    const need = { inventory_item_id: row.inventory_item_id, location_id: row.location_id, quantity: Number(row.quantity) }
    needsByDraft.set(draftId, [...(needsByDraft.get(draftId) ?? []), need])
    waitingByPlace.set(placeKey(need), (waitingByPlace.get(placeKey(need)) ?? 0) + need.quantity)
  }

  const levels = (await inventory.listInventoryLevels(
    { inventory_item_id: [...items] },
    { select: ["inventory_item_id", "location_id", "stocked_quantity", "reserved_quantity"] }
  )) as (StockPlace & { stocked_quantity: number | string; reserved_quantity: number | string })[]
  const stock = levels.map((level) => ({
    inventory_item_id: level.inventory_item_id,
    location_id: level.location_id,
    stocked: Number(level.stocked_quantity),
    ahead: Number(level.reserved_quantity) - (waitingByPlace.get(placeKey(level)) ?? 0),
  }))
  const queue = [...waitingByDraft.values()]
    .filter((backorder) => needsByDraft.has(backorder.draft_order_id))
    .map((backorder) => ({ ...backorder, needs: needsByDraft.get(backorder.draft_order_id)! }))
    .sort(byPlacement)
  return { queue, stock }
}

/**
 * Why a waiting back order is (not) ready, for its page ("needs 3 more; 2 back orders ahead"):
 * the rule over its line as the books are now. Null for a back order that waits for nothing
 * (charged, canceled, being charged) or holds no stock.
 */
export async function explainReadiness(container: MedusaContainer, backorderId: string): Promise<Readiness | null> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [backorder] = await backorderModule.listBackorders({ id: backorderId }, { take: 1 })
  if (!backorder || !(QUEUED_BACKORDER_STATUSES as readonly string[]).includes(backorder.status)) {
    return null
  }
  const items = await itemsHeldBy(container, [backorder.draft_order_id])
  if (!items.length) {
    return null
  }
  const line = await readBackorderLine(container, items)
  return judgeReadiness(line.queue, line.stock).get(backorderId) ?? null
}
