import { Table, Text } from "@medusajs/ui"
import { formatAmount } from "../lib/format"
import type { BackorderOrder, BackorderOrderItem } from "../../types"

/** "Ships on 15 Jan 2027 · Ships in 2–3 weeks": the variant's settings, as the shopper saw them. */
export const shipsText = (item: Pick<BackorderOrderItem, "ships_on" | "backorder_message">) =>
  [item.ships_on && `Ships on ${new Date(`${item.ships_on}T00:00:00Z`).toLocaleDateString(undefined, { timeZone: "UTC" })}`, item.backorder_message]
    .filter(Boolean)
    .join(" · ")

export const BackorderItems = ({ order }: { order: BackorderOrder }) => (
  <Table data-testid="backorder-items">
    <Table.Header>
      <Table.Row>
        <Table.HeaderCell>Item</Table.HeaderCell>
        <Table.HeaderCell className="text-right">Quantity</Table.HeaderCell>
        <Table.HeaderCell className="text-right">Unit price</Table.HeaderCell>
        <Table.HeaderCell className="text-right">Subtotal</Table.HeaderCell>
      </Table.Row>
    </Table.Header>
    <Table.Body>
      {order.items.map((item) => (
        <Table.Row key={item.id}>
          <Table.Cell>
            <div className="flex flex-col">
              <Text size="small" leading="compact" weight="plus">
                {item.title}
              </Text>
              {(item.variant_title || item.variant_sku) && (
                <Text size="xsmall" className="text-ui-fg-subtle">
                  {[item.variant_title, item.variant_sku].filter(Boolean).join(" · ")}
                </Text>
              )}
              {(item.ships_on || item.backorder_message) && (
                <Text size="xsmall" className="text-ui-fg-subtle" data-testid="backorder-item-ships">
                  {shipsText(item)}
                </Text>
              )}
            </div>
          </Table.Cell>
          <Table.Cell className="text-right">{item.quantity}</Table.Cell>
          <Table.Cell className="text-right">{formatAmount(item.unit_price, order.currency_code)}</Table.Cell>
          <Table.Cell className="text-right">
            {formatAmount(item.subtotal, order.currency_code)}
          </Table.Cell>
        </Table.Row>
      ))}
    </Table.Body>
  </Table>
)
