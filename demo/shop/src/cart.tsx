import { useState } from "react"
import type { HttpTypes } from "@medusajs/types"
import {
  backorderLabel,
  backorderLaterSubtotal,
  backorderLaterTotal,
  backorderShipping,
  isBackorderLine,
  splitCartLines,
  type BackorderPrompt,
} from "medusa-plugin-custom-backorder/storefront"
import { BackorderDialog } from "./dialog"
import { BASE, backorders, errorMessage, money, navigate, retrieveCart, sdk, shipsText } from "./lib"

type Cart = HttpTypes.StoreCart

/** One cart line; a back-order line says "back ordered" and shows what it costs later. */
export function CartLine({ item, currency, onQuantity }: { item: HttpTypes.StoreCartLineItem; currency: string; onQuantity?: (q: number) => void }) {
  const [quantity, setQuantity] = useState(item.quantity)
  const label = backorderLabel(item)
  return (
    <tr data-testid={isBackorderLine(item) ? "cart-line-backordered" : "cart-line"}>
      <td>
        {item.product_title} <span className="muted">({item.variant_title})</span>
        {label ? <span className="badge" data-testid="backorder-label">{label}</span> : null}
        {backorderShipping(item) ? <div className="muted" data-testid="backorder-line-ships">{shipsText(backorderShipping(item))}</div> : null}
      </td>
      <td>
        {onQuantity ? (
          <span className="row">
            <input type="number" min={0} value={quantity} aria-label="quantity" onChange={(e) => setQuantity(Math.max(0, Math.floor(Number(e.target.value) || 0)))} />
            {quantity !== item.quantity ? <button onClick={() => onQuantity(quantity)}>Update</button> : null}
          </span>
        ) : (
          <span data-testid="line-quantity">{item.quantity}</span>
        )}
        {onQuantity ? <span hidden data-testid="line-quantity">{item.quantity}</span> : null}
      </td>
      <td className="amount" data-testid="line-amount">
        {isBackorderLine(item) ? (
          <>
            {money(backorderLaterTotal(item), currency)} <span className="muted">to be charged later</span>
          </>
        ) : (
          money(item.subtotal ?? Number(item.unit_price) * item.quantity, currency)
        )}
      </td>
    </tr>
  )
}

/** The cart's totals: only what is charged now; the back-ordered part shown apart. */
export function CartTotals({ cart }: { cart: Cart }) {
  const later = backorderLaterSubtotal(cart.items)
  const currency = cart.currency_code
  return (
    <table className="totals" data-testid="cart-totals">
      <tbody>
        <tr><td>Items charged now</td><td className="amount" data-testid="total-items">{money(cart.item_subtotal, currency)}</td></tr>
        <tr><td>Shipping</td><td className="amount" data-testid="total-shipping">{money(cart.shipping_subtotal, currency)}</td></tr>
        <tr><td>Tax</td><td className="amount" data-testid="total-tax">{money(cart.tax_total, currency)}</td></tr>
        <tr className="strong"><td>Total charged now</td><td className="amount" data-testid="total-now">{money(cart.total, currency)}</td></tr>
        {later > 0 ? (
          <tr className="later">
            <td>Back ordered, to be charged later (plus its shipping and tax)</td>
            <td className="amount" data-testid="total-later">{money(later, currency)}</td>
          </tr>
        ) : null}
      </tbody>
    </table>
  )
}

export function CartPage({ cart, onCart }: { cart: Cart | null; onCart: (cart: Cart | null) => void }) {
  const [pending, setPending] = useState<{ lineId: string; quantity: number; prompt: BackorderPrompt } | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  if (!cart || !cart.items?.length) {
    return (
      <section>
        <h1>Cart</h1>
        <p>Your cart is empty. <a href={`${BASE}/`} onClick={(e) => { e.preventDefault(); navigate(`${BASE}/`) }}>See the products</a></p>
      </section>
    )
  }

  const change = async (lineId: string, quantity: number, answer?: "accept" | "decline") => {
    setBusy(true)
    setMessage(null)
    try {
      if (quantity === 0) {
        await sdk.store.cart.deleteLineItem(cart.id, lineId)
      } else {
        const result = await backorders.updateLine({ cart_id: cart.id, line_id: lineId, quantity, answer })
        if (result.type === "backorder_prompt") {
          setPending({ lineId, quantity, prompt: result.prompt })
          return
        }
      }
      setPending(null)
      onCart(await retrieveCart(cart.id))
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const { inStock, backordered } = splitCartLines(cart.items)
  return (
    <section>
      <h1>Cart</h1>
      {message ? <p className="error" role="alert">{message}</p> : null}
      <table className="lines">
        <thead><tr><th>Item</th><th>Quantity</th><th className="amount">Price</th></tr></thead>
        <tbody>
          {[...inStock, ...backordered].map((item) => (
            <CartLine key={`${item.id}:${item.quantity}`} item={item} currency={cart.currency_code} onQuantity={(q) => change(item.id, q)} />
          ))}
        </tbody>
      </table>
      <CartTotals cart={cart} />
      {backordered.length ? (
        <p className="muted">Back-ordered items are not charged now: they become a pending back order, and the shop charges them (with their shipping) when they ship.</p>
      ) : null}
      <button className="primary" onClick={() => navigate(`${BASE}/checkout`)} data-testid="go-checkout">Go to checkout</button>
      {pending ? (
        <BackorderDialog prompt={pending.prompt} busy={busy} onAnswer={(answer) => change(pending.lineId, pending.quantity, answer)} />
      ) : null}
    </section>
  )
}
