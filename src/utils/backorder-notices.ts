/**
 * The plugin's notices: what it tells the customer and the admin, as notifications of Medusa's
 * Notification Module. The plugin sends no mail itself: the merchant's provider for the channel
 * (e-mail by default) renders the template from `data` and sends it.
 *
 * Exactly once per back order, kind and audience: each notice carries an `idempotency_key` the
 * Notification Module sends once (and its table holds unique), so redelivered events and several
 * instances make one notice.
 */
import type { CreateNotificationDTO } from "@medusajs/framework/types"
import type { AdminBackorder } from "../types"
import { backorderReference } from "./backorder-reference"

export const BACKORDER_NOTICE_KINDS = [
  "placed",
  "ready",
  "payment_link",
  "charged",
  "canceled",
  "ships_on_changed",
  "payment_failed",
] as const

export type BackorderNoticeKind = (typeof BACKORDER_NOTICE_KINDS)[number]

/** The customer's templates, by kind (the `notification_templates` option overrides them). */
export const DEFAULT_NOTICE_TEMPLATES: Record<BackorderNoticeKind, string> = {
  placed: "backorder-placed",
  ready: "backorder-ready",
  payment_link: "backorder-payment-link",
  charged: "backorder-charged",
  canceled: "backorder-canceled",
  ships_on_changed: "backorder-ships-on-changed",
  payment_failed: "backorder-payment-failed",
}

/** The customer's channel unless the `notification_channel` option names another. */
export const DEFAULT_NOTICE_CHANNEL = "email"

/** Medusa's dashboard shows `feed` notifications of this template in its notification panel. */
export const ADMIN_FEED = { channel: "feed", template: "admin-ui" } as const

/** Who canceled a back order: the admin, its customer (or guest), or Medusa's order screens. */
export type BackorderCanceledBy = "admin" | "customer" | "order"

/** What an event tells the notices beyond the back order itself. */
export type BackorderNoticeContext = {
  payment_link?: string | null
  canceled_by?: BackorderCanceledBy | null
  /** The guest's link to see and cancel the back order (the placed notice). */
  backorder_url?: string | null
  /** The variant whose ship date moved, and its new date (the ships-on-changed notice). */
  ships_on_change?: { variant_id: string | null; ships_on: string | null } | null
  /** Why the saved card was refused, and which charge of it this was (the payment-failed notice). */
  payment_failure?: { reason: string | null; attempt: number | null } | null
}

export type BackorderNoticeSettings = {
  channel: string
  templates: Record<BackorderNoticeKind, string>
}

/**
 * Once per back order, kind and audience; a ship date may move more than once, so its notice is
 * once per variant and new date; a saved card may be refused again on a retry, so its notice is
 * once per charge of the card.
 */
export const noticeIdempotencyKey = (
  backorderId: string,
  kind: BackorderNoticeKind,
  audience: "customer" | "admin",
  context: BackorderNoticeContext = {}
) =>
  kind === "ships_on_changed" && context.ships_on_change
    ? `backorder:${backorderId}:${kind}:${context.ships_on_change.variant_id}:${context.ships_on_change.ships_on ?? "none"}:${audience}`
    : kind === "payment_failed" && context.payment_failure?.attempt
      ? `backorder:${backorderId}:${kind}:${context.payment_failure.attempt}:${audience}`
      : `backorder:${backorderId}:${kind}:${audience}`

/** What shipping will cost is not known until the admin charges: every customer notice before then says so. */
const SHIPPING_LATER = "Shipping is added when the items ship, and charged then."

/** The data a customer's template needs: the back order, its items, the amounts, the link. */
export function customerNoticeData(kind: BackorderNoticeKind, backorder: AdminBackorder, context: BackorderNoticeContext) {
  const order = backorder.order
  return {
    kind,
    backorder_id: backorder.id,
    reference: backorder.reference,
    status: backorder.status,
    order_id: order?.id ?? null,
    currency_code: order?.currency_code ?? null,
    items: (order?.items ?? []).map((item) => ({
      title: item.product_title ?? item.title,
      variant_title: item.variant_title ?? null,
      quantity: item.quantity,
      unit_price: item.unit_price,
      total: item.total,
      ships_on: item.ships_on ?? null,
      message: item.backorder_message ?? null,
    })),
    subtotal: order?.subtotal ?? null,
    tax_total: order?.tax_total ?? null,
    shipping_total: order?.shipping_total ?? null,
    total: order?.total ?? null,
    ...(["placed", "ready"].includes(kind) && { shipping_note: SHIPPING_LATER }),
    ...(context.payment_link && { payment_link: context.payment_link }),
    ...(kind === "canceled" && { canceled_by: context.canceled_by ?? "admin" }),
    ...(context.backorder_url && { backorder_url: context.backorder_url }),
    ...(kind === "payment_failed" && { payment_failure_reason: context.payment_failure?.reason ?? null }),
    ...(kind === "ships_on_changed" && context.ships_on_change && {
      variant_id: context.ships_on_change.variant_id,
      ships_on: context.ships_on_change.ships_on,
    }),
  }
}

/** The admin's feed hears of new back orders, ready ones, and cancels by customers. */
export function adminFeedNotice(kind: BackorderNoticeKind, backorder: AdminBackorder, context: BackorderNoticeContext) {
  const reference = backorderReference(backorder.id)
  const units = (backorder.order?.items ?? []).reduce((sum, item) => sum + Number(item.quantity), 0)
  const who = backorder.email ?? "a guest"
  switch (kind) {
    case "placed":
      return { title: `New back order ${reference}`, description: `${who} back ordered ${units} unit(s).` }
    case "ready":
      return { title: `Back order ${reference} is ready`, description: `Stock covers its ${units} unit(s): it can be charged and shipped.` }
    case "payment_failed":
      return {
        title: `Back order ${reference}: the saved card was refused`,
        description: `${context.payment_failure?.reason ?? "Refused"}; ${who} was sent a payment link.`,
      }
    case "canceled":
      return context.canceled_by === "customer"
        ? { title: `Back order ${reference} canceled by the customer`, description: `${who} canceled it; its ${units} unit(s) are free again.` }
        : null
    default:
      return null
  }
}

/** The notifications one notice makes: the customer's (when the back order has an e-mail) and the admin's feed. */
export function backorderNotifications(
  kind: BackorderNoticeKind,
  backorder: AdminBackorder,
  context: BackorderNoticeContext,
  settings: BackorderNoticeSettings
): CreateNotificationDTO[] {
  const notifications: CreateNotificationDTO[] = []
  if (backorder.email) {
    notifications.push({
      to: backorder.email,
      channel: settings.channel,
      template: settings.templates[kind],
      data: customerNoticeData(kind, backorder, context),
      trigger_type: `backorder.${kind}`,
      resource_id: backorder.id,
      resource_type: "backorder",
      receiver_id: backorder.customer_id ?? undefined,
      idempotency_key: noticeIdempotencyKey(backorder.id, kind, "customer", context),
    })
  }
  const feed = adminFeedNotice(kind, backorder, context)
  if (feed) {
    notifications.push({
      to: "",
      channel: ADMIN_FEED.channel,
      template: ADMIN_FEED.template,
      data: { ...feed, backorder_id: backorder.id },
      trigger_type: `backorder.${kind}`,
      resource_id: backorder.id,
      resource_type: "backorder",
      idempotency_key: noticeIdempotencyKey(backorder.id, kind, "admin", context),
    })
  }
  return notifications
}
