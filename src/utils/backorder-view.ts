import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../modules/backorder"
import type { BackorderStatus } from "../modules/backorder/service"
import type BackorderModuleService from "../modules/backorder/service"
import { statusesBefore } from "../modules/backorder/service"

export type { BackorderStatus }

export type BackorderOrderItemView = {
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
}

export type BackorderShippingMethodView = {
  id: string
  name: string
  shipping_option_id: string | null
  amount: number
  subtotal: number
  tax_total: number
  total: number
}

/** The draft order holding the back-ordered items, or the order it became when charged. */
export type BackorderOrderView = {
  id: string
  display_id: number
  status: string
  is_draft_order: boolean
  region_id: string | null
  currency_code: string
  items: BackorderOrderItemView[]
  shipping_methods: BackorderShippingMethodView[]
  subtotal: number
  tax_total: number
  shipping_total: number
  total: number
}

export type BackorderView = {
  id: string
  status: BackorderStatus
  created_at: Date | string
  email: string | null
  customer_id: string | null
  cart_id: string
  /** `status` tells the admin when the source order was canceled in Medusa's order screens. */
  source_order: { id: string; display_id: number; status: string } | null
  order: BackorderOrderView | null
  /** The option a charge uses when none is given: the one the source order (or the cart) shipped with. */
  default_shipping_option_id: string | null
  payment_collection_id: string | null
  payment_link: string | null
  charged_at: Date | string | null
  canceled_at: Date | string | null
}

export type BackorderListFilters = {
  status?: BackorderStatus
  /** Matches the source order as well as the draft/converted order. */
  order_id?: string
}

type BackorderRecord = Awaited<ReturnType<BackorderModuleService["retrieveBackorder"]>>

/**
 * How to ask query.graph for an order's lines. Narrow item fields ("items.id",
 * "items.quantity") come back undefined on orders in Medusa 2.21, "items.*" does not, so
 * every reader of order lines in the plugin asks for this. Relations below the line
 * (e.g. "items.variant.manage_inventory") can be added next to it.
 */
export const ORDER_ITEM_FIELDS = ["items.*"]

const ORDER_FIELDS = [
  "id",
  "display_id",
  "status",
  "is_draft_order",
  "region_id",
  "currency_code",
  "subtotal",
  "tax_total",
  "shipping_total",
  "total",
  ...ORDER_ITEM_FIELDS,
  "shipping_methods.*",
]

/** Oldest first: the queue is worked in the order shoppers waited. */
export async function listBackorderViews(
  container: MedusaContainer,
  filters: BackorderListFilters,
  pagination: { limit: number; offset: number }
): Promise<{ backorders: BackorderView[]; count: number }> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [records, count] = await backorderModule.listAndCountBackorders(
    {
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.order_id
        ? { $or: [{ source_order_id: filters.order_id }, { draft_order_id: filters.order_id }] }
        : {}),
    },
    { order: { created_at: "ASC", id: "ASC" }, take: pagination.limit, skip: pagination.offset }
  )
  return { backorders: await toBackorderViews(container, records), count }
}

/** One of a customer's back orders, as the store route shows it to that customer. */
export type CustomerBackorderView = Pick<
  BackorderView,
  "id" | "status" | "created_at" | "order" | "payment_link" | "charged_at" | "canceled_at"
> & { source_order: { id: string; display_id: number } | null }

/**
 * A customer's own back orders, newest first (a shopper looks for the latest). The filter is
 * the customer id the route takes from the authenticated actor, never from the request.
 */
export async function listCustomerBackorderViews(
  container: MedusaContainer,
  customerId: string,
  pagination: { limit: number; offset: number }
): Promise<{ backorders: CustomerBackorderView[]; count: number }> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [records, count] = await backorderModule.listAndCountBackorders(
    { customer_id: customerId },
    { order: { created_at: "DESC", id: "DESC" }, take: pagination.limit, skip: pagination.offset }
  )
  const views = await toBackorderViews(container, records)
  return {
    backorders: views.map((view) => ({
      id: view.id,
      status: view.status,
      created_at: view.created_at,
      source_order: view.source_order ? { id: view.source_order.id, display_id: view.source_order.display_id } : null,
      order: view.order,
      // shown while paying it can still settle the back order
      payment_link: statusesBefore("settle_payment_link").includes(view.status) ? view.payment_link : null,
      charged_at: view.charged_at,
      canceled_at: view.canceled_at,
    })),
    count,
  }
}

/** One back order in the admin shape; NOT_FOUND in Medusa's shape when unknown. */
export async function retrieveBackorderView(container: MedusaContainer, id: string): Promise<BackorderView> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [record] = await backorderModule.listBackorders({ id }, { take: 1 })
  if (!record) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Back order with id: ${id} was not found`)
  }
  const [view] = await toBackorderViews(container, [record])
  return view
}

/**
 * The shipping option a charge defaults to, per back order: the one the source order
 * shipped with, else (a cart that held only back-ordered items has no source order)
 * the one chosen on the cart.
 */
export async function getDefaultShippingOptionIds(
  container: MedusaContainer,
  backorders: Pick<BackorderRecord, "id" | "cart_id" | "source_order_id">[]
): Promise<Map<string, string | null>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const sourceOrderIds = backorders.map((b) => b.source_order_id).filter((id): id is string => !!id)
  const cartIds = backorders.filter((b) => !b.source_order_id).map((b) => b.cart_id)

  const optionBySourceOrder = new Map<string, string | null>()
  if (sourceOrderIds.length) {
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "shipping_methods.*"],
      filters: { id: sourceOrderIds },
    })
    for (const order of data) {
      optionBySourceOrder.set(order.id, firstShippingOptionId(order.shipping_methods))
    }
  }
  const optionByCart = new Map<string, string | null>()
  if (cartIds.length) {
    const { data } = await query.graph({
      entity: "cart",
      fields: ["id", "shipping_methods.*"],
      filters: { id: cartIds },
    })
    for (const cart of data) {
      optionByCart.set(cart.id, firstShippingOptionId(cart.shipping_methods))
    }
  }
  return new Map(
    backorders.map((b) => [
      b.id,
      (b.source_order_id ? optionBySourceOrder.get(b.source_order_id) : optionByCart.get(b.cart_id)) ?? null,
    ])
  )
}

async function toBackorderViews(container: MedusaContainer, records: BackorderRecord[]): Promise<BackorderView[]> {
  if (!records.length) {
    return []
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const orderIds = [
    ...new Set(records.flatMap((r) => [r.draft_order_id, r.source_order_id]).filter((id): id is string => !!id)),
  ]
  const { data: orders } = await query.graph({ entity: "order", fields: ORDER_FIELDS, filters: { id: orderIds } })
  const ordersById = new Map(orders.map((order) => [order.id, order]))
  const defaultOptions = await getDefaultShippingOptionIds(container, records)

  return records.map((record) => {
    const source = record.source_order_id ? ordersById.get(record.source_order_id) : undefined
    const order = ordersById.get(record.draft_order_id)
    return {
      id: record.id,
      status: record.status,
      created_at: record.created_at,
      email: record.email ?? null,
      customer_id: record.customer_id ?? null,
      cart_id: record.cart_id,
      source_order: source ? { id: source.id, display_id: source.display_id, status: source.status } : null,
      order: order ? toOrderView(order) : null,
      default_shipping_option_id: defaultOptions.get(record.id) ?? null,
      payment_collection_id: record.payment_collection_id ?? null,
      payment_link: record.payment_link ?? null,
      charged_at: record.charged_at ?? null,
      canceled_at: record.canceled_at ?? null,
    }
  })
}

type GraphOrder = Record<string, any>

function toOrderView(order: GraphOrder): BackorderOrderView {
  return {
    id: order.id,
    display_id: order.display_id,
    status: order.status,
    is_draft_order: !!order.is_draft_order,
    region_id: order.region_id ?? null,
    currency_code: order.currency_code,
    items: (order.items ?? []).map((item: GraphOrder) => ({
      id: item.id,
      title: item.title,
      variant_id: item.variant_id ?? null,
      variant_sku: item.variant_sku ?? null,
      variant_title: item.variant_title ?? null,
      product_title: item.product_title ?? null,
      thumbnail: item.thumbnail ?? null,
      quantity: Number(item.quantity),
      unit_price: Number(item.unit_price),
      subtotal: Number(item.subtotal),
      tax_total: Number(item.tax_total),
      total: Number(item.total),
    })),
    shipping_methods: (order.shipping_methods ?? []).map((method: GraphOrder) => ({
      id: method.id,
      name: method.name,
      shipping_option_id: method.shipping_option_id ?? null,
      amount: Number(method.amount),
      subtotal: Number(method.subtotal),
      tax_total: Number(method.tax_total),
      total: Number(method.total),
    })),
    // query.graph answers BigNumber-backed values; the API speaks plain numbers
    subtotal: Number(order.subtotal),
    tax_total: Number(order.tax_total),
    shipping_total: Number(order.shipping_total),
    total: Number(order.total),
  }
}

function firstShippingOptionId(methods: GraphOrder[] | null | undefined): string | null {
  return methods?.find((m) => m?.shipping_option_id)?.shipping_option_id ?? null
}
