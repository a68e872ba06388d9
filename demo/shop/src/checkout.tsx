import { useEffect, useState } from "react"
import type { HttpTypes } from "@medusajs/types"
import { splitCartLines, type BackorderPrompt, type BackorderStockChange, type CompleteResult } from "medusa-plugin-custom-backorder/storefront"
import { CartLine, CartTotals } from "./cart"
import { BackorderDialog } from "./dialog"
import { BASE, backorders, cartStorage, errorMessage, money, navigate, retrieveCart, sdk } from "./lib"

type Cart = HttpTypes.StoreCart

export const CONFIRMATION_KEY = "demo_shop_confirmation"

const emptyAddress = { first_name: "", last_name: "", address_1: "", city: "", postal_code: "", country_code: "de" }

/** The stock changed since the items went in: the seed's question again, per line, from the store. */
type Reprompt = { change: BackorderStockChange; prompt: BackorderPrompt; note: string }

export function Checkout({ cart, onCart }: { cart: Cart | null; onCart: (cart: Cart | null) => void }) {
  const [email, setEmail] = useState(cart?.email ?? "")
  const [address, setAddress] = useState(() => {
    const saved = (cart?.shipping_address ?? {}) as Record<string, unknown>
    // only the fields this form edits: the cart's address carries ids and timestamps too
    return Object.fromEntries(
      Object.entries(emptyAddress).map(([key, fallback]) => [key, typeof saved[key] === "string" && saved[key] ? String(saved[key]) : fallback])
    ) as typeof emptyAddress
  })
  const [options, setOptions] = useState<HttpTypes.StoreCartShippingOption[]>([])
  const [optionId, setOptionId] = useState<string>("")
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [reprompts, setReprompts] = useState<Reprompt[]>([])
  // the address and shipping are on the cart, so its totals (shipping, tax) are what is charged
  const [applied, setApplied] = useState(false)

  const needsShipping = !!cart && splitCartLines(cart.items).inStock.length > 0

  useEffect(() => {
    if (!cart || !needsShipping) return
    sdk.store.fulfillment
      .listCartOptions({ cart_id: cart.id })
      .then(({ shipping_options }) => {
        setOptions(shipping_options)
        setOptionId((current) => current || cart.shipping_methods?.[0]?.shipping_option_id || shipping_options[0]?.id || "")
      })
      .catch((e) => setMessage(errorMessage(e)))
  }, [cart?.id, needsShipping])

  if (!cart || !cart.items?.length) {
    return <section><h1>Checkout</h1><p>Your cart is empty.</p></section>
  }

  const finish = (result: Extract<CompleteResult, { type: "order" | "backorder_only" }>) => {
    window.sessionStorage.setItem(CONFIRMATION_KEY, JSON.stringify(result))
    cartStorage.clear()
    onCart(null)
    navigate(`${BASE}/confirmation`)
  }

  /** Email, address and shipping onto the cart: Medusa then prices shipping and tax. */
  const applyDetails = async () => {
    setBusy(true)
    setMessage(null)
    try {
      await sdk.store.cart.update(cart.id, { email, shipping_address: address, billing_address: address })
      if (needsShipping) {
        if (!optionId) throw new Error("Choose a shipping option.")
        await sdk.store.cart.addShippingMethod(cart.id, { option_id: optionId })
      }
      onCart(await retrieveCart(cart.id))
      setApplied(true)
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  /** The manual payment provider, then Medusa's completion through the kit. */
  const placeOrder = async () => {
    setBusy(true)
    setMessage(null)
    try {
      if (needsShipping) {
        // opened last: any change of the total (shipping, tax, a quantity) drops the session
        await sdk.store.payment.initiatePaymentSession(await retrieveCart(cart.id), { provider_id: "pp_system_default" })
      }
      const result = await backorders.completeCart(cart.id)
      if (result.type === "order" || result.type === "backorder_only") {
        finish(result)
        return
      }
      if (result.type === "stock_changed") {
        // ask the store the seed's question for each short line: the line-item route answers it
        const asked: Reprompt[] = []
        for (const change of result.items) {
          const answer = await backorders.updateLine({ cart_id: cart.id, line_id: change.line_item_id, quantity: change.requested })
          if (answer.type === "backorder_prompt") {
            asked.push({ change, prompt: answer.prompt, note: "The stock changed while you were shopping, nothing was charged." })
          }
        }
        setReprompts(asked)
        onCart(await retrieveCart(cart.id))
        return
      }
      if (result.type === "limit_exceeded") {
        // another shopper back ordered what was left: lower the back-order lines to what is left now
        const lines = new Map((cart.items ?? []).map((item) => [item.id, item.quantity]))
        for (const change of result.items) {
          let left = change.available
          for (const lineId of change.line_item_ids) {
            const quantity = Math.min(lines.get(lineId) ?? 0, left)
            left -= quantity
            await backorders.updateLine({ cart_id: cart.id, line_id: lineId, quantity })
          }
        }
        setMessage(result.message)
        onCart(await retrieveCart(cart.id))
        return
      }
      if (result.type === "promotions_changed") {
        setMessage(result.message)
        onCart(await retrieveCart(cart.id))
        return
      }
      setMessage(`The payment was not accepted: ${result.error.message}`)
      onCart(result.cart)
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const answerReprompt = async (answer: "accept" | "decline") => {
    const [current, ...rest] = reprompts
    setBusy(true)
    try {
      await backorders.updateLine({ cart_id: cart.id, line_id: current.change.line_item_id, quantity: current.change.requested, answer })
      setReprompts(rest)
      onCart(await retrieveCart(cart.id))
      if (!rest.length) setMessage("Your cart was updated. Check the totals and place the order again.")
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const field = (name: keyof typeof emptyAddress, label: string) => (
    <label>
      {label}
      <input name={name} value={String(address[name] ?? "")} onChange={(e) => { setApplied(false); setAddress({ ...address, [name]: e.target.value }) }} required />
    </label>
  )

  const { inStock, backordered } = splitCartLines(cart.items)
  return (
    <section>
      <h1>Checkout</h1>
      {message ? <p className="error" role="alert" data-testid="checkout-message">{message}</p> : null}
      <div className="columns">
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault()
            if (applied) placeOrder()
            else applyDetails()
          }}
        >
          <label>
            Email
            <input name="email" type="email" value={email} onChange={(e) => { setApplied(false); setEmail(e.target.value) }} required />
          </label>
          {field("first_name", "First name")}
          {field("last_name", "Last name")}
          {field("address_1", "Address")}
          {field("postal_code", "Postal code")}
          {field("city", "City")}
          <label>
            Country
            <select name="country_code" value={address.country_code ?? "de"} onChange={(e) => { setApplied(false); setAddress({ ...address, country_code: e.target.value }) }}>
              <option value="de">Germany</option>
              <option value="fr">France</option>
              <option value="nl">Netherlands</option>
              <option value="at">Austria</option>
            </select>
          </label>
          {needsShipping ? (
            <label>
              Shipping
              <select name="shipping_option" value={optionId} onChange={(e) => { setApplied(false); setOptionId(e.target.value) }} data-testid="shipping-option">
                {options.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <p className="muted">Everything in your cart is back ordered: nothing is shipped or charged now.</p>
          )}
          {needsShipping ? (
            <fieldset>
              <legend>Payment</legend>
              <label className="inline">
                <input type="radio" name="payment" defaultChecked /> Manual payment (the demo's provider: nothing to enter)
              </label>
            </fieldset>
          ) : null}
          {applied ? (
            <button className="primary" type="submit" disabled={busy} data-testid="place-order">
              {needsShipping ? `Place order: pay ${money(cart.total, cart.currency_code)}` : "Place back order"}
            </button>
          ) : (
            <button className="primary" type="submit" disabled={busy} data-testid="checkout-continue">
              {needsShipping ? "Continue: shipping and tax" : "Continue"}
            </button>
          )}
        </form>
        <div>
          <table className="lines">
            <tbody>
              {[...inStock, ...backordered].map((item) => (
                <CartLine key={`${item.id}:${item.quantity}`} item={item} currency={cart.currency_code} />
              ))}
            </tbody>
          </table>
          <CartTotals cart={cart} />
        </div>
      </div>
      {reprompts.length ? (
        <BackorderDialog prompt={reprompts[0].prompt} note={reprompts[0].note} busy={busy} onAnswer={answerReprompt} />
      ) : null}
    </section>
  )
}
