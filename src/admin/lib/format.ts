import type { BackorderOrder, BackorderStatus } from "./types"

export const formatAmount = (amount: number, currencyCode: string) =>
  new Intl.NumberFormat(undefined, {
    style: "currency",
    currency: currencyCode.toUpperCase(),
  }).format(amount)

export const backorderStatusLabel: Record<BackorderStatus, string> = {
  pending: "Pending",
  awaiting_payment: "Awaiting payment",
  charged: "Charged",
  canceled: "Canceled",
}

/**
 * The tax rate the region applies to the back order's items; shipping is taxed by the same
 * region rules, so the confirmation uses it to show what will be charged before the server
 * computes the exact figure.
 */
export const regionTaxRate = (order: BackorderOrder): number => {
  const rate = order.items.flatMap((item) => item.tax_lines ?? []).find((line) => line.rate > 0)?.rate
  if (rate !== undefined) {
    return rate / 100
  }
  return order.subtotal > 0 ? order.tax_total / order.subtotal : 0
}

export const roundAmount = (amount: number) => Math.round(amount * 10000) / 10000

export const orderPath = (order: { id: string; status: string }) =>
  order.status === "draft" ? `/draft-orders/${order.id}` : `/orders/${order.id}`
