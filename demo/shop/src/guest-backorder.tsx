import { useEffect, useState } from "react"
import type { CustomerBackorder } from "medusa-plugin-custom-backorder/storefront"
import { backorders, errorMessage, money } from "./lib"

const STATUS: Record<string, string> = {
  pending: "Waiting for stock",
  ready: "Ready to ship",
  charging: "Being charged",
  canceling: "Being canceled",
  awaiting_payment: "Awaiting your payment",
  payment_failed: "Card refused: awaiting your payment",
  charged: "Charged",
  canceled: "Canceled",
}

/** The page behind the link in a guest's placed notice: the back order, its state, and Cancel while it waits. */
export function GuestBackorder({ id, token }: { id: string; token: string }) {
  const [backorder, setBackorder] = useState<CustomerBackorder | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    backorders
      .retrieveBackorder(id, token)
      .then(setBackorder)
      .catch(() => setMessage("This link does not open a back order."))
  }, [id, token])

  const cancel = async () => {
    setBusy(true)
    setMessage(null)
    try {
      setBackorder(await backorders.cancelBackorder(id, token))
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  if (!backorder) return message ? <p className="error" data-testid="guest-backorder-error">{message}</p> : <p>Loading…</p>
  const order = backorder.order
  return (
    <section data-testid="guest-backorder" data-backorder-id={backorder.id}>
      <h1>Back order {backorder.reference}</h1>
      <p data-testid="guest-backorder-status">{STATUS[backorder.status] ?? backorder.status}</p>
      <ul>
        {(order?.items ?? []).map((item) => (
          <li key={item.id}>{item.quantity} × {item.title}</li>
        ))}
      </ul>
      {order ? <p>Total {money(order.total, order.currency_code)}{order.shipping_total === 0 ? " + shipping when it ships" : ""}</p> : null}
      {backorder.payment_link ? <p><a href={backorder.payment_link}>Pay now</a></p> : null}
      {backorder.status === "pending" || backorder.status === "ready" ? (
        <button type="button" disabled={busy} onClick={cancel} data-testid="guest-backorder-cancel">Cancel this back order</button>
      ) : null}
      {message ? <p className="error">{message}</p> : null}
    </section>
  )
}
