import { useCallback, useEffect, useState } from "react"
import { createRoot } from "react-dom/client"
import type { HttpTypes } from "@medusajs/types"
import { Account } from "./account"
import { CartPage } from "./cart"
import { Checkout } from "./checkout"
import { Confirmation } from "./confirmation"
import { GuestBackorder } from "./guest-backorder"
import { PaymentCollection } from "./payment-collection"
import { Products } from "./products"
import { BASE, cartStorage, navigate, retrieveCart, sdk } from "./lib"
import "./style.css"

function usePath() {
  const [path, setPath] = useState(window.location.pathname)
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname)
    window.addEventListener("popstate", onPop)
    return () => window.removeEventListener("popstate", onPop)
  }, [])
  return path.startsWith(BASE) ? path.slice(BASE.length) || "/" : path
}

function Link({ to, children, testId }: { to: string; children: React.ReactNode; testId?: string }) {
  return (
    <a
      href={`${BASE}${to}`}
      data-testid={testId}
      onClick={(e) => {
        e.preventDefault()
        navigate(`${BASE}${to}`)
      }}
    >
      {children}
    </a>
  )
}

function App() {
  const path = usePath()
  const [cart, setCart] = useState<HttpTypes.StoreCart | null>(null)
  const [customer, setCustomer] = useState<{ email: string } | null>(null)

  const reloadCart = useCallback(async () => {
    const id = cartStorage.get()
    if (!id) return setCart(null)
    try {
      const loaded = await retrieveCart(id)
      setCart((loaded as { completed_at?: string | null }).completed_at ? null : loaded)
    } catch {
      cartStorage.clear()
      setCart(null)
    }
  }, [])
  const reloadCustomer = useCallback(async () => {
    try {
      const { customer } = await sdk.store.customer.retrieve()
      setCustomer({ email: customer.email })
      // a cart started as a guest becomes the customer's, so its back order shows under "My back orders"
      const id = cartStorage.get()
      if (id) await sdk.store.cart.transferCart(id).catch(() => undefined)
    } catch {
      setCustomer(null)
    }
  }, [])
  useEffect(() => {
    reloadCart()
    reloadCustomer()
  }, [path])

  const count = (cart?.items ?? []).reduce((sum, item) => sum + item.quantity, 0)
  const paymentMatch = path.match(/^\/payment-collection\/([^/]+)$/)
  const backorderMatch = path.match(/^\/backorders\/([^/]+)$/)

  let page: React.ReactNode
  if (path === "/") page = <Products onCartChanged={reloadCart} />
  else if (path === "/cart") page = <CartPage cart={cart} onCart={setCart} />
  else if (path === "/checkout") page = <Checkout key={cart?.id ?? "none"} cart={cart} onCart={setCart} />
  else if (path === "/confirmation") page = <Confirmation />
  else if (path === "/account") page = <Account customer={customer} onCustomer={reloadCustomer} />
  else if (backorderMatch)
    page = (
      <GuestBackorder
        id={decodeURIComponent(backorderMatch[1])}
        token={new URLSearchParams(window.location.search).get("token") ?? ""}
      />
    )
  else if (paymentMatch) page = <PaymentCollection collectionId={decodeURIComponent(paymentMatch[1])} />
  else page = <p>Page not found. <Link to="/">See the products</Link></p>

  return (
    <>
      <header>
        <Link to="/"><strong>Demo shop</strong></Link>
        <nav>
          <Link to="/">Products</Link>
          <Link to="/cart" testId="nav-cart">Cart ({count})</Link>
          <Link to="/account">{customer ? "My back orders" : "Log in"}</Link>
        </nav>
      </header>
      <main>{page}</main>
      <footer className="muted">A demo of medusa-plugin-custom-backorder. The dashboard is at <a href="/app">/app</a>.</footer>
    </>
  )
}

createRoot(document.getElementById("root")!).render(<App />)
