import type { BigNumberValue, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import { isClaimStale, isClaimStatus, statusesBefore } from "../modules/backorder/service"
import type {
  AdminBackorder,
  AdminBackorderListParams,
  BackorderLinkView,
  BackorderOrder,
  CustomerBackorder,
  DateTimeString,
} from "../types"
import { backorderReference } from "./backorder-reference"
import type { BackorderDraftLineMetadata } from "./backorder-line"
import { getDefaultShippingOptionIds } from "./backorder-shipping-option"
import { ORDER_ITEM_FIELDS } from "./order-fields"

type BackorderRecord = Awaited<ReturnType<BackorderModuleService["retrieveBackorder"]>>

type Pagination = Pick<AdminBackorderListParams, "limit" | "offset">

/** An order as query.graph answers ORDER_FIELDS: amounts are BigNumber-backed. */
type OrderRow = {
  id: string
  display_id: number
  status: string
  is_draft_order?: boolean | null
  region_id?: string | null
  currency_code: string
  items?: {
    id: string
    title: string
    variant_id?: string | null
    variant_sku?: string | null
    variant_title?: string | null
    product_title?: string | null
    thumbnail?: string | null
    metadata?: Partial<BackorderDraftLineMetadata> | null
    quantity: BigNumberValue
    unit_price: BigNumberValue
    subtotal: BigNumberValue
    tax_total: BigNumberValue
    total: BigNumberValue
  }[] | null
  shipping_methods?: {
    id: string
    name: string
    shipping_option_id?: string | null
    amount: BigNumberValue
    subtotal: BigNumberValue
    tax_total: BigNumberValue
    total: BigNumberValue
  }[] | null
  subtotal: BigNumberValue
  tax_total: BigNumberValue
  shipping_total: BigNumberValue
  total: BigNumberValue
}

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

/**
 * Oldest first: the queue is worked in the order shoppers waited. Asked for several statuses
 * with `ready` among them (the dashboard's default view), ready back orders come first: they can
 * ship now.
 */
export async function listBackorderViews(
  container: MedusaContainer,
  filters: Pick<AdminBackorderListParams, "status" | "order_id">,
  pagination: Pagination
): Promise<{ backorders: AdminBackorder[]; count: number }> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const ofOrder = filters.order_id
    ? { $or: [{ source_order_id: filters.order_id }, { draft_order_id: filters.order_id }] }
    : {}
  const order = { created_at: "ASC", id: "ASC" } as const
  const statuses = filters.status === undefined ? undefined : [filters.status].flat()
  if (!statuses || statuses.length < 2 || !statuses.includes("ready")) {
    const [records, count] = await backorderModule.listAndCountBackorders(
      { ...(statuses ? { status: statuses } : {}), ...ofOrder },
      { order, take: pagination.limit, skip: pagination.offset }
    )
    return { backorders: await toBackorderViews(container, records), count }
  }
  // two pages glued: the ready ones, then the others from where the ready ones end
  const [ready, readyCount] = await backorderModule.listAndCountBackorders(
    { status: "ready", ...ofOrder },
    { order, take: pagination.limit, skip: pagination.offset }
  )
  const restTake = pagination.limit - ready.length
  const [rest, restCount] = await backorderModule.listAndCountBackorders(
    { status: statuses.filter((status) => status !== "ready"), ...ofOrder },
    { order, take: Math.max(restTake, 1), skip: Math.max(0, pagination.offset - readyCount) }
  )
  const records = [...ready, ...(restTake > 0 ? rest : [])]
  return { backorders: await toBackorderViews(container, records), count: readyCount + restCount }
}

/**
 * A customer's own back orders, newest first (a shopper looks for the latest). The filter is
 * the customer id the route takes from the authenticated actor, never from the request.
 */
export async function listCustomerBackorderViews(
  container: MedusaContainer,
  customerId: string,
  pagination: Pagination
): Promise<{ backorders: CustomerBackorder[]; count: number }> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [records, count] = await backorderModule.listAndCountBackorders(
    { customer_id: customerId },
    { order: { created_at: "DESC", id: "DESC" }, take: pagination.limit, skip: pagination.offset }
  )
  const views = await toBackorderViews(container, records)
  return { backorders: views.map(toShopperView), count }
}

/**
 * One back order as its shopper sees it, or null when unknown. The caller has proven the
 * right to see it (the guest token).
 */
export async function retrieveShopperBackorderView(container: MedusaContainer, id: string): Promise<CustomerBackorder | null> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [record] = await backorderModule.listBackorders({ id }, { take: 1 })
  if (!record) {
    return null
  }
  const [view] = await toBackorderViews(container, [record])
  return toShopperView(view)
}

/** What a shopper may see of a back order: no cart, customer or claim details. */
function toShopperView(view: AdminBackorder): CustomerBackorder {
  return {
    id: view.id,
    reference: view.reference,
    status: view.status,
    created_at: view.created_at,
    source_order: view.source_order ? { id: view.source_order.id, display_id: view.source_order.display_id } : null,
    order: view.order,
    // shown while paying it can still settle the back order
    payment_link: statusesBefore("settle_payment_link").includes(view.status) ? view.payment_link : null,
    charged_at: view.charged_at,
    canceled_at: view.canceled_at,
  }
}

/**
 * What a payment link's page shows: its back order and the order it pays for (a draft until the
 * link is paid, which Medusa's `GET /store/orders/:id` does not serve). Whoever holds the link may
 * read it, as they may pay it; NOT_FOUND for a collection that is no back order's link.
 */
export async function retrieveBackorderLinkView(container: MedusaContainer, paymentCollectionId: string): Promise<BackorderLinkView> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [record] = await backorderModule.listBackorders({ payment_collection_id: paymentCollectionId }, { take: 1 })
  if (!record) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Payment collection with id: ${paymentCollectionId} is not a back order's payment link`
    )
  }
  const [view] = await toBackorderViews(container, [record])
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [collection],
  } = await query.graph({
    entity: "payment_collection",
    fields: ["id", "status", "amount", "currency_code"],
    filters: { id: paymentCollectionId },
  })
  return {
    backorder: { id: view.id, status: view.status, order: view.order },
    payment_collection: {
      id: paymentCollectionId,
      status: collection?.status ?? "canceled",
      amount: Number(collection?.amount ?? 0),
      currency_code: collection?.currency_code ?? view.order?.currency_code ?? "",
    },
  }
}

/** One back order in the admin shape; NOT_FOUND in Medusa's shape when unknown. */
export async function retrieveBackorderView(container: MedusaContainer, id: string): Promise<AdminBackorder> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [record] = await backorderModule.listBackorders({ id }, { take: 1 })
  if (!record) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Back order with id: ${id} was not found`)
  }
  const [view] = await toBackorderViews(container, [record])
  return view
}

async function toBackorderViews(container: MedusaContainer, records: BackorderRecord[]): Promise<AdminBackorder[]> {
  if (!records.length) {
    return []
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const orderIds = [
    ...new Set(records.flatMap((r) => [r.draft_order_id, r.source_order_id]).filter((id): id is string => !!id)),
  ]
  const { data } = await query.graph({ entity: "order", fields: ORDER_FIELDS, filters: { id: orderIds } })
  const orders: OrderRow[] = data
  const ordersById = new Map(orders.map((order) => [order.id, order]))
  const defaultOptions = await getDefaultShippingOptionIds(container, records)
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const claimLifetime = backorderModule.getClaimLifetime()
  const now = new Date()

  return records.map((record) => {
    const source = record.source_order_id ? ordersById.get(record.source_order_id) : undefined
    const order = ordersById.get(record.draft_order_id)
    return {
      id: record.id,
      reference: backorderReference(record.id),
      status: record.status,
      created_at: dateTime(record.created_at),
      email: record.email ?? null,
      customer_id: record.customer_id ?? null,
      cart_id: record.cart_id,
      source_order: source ? { id: source.id, display_id: source.display_id, status: source.status } : null,
      order: order ? toOrderView(order) : null,
      default_shipping_option_id: defaultOptions.get(record.id) ?? null,
      payment_collection_id: record.payment_collection_id ?? null,
      payment_link: record.payment_link ?? null,
      saved_card:
        record.payment_method_id && record.payment_provider_id && backorderModule.getSavedCardProvider(record.payment_provider_id)
          ? { provider_id: record.payment_provider_id, payment_method_id: record.payment_method_id }
          : null,
      payment_failure_reason: record.payment_failure_reason ?? null,
      charged_at: record.charged_at ? dateTime(record.charged_at) : null,
      canceled_at: record.canceled_at ? dateTime(record.canceled_at) : null,
      claimed_at: record.claimed_at ? dateTime(record.claimed_at) : null,
      recoverable: isClaimStatus(record.status) && isClaimStale(record.claimed_at, now, claimLifetime),
    }
  })
}

/** As JSON would write the date: the answer's type says what the client reads. */
function dateTime(value: Date | string): DateTimeString {
  return new Date(value).toISOString()
}

// query.graph answers BigNumber-backed values; the API speaks plain numbers
function toOrderView(order: OrderRow): BackorderOrder {
  return {
    id: order.id,
    display_id: order.display_id,
    status: order.status,
    is_draft_order: !!order.is_draft_order,
    region_id: order.region_id ?? null,
    currency_code: order.currency_code,
    items: (order.items ?? []).map((item) => ({
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
      // the draft line's metadata, kept current when the variant's settings change
      ships_on: (typeof item.metadata?.backorder_ships_on === "string" && item.metadata.backorder_ships_on) || null,
      backorder_message: (typeof item.metadata?.backorder_message === "string" && item.metadata.backorder_message) || null,
    })),
    shipping_methods: (order.shipping_methods ?? []).map((method) => ({
      id: method.id,
      name: method.name,
      shipping_option_id: method.shipping_option_id ?? null,
      amount: Number(method.amount),
      subtotal: Number(method.subtotal),
      tax_total: Number(method.tax_total),
      total: Number(method.total),
    })),
    subtotal: Number(order.subtotal),
    tax_total: Number(order.tax_total),
    shipping_total: Number(order.shipping_total),
    total: Number(order.total),
  }
}
