import { useEffect, useState } from "react"
import type { CustomerBackorder } from "medusa-plugin-custom-backorder/storefront"
import { backorders, errorMessage, money, sdk, shipsText } from "./lib"

const STATUS: Record<string, string> = {
  pending: "Pending",
  ready: "Ready to ship",
  charging: "Pending",
  canceling: "Pending",
  awaiting_payment: "Awaiting your payment",
  payment_failed: "Card refused: awaiting your payment",
  charged: "Charged",
  canceled: "Canceled",
}

function BackorderList() {
  const [list, setList] = useState<CustomerBackorder[] | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  useEffect(() => {
    backorders
      .listMyBackorders({ limit: 50 })
      .then(({ backorders }) => setList(backorders))
      .catch((e) => setMessage(errorMessage(e)))
  }, [])
  const cancel = async (id: string) => {
    setMessage(null)
    try {
      const canceled = await backorders.cancelMyBackorder(id)
      setList((current) => (current ?? []).map((b) => (b.id === id ? canceled : b)))
    } catch (e) {
      setMessage(errorMessage(e))
    }
  }
  if (!list) return message ? <p className="error">{message}</p> : <p>Loading…</p>
  if (!list.length) return <p data-testid="my-backorders-empty">You have no back orders.</p>
  return (
    <>
    {message ? <p className="error" data-testid="my-backorders-error">{message}</p> : null}
    <table className="lines" data-testid="my-backorders">
      <thead><tr><th>Placed</th><th>Items</th><th>Status</th><th className="amount">Total</th></tr></thead>
      <tbody>
        {list.map((b) => (
          <tr key={b.id} data-backorder-id={b.id}>
            <td>{new Date(b.created_at).toLocaleDateString("en-US")}{b.source_order ? <span className="muted"> · with order #{b.source_order.display_id}</span> : null}</td>
            <td>
              {(b.order?.items ?? []).map((item) => `${item.quantity} × ${item.title}`).join(", ")}
              {(b.order?.items ?? []).some((item) => item.ships_on || item.backorder_message) && b.status !== "charged" && b.status !== "canceled" ? (
                <div className="muted" data-testid="my-backorder-ships">
                  {[...new Set((b.order?.items ?? []).map((item) => shipsText({ ships_on: item.ships_on, message: item.backorder_message })).filter(Boolean))].join("; ")}
                </div>
              ) : null}
            </td>
            <td data-testid="my-backorder-status">
              {STATUS[b.status] ?? b.status}
              {b.payment_link ? <> · <a href={b.payment_link}>Pay now</a></> : null}
              {b.status === "pending" || b.status === "ready" ? (
                <> · <button type="button" data-testid="my-backorder-cancel" onClick={() => cancel(b.id)}>Cancel</button></>
              ) : null}
            </td>
            <td className="amount">{b.order ? money(b.order.total, b.order.currency_code) : ""}{b.order && b.order.shipping_total === 0 && b.status === "pending" ? <span className="muted"> + shipping</span> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </>
  )
}

/** Log in or register (Medusa's email/password customer auth), then "My back orders". */
export function Account({ customer, onCustomer }: { customer: { email: string } | null; onCustomer: () => void }) {
  const [email, setEmail] = useState("")
  const [password, setPassword] = useState("")
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  const submit = async (mode: "login" | "register") => {
    setBusy(true)
    setMessage(null)
    try {
      if (mode === "register") {
        await sdk.auth.register("customer", "emailpass", { email, password })
        await sdk.store.customer.create({ email })
      }
      const result = await sdk.auth.login("customer", "emailpass", { email, password })
      if (typeof result !== "string") throw new Error("This login needs another step, which the demo shop does not support.")
      onCustomer()
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  if (customer) {
    return (
      <section>
        <h1>My back orders</h1>
        <p className="muted">Logged in as {customer.email}. <button className="link" onClick={async () => { await sdk.auth.logout(); onCustomer() }}>Log out</button></p>
        <BackorderList />
      </section>
    )
  }
  return (
    <section>
      <h1>My account</h1>
      <p>Log in to see your back orders. Carts you fill while logged in are placed under your account.</p>
      {message ? <p className="error" role="alert">{message}</p> : null}
      <form className="form narrow" onSubmit={(e) => { e.preventDefault(); submit("login") }}>
        <label>Email<input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required /></label>
        <label>Password<input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
        <div className="row">
          <button className="primary" type="submit" disabled={busy}>Log in</button>
          <button type="button" disabled={busy} onClick={() => submit("register")}>Create account</button>
        </div>
      </form>
    </section>
  )
}
