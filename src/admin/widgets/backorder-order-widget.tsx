import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, Text } from "@medusajs/ui"
import { Link, useLocation, useNavigate } from "react-router-dom"
import { BackorderChargePanel } from "../components/backorder-charge-panel"
import { BackorderStatusBadge } from "../components/backorder-status-badge"
import { useBackorderForOrder } from "../hooks/backorders"
import { orderPath } from "../lib/format"

/**
 * On the source order it points to the pending order holding the back-ordered items; on that
 * draft (or the order it became) it points back to the source order. Orders without a back
 * order show nothing.
 */
const BackorderOrderWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { backorder, error } = useBackorderForOrder(order.id)
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const onDraftOrderPage = pathname.includes("/draft-orders/")

  if (error) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className="text-ui-fg-error">
          The back order could not be loaded: {error.message}
        </Text>
      </Container>
    )
  }
  if (!backorder) {
    return null
  }

  const isSourceOrder = backorder.source_order?.id === order.id
  const other = isSourceOrder
    ? backorder.order && {
        label: `${backorder.order.is_draft_order ? "Draft order" : "Order"} #${backorder.order.display_id} with the back-ordered items`,
        to: orderPath(backorder.order),
      }
    : backorder.source_order
      ? { label: `Source order #${backorder.source_order.display_id}`, to: `/orders/${backorder.source_order.id}` }
      : null

  return (
    <Container className="divide-y p-0" data-testid="backorder-order-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Back order</Heading>
        <BackorderStatusBadge status={backorder.status} />
      </div>
      <div className="flex flex-col gap-y-1 px-6 py-4">
        {other && (
          <Link to={other.to} className="text-ui-fg-interactive txt-compact-small hover:underline">
            {other.label}
          </Link>
        )}
        <Link to={`/backorders/${backorder.id}`} className="text-ui-fg-interactive txt-compact-small hover:underline">
          Open in Backorders
        </Link>
      </div>
      <div className="px-6 py-4">
        <BackorderChargePanel
          backorder={backorder}
          onCharged={(charged) => {
            // charging converts the draft into an order: the draft page no longer has one to show
            if (onDraftOrderPage && charged.order && !charged.order.is_draft_order) {
              navigate(`/orders/${charged.order.id}`)
            }
          }}
        />
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: ["order.details.side", "draft_order.details.side"],
})

export default BackorderOrderWidget
