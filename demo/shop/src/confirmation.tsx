import type { CompleteResult, PlacedBackorder } from "medusa-plugin-custom-backorder/storefront"
import { CONFIRMATION_KEY } from "./checkout"
import { backorderShipping } from "medusa-plugin-custom-backorder/storefront"
import { money, shipsText } from "./lib"

type Placed = Extract<CompleteResult, { type: "order" | "backorder_only" }>

function PendingBackorder({ backorder }: { backorder: PlacedBackorder }) {
  const draft = backorder.draft_order
  return (
    <div className="panel" data-testid="confirmation-backorder">
      <h2>
        Pending back order {backorder.reference} <span className="badge">{backorder.status}</span>
      </h2>
      <p>These items are back ordered. Nothing was charged for them: the shop will charge them, with their shipping, when they ship.</p>
      <ul>
        {(draft?.items ?? []).map((item) => (
          <li key={item.id}>
            {item.quantity} × {item.title}
            {backorderShipping(item) ? <span className="muted" data-testid="confirmation-backorder-ships"> · {shipsText(backorderShipping(item))}</span> : null}
          </li>
        ))}
      </ul>
      {draft ? (
        <p>
          To be charged later: <strong data-testid="backorder-later-total">{money(draft.total, draft.currency_code)}</strong>{" "}
          <span className="muted">({money(draft.subtotal, draft.currency_code)} + {money(draft.tax_total, draft.currency_code)} tax, shipping not included yet)</span>
        </p>
      ) : null}
    </div>
  )
}

/**
 * The confirmation reads what the completion answered: Medusa's `GET /store/orders/:id` leaves
 * out draft orders, so a pending back order (and a cart of only back-ordered items) has no
 * order page of its own.
 */
export function Confirmation() {
  const raw = window.sessionStorage.getItem(CONFIRMATION_KEY)
  const placed: Placed | null = raw ? JSON.parse(raw) : null
  if (!placed) return <section><h1>Thank you</h1><p>No recent order in this browser tab.</p></section>
  return (
    <section data-testid="confirmation">
      <h1>Thank you for your order</h1>
      {placed.type === "order" ? (
        <div className="panel" data-testid="confirmation-order">
          <h2>Order #{placed.order.display_id}</h2>
          <ul>
            {(placed.order.items ?? []).map((item) => (
              <li key={item.id}>
                {item.quantity} × {item.product_title} ({item.variant_title})
              </li>
            ))}
          </ul>
          <p>
            Charged now: <strong data-testid="order-total">{money(placed.order.total, placed.order.currency_code)}</strong>{" "}
            <span className="muted">
              (items {money(placed.order.item_subtotal, placed.order.currency_code)}, shipping {money(placed.order.shipping_subtotal, placed.order.currency_code)}, tax{" "}
              {money(placed.order.tax_total, placed.order.currency_code)})
            </span>
          </p>
        </div>
      ) : (
        <p data-testid="confirmation-backorder-only">Everything you ordered is back ordered: no order was placed and nothing was charged.</p>
      )}
      {placed.backorder ? <PendingBackorder backorder={placed.backorder} /> : null}
    </section>
  )
}
