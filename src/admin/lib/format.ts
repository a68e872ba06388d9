import type { BackorderOrder, BackorderStatus } from "../../types"

export const formatAmount = (amount: number, currencyCode: string) =>
  new Intl.NumberFormat(undefined, {
    style: "currency",
    currency: currencyCode.toUpperCase(),
  }).format(amount)

export const backorderStatusLabel: Record<BackorderStatus, string> = {
  pending: "Pending",
  ready: "Ready to ship",
  charging: "Charging…",
  canceling: "Canceling…",
  awaiting_payment: "Awaiting payment",
  payment_failed: "Payment failed",
  charged: "Charged",
  canceled: "Canceled",
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)

/** Order `subtotal` includes shipping in Medusa v2, so items and shipping are summed apart. */
export const itemsSubtotal = (order: BackorderOrder) => sum(order.items.map((item) => item.subtotal))
export const shippingSubtotal = (order: BackorderOrder) =>
  sum(order.shipping_methods.map((method) => method.subtotal))

export const orderPath = (order: { id: string; is_draft_order: boolean }) =>
  order.is_draft_order ? `/draft-orders/${order.id}` : `/orders/${order.id}`
