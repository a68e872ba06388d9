import { useEffect, useState } from "react"
import type { HttpTypes } from "@medusajs/types"
import type { BackorderPrompt } from "medusa-plugin-custom-backorder/storefront"
import { BackorderDialog } from "./dialog"
import { BASE, backorders, ensureCart, errorMessage, money, navigate, sdk, shipsText, shopConfig } from "./lib"

type Pending = { variantId: string; quantity: number; prompt: BackorderPrompt }

function stockState(variant: HttpTypes.StoreProductVariant): { text: string; tone: string } {
  if (!variant.manage_inventory) return { text: "In stock", tone: "ok" }
  const available = Math.max(0, Number(variant.inventory_quantity ?? 0))
  if (available > 0) return { text: `${available} in stock`, tone: available < 10 ? "low" : "ok" }
  return variant.allow_backorder ? { text: "Out of stock · can be back ordered", tone: "low" } : { text: "Out of stock", tone: "none" }
}

export function Products({ onCartChanged }: { onCartChanged: () => void }) {
  const [products, setProducts] = useState<HttpTypes.StoreProduct[] | null>(null)
  const [quantities, setQuantities] = useState<Record<string, number>>({})
  const [pending, setPending] = useState<Pending | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [shipping, setShipping] = useState<Record<string, string>>({})

  const load = async () => {
    const { products } = await sdk.store.product.list({
      region_id: shopConfig.regionId,
      fields: "id,title,handle,description,thumbnail,*variants,+variants.inventory_quantity,*variants.calculated_price",
    })
    setProducts(products)
    const variantIds = products.flatMap((product) => (product.variants ?? []).map((variant) => variant.id))
    const shipments = await backorders.listVariantShipping(variantIds)
    setShipping(Object.fromEntries(shipments.map((entry) => [entry.variant_id, shipsText(entry)])))
  }
  useEffect(() => {
    load().catch((e) => setMessage(errorMessage(e)))
  }, [])

  const add = async (variantId: string, quantity: number, answer?: "accept" | "decline") => {
    setBusy(true)
    setMessage(null)
    try {
      const cart = await ensureCart()
      const result = await backorders.addLine({ cart_id: cart.id, variant_id: variantId, quantity, answer })
      if (result.type === "backorder_prompt") {
        setPending({ variantId, quantity, prompt: result.prompt })
        return
      }
      setPending(null)
      onCartChanged()
      navigate(`${BASE}/cart`)
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  if (!products) return <p>{message ?? "Loading products…"}</p>
  return (
    <section>
      <h1>Products</h1>
      {message ? <p className="error" role="alert">{message}</p> : null}
      <div className="grid">
        {products.flatMap((product) =>
          (product.variants ?? []).map((variant) => {
            const stock = stockState(variant)
            const quantity = quantities[variant.id] ?? 1
            return (
              <article className="card" key={variant.id} data-testid="product" data-sku={variant.sku ?? ""}>
                <h2>
                  {product.title} <span className="muted">({variant.title})</span>
                </h2>
                <p className="price">{money(variant.calculated_price?.calculated_amount, variant.calculated_price?.currency_code ?? "eur")}</p>
                <p className={`stock ${stock.tone}`} data-testid="stock-state">{stock.text}</p>
                {variant.allow_backorder && shipping[variant.id] ? (
                  <p className="muted" data-testid="backorder-ships">Back orders: {shipping[variant.id]}</p>
                ) : null}
                <div className="row">
                  <label>
                    Quantity{" "}
                    <input
                      type="number"
                      min={1}
                      value={quantity}
                      data-testid="quantity"
                      onChange={(e) => setQuantities({ ...quantities, [variant.id]: Math.max(1, Math.floor(Number(e.target.value) || 1)) })}
                    />
                  </label>
                  <button className="primary" disabled={busy} onClick={() => add(variant.id, quantity)}>
                    Add to cart
                  </button>
                </div>
              </article>
            )
          })
        )}
      </div>
      {pending ? (
        <BackorderDialog prompt={pending.prompt} busy={busy} onAnswer={(answer) => add(pending.variantId, pending.quantity, answer)} />
      ) : null}
    </section>
  )
}
