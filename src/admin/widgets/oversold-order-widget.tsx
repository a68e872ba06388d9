import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, StatusBadge, Text } from "@medusajs/ui"
import { useOversoldLinesOfOrder } from "../hooks/oversold-lines"

/**
 * The mark on an order placed with units that were not in stock (its payment was confirmed
 * before the stock re-check): which lines, and how many units are owed. Other orders show nothing.
 */
const OversoldOrderWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, error } = useOversoldLinesOfOrder(order.id)
  if (error) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className="text-ui-fg-error">
          The oversold units could not be loaded: {error.message}
        </Text>
      </Container>
    )
  }
  const lines = data?.oversold_lines ?? []
  if (!lines.length) {
    return null
  }
  const titleOf = (variantId: string) => {
    const item = (order.items ?? []).find((i) => i.variant_id === variantId)
    return item ? [item.product_title, item.variant_title].filter(Boolean).join(" ") : variantId
  }
  return (
    <Container className="divide-y p-0" data-testid="oversold-order-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Oversold</Heading>
        <StatusBadge color="red">Units owed</StatusBadge>
      </div>
      <div className="flex flex-col gap-y-1 px-6 py-4">
        {lines.map((line) => (
          <Text key={line.id} size="small">
            {line.oversold_quantity} of {line.ordered_quantity} × {titleOf(line.variant_id)} were not in stock
          </Text>
        ))}
        <Text size="small" className="text-ui-fg-subtle">
          The shopper paid for them; they are reserved past stock. Restock or contact the shopper.
        </Text>
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "order.details.side" })

export default OversoldOrderWidget
