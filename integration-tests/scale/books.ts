// The books the scale tests read after the races and the crashes: what a cart's completion left
// (its orders, back orders and their draft orders, payments) and a variant's stock level, read
// through the admin API and SQL of one topology.
import { BigNumber } from "@medusajs/framework/utils"
import type { Admin } from "./shop"
import type { Instance, Topology } from "./topology"

/** Amounts and quantities as numbers, whether the API sent a number or a raw BigNumber. */
export const num = (value: unknown) => Number(new BigNumber(value as any).numeric)

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const ORDER_FIELDS = [
  "id",
  "total",
  "items.variant_id",
  "items.quantity",
  "items.unit_price",
  "items.metadata",
  "shipping_methods.id",
  "payment_collections.id",
  "payment_collections.status",
  "payment_collections.payments.id",
  "payment_collections.payments.amount",
  "payment_collections.payments.captured_at",
].join(",")

type Books = Pick<Topology, "sql"> & { admin: Admin; on: Instance }

export const orderById = async ({ admin, on }: Books, id: string) =>
  (await admin.get(on, `/admin/orders/${id}?fields=${ORDER_FIELDS}`)).data.order

/** Everything a cart's completion left: its orders, its back orders (and their draft orders, or orders once charged). */
export async function booksOf(books: Books, cartId: string, variantId: string) {
  const { admin, on, sql } = books
  const links = await sql(`SELECT order_id FROM order_cart WHERE cart_id = $1 AND deleted_at IS NULL`, [cartId])
  const orders = await Promise.all(links.map((link) => orderById(books, link.order_id)))
  const backorders = await sql(`SELECT * FROM backorder WHERE cart_id = $1 AND deleted_at IS NULL`, [cartId])
  // a charged back order's draft is an order by now
  const drafts = await Promise.all(
    backorders.map(
      async (b) =>
        (await admin.get(on, `/admin/draft-orders/${b.draft_order_id}?fields=id,*items`)).data.draft_order ??
        (await admin.get(on, `/admin/orders/${b.draft_order_id}?fields=id,*items`)).data.order
    )
  )
  // every draft the plugin tagged with this cart (a completion killed after placing one leaves it untied)
  const taggedDrafts = await sql(
    `SELECT id FROM "order" WHERE is_draft_order AND metadata->>'backorder_cart_id' = $1 AND deleted_at IS NULL`,
    [cartId]
  )
  const unitsIn = (order: any) =>
    (order.items ?? []).filter((item: any) => item.variant_id === variantId).reduce((sum: number, item: any) => sum + num(item.quantity), 0)
  return {
    orders,
    backorders,
    drafts,
    taggedDrafts: taggedDrafts.map((row) => row.id as string),
    /** Units in paid orders: only in-stock units may be there. */
    soldInStock: orders.reduce((sum, order) => sum + unitsIn(order), 0),
    backordered: drafts.reduce((sum, draft) => sum + unitsIn(draft), 0),
    backorderLinesInOrders: orders.flatMap((order) => order.items).filter((item: any) => item.metadata?.is_backorder),
    payments: orders.flatMap((order) => order.payment_collections.flatMap((pc: any) => pc.payments)),
  }
}

/** An inventory item's stock level at a location. */
export async function levelOf({ admin, on }: Omit<Books, "sql">, inventoryItemId: string, locationId: string) {
  const { data } = await admin.get(on, `/admin/inventory-items/${inventoryItemId}/location-levels`)
  const found = data.inventory_levels.find((l: any) => l.location_id === locationId)
  return { stocked: num(found.stocked_quantity), reserved: num(found.reserved_quantity) }
}

/** Polls `check` until it answers something truthy, or throws after `timeoutMs` with `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T>, { timeoutMs = 60000, intervalMs = 500 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(intervalMs)
  }
}
