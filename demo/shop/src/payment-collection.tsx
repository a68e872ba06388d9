import { useEffect, useState } from "react"
import type { BackorderLinkView } from "medusa-plugin-custom-backorder/storefront"
import { backorders, errorMessage, money } from "./lib"

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
  const [link, setLink] = useState<BackorderLinkView | null>(null)
  const [paid, setPaid] = useState<{ amount: number; currency_code: string; captured: boolean } | null>(null)
  const [providerId, setProviderId] = useState(CARD)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  // the order stays a draft until the link is paid, which Medusa's store order route does not serve
  useEffect(() => {
    backorders
      .retrieveBackorderLink(collectionId)
      .then(setLink)
      .catch((e) => setMessage(errorMessage(e)))
  }, [collectionId])

  const order = link?.backorder.order ?? null
  const collection = link?.payment_collection
  const alreadyPaid = collection?.status === "completed"
  const itemsSubtotal = (order?.items ?? []).reduce((sum, item) => sum + item.subtotal, 0)
  const shippingSubtotal = (order?.shipping_methods ?? []).reduce((sum, method) => sum + method.subtotal, 0)

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
            Items {money(itemsSubtotal, order.currency_code)} · shipping {money(shippingSubtotal, order.currency_code)} · tax {money(order.tax_total, order.currency_code)}
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
