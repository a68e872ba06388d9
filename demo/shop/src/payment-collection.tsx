import { useEffect, useState } from "react"
import type { HttpTypes } from "@medusajs/types"
import { backorders, errorMessage, money, sdk } from "./lib"

/**
 * `/payment-collection/:id?order_id=…`: where the plugin's payment links (and the dashboard's
 * "Copy payment link") point. The shopper sees what they pay for and pays: by card (the demo's
 * test gateway, which approves every card), and the back order becomes charged; or manually,
 * and the back order stays awaiting payment until the merchant captures it on the order.
 */
/** The demo's payment providers: the tests' card gateway, registered as "test", and Medusa's manual one. */
const CARD = "pp_test-card_test"
const MANUAL = "pp_system_default"

export function PaymentCollection({ collectionId }: { collectionId: string }) {
  const orderId = new URLSearchParams(window.location.search).get("order_id")
  const [order, setOrder] = useState<HttpTypes.StoreOrder | null>(null)
  const [paid, setPaid] = useState<{ amount: number; currency_code: string; captured: boolean } | null>(null)
  const [providerId, setProviderId] = useState(CARD)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  useEffect(() => {
    if (!orderId) return
    sdk.store.order
      .retrieve(orderId, { fields: "id,display_id,currency_code,item_subtotal,shipping_subtotal,tax_total,total,*items,*payment_collections" })
      .then(({ order }) => setOrder(order))
      .catch((e) => setMessage(errorMessage(e)))
  }, [orderId])

  const collection = order?.payment_collections?.find((c) => c.id === collectionId)
  const alreadyPaid = collection && ["authorized", "completed"].includes(String(collection.status))

  const pay = async () => {
    setBusy(true)
    setMessage(null)
    try {
      const { payment } = await backorders.payBackorderLink(collectionId, { provider_id: providerId })
      setPaid(payment)
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section data-testid="payment-collection">
      <h1>Pay your back order</h1>
      {message ? <p className="error" role="alert" data-testid="payment-message">{message}</p> : null}
      {order ? (
        <div className="panel">
          <h2>Order #{order.display_id}</h2>
          <ul>
            {(order.items ?? []).map((item) => (
              <li key={item.id}>{item.quantity} × {item.title}</li>
            ))}
          </ul>
          <p className="muted">
            Items {money(order.item_subtotal, order.currency_code)} · shipping {money(order.shipping_subtotal, order.currency_code)} · tax {money(order.tax_total, order.currency_code)}
          </p>
          <p>Total: <strong data-testid="payment-total">{money(order.total, order.currency_code)}</strong></p>
        </div>
      ) : null}
      {paid ? (
        paid.captured ? (
          <p className="success" data-testid="payment-done">Paid {money(paid.amount, paid.currency_code)}. Thank you: your back order is charged and will ship.</p>
        ) : (
          <p className="success" data-testid="payment-done">
            Payment of {money(paid.amount, paid.currency_code)} registered. The store confirms it when the money arrives, then ships.
          </p>
        )
      ) : alreadyPaid ? (
        <p className="success" data-testid="payment-done">This payment link is paid.</p>
      ) : (
        <>
          <fieldset>
            <legend>Payment</legend>
            <label className="inline">
              <input type="radio" name="payment" checked={providerId === CARD} onChange={() => setProviderId(CARD)} /> Card (the
              demo's test gateway: every card is approved)
            </label>
            <label className="inline">
              <input type="radio" name="payment" checked={providerId === MANUAL} onChange={() => setProviderId(MANUAL)} /> Bank
              transfer (the store confirms it)
            </label>
          </fieldset>
          <button className="primary" disabled={busy} onClick={pay} data-testid="pay">
            {collection ? `Pay ${money(collection.amount, order?.currency_code)}` : "Pay"}
          </button>
        </>
      )}
    </section>
  )
}
