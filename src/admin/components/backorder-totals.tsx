import { Text } from "@medusajs/ui"
import { formatAmount, itemsSubtotal, shippingSubtotal } from "../lib/format"
import type { BackorderOrder } from "../../types"

const Row = ({ label, value, testId, strong }: { label: string; value: string; testId: string; strong?: boolean }) => (
  <div className="flex items-center justify-between">
    <Text size="small" leading="compact" weight={strong ? "plus" : "regular"} className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="small" leading="compact" weight={strong ? "plus" : "regular"} data-testid={testId}>
      {value}
    </Text>
  </div>
)

/** The back order's order totals as the server computed them. */
export const BackorderTotals = ({ order }: { order: BackorderOrder }) => {
  const money = (amount: number) => formatAmount(amount, order.currency_code)
  return (
    <div className="flex flex-col gap-y-1.5" data-testid="backorder-totals">
      <Row label="Items" value={money(itemsSubtotal(order))} testId="total-items" />
      <Row label="Shipping" value={money(shippingSubtotal(order))} testId="total-shipping" />
      <Row label="Tax" value={money(order.tax_total)} testId="total-tax" />
      <Row label="Total" value={money(order.total)} testId="total-total" strong />
    </div>
  )
}
