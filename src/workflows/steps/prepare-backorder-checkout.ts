import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { findStockShortfalls } from "../../utils/backorder-shortfall"
import type { BackorderStockChange } from "../../types"
import type { CartAtCheckout } from "./read-cart-at-checkout"

export type BackorderCheckoutPlan = {
  /** The cart was already completed by an earlier run: answer with what that run placed. */
  replay: { order_id: string; backorder_id: string } | null
  /** In-stock lines that are no longer available; non-empty means: change nothing, answer 409. */
  stock_changed: BackorderStockChange[]
  /** What to tell the shopper about `stock_changed`, naming the products. */
  stock_changed_message: string | null
  /** Back-order lines still in the cart, to move into the pending back order. */
  backorder_line_ids: string[]
  backorder_items: { variant_id: string; quantity: number }[]
  /** Whether the cart holds in-stock lines, i.e. whether there is an ordinary order to place. */
  has_in_stock_lines: boolean
}

/**
 * Decides what completion does, from the cart read under its lock (read-cart-at-checkout) and
 * the stock read now, under the stock locks of its backorderable items. While the setting is on,
 * every in-stock line of a backorderable variant is re-checked, whatever route created it; with
 * the setting off only carts that still hold back-order lines are (the rest is Medusa's
 * behaviour). Writes nothing: the stock re-check answers through the result so the route can
 * send its 409 body intact (a thrown error's extra fields do not survive the workflow engine).
 */
export const prepareBackorderCheckoutStep = createStep(
  "prepare-backorder-checkout",
  async ({ read }: { read: CartAtCheckout }, { container }) => {
    const { cart, existing } = read
    const recorded = new Set(read.backorder_line_ids)

    if (cart.completed_at && existing) {
      return new StepResponse<BackorderCheckoutPlan>({
        replay: {
          order_id: existing.source_order_id ?? existing.draft_order_id,
          backorder_id: existing.id,
        },
        stock_changed: [],
        stock_changed_message: null,
        backorder_line_ids: [],
        backorder_items: [],
        has_in_stock_lines: !!existing.source_order_id,
      })
    }

    const lines = cart.items.map(({ id, variant_id, quantity }) => ({ id, variant_id, quantity }))
    // a completed cart's lines stay where they are: core completion answers with its order
    const backorderLines = cart.completed_at ? [] : lines.filter((line) => recorded.has(line.id))
    const inStockLines = lines.filter((line) => !recorded.has(line.id))

    const backorderQuantities = new Map<string, number>()
    for (const line of backorderLines) {
      if (line.variant_id) {
        backorderQuantities.set(
          line.variant_id,
          (backorderQuantities.get(line.variant_id) ?? 0) + line.quantity
        )
      }
    }

    let stockChanged: BackorderStockChange[] = []
    let shortages: string[] = []
    // a completed cart's units are reserved already: a replay is answered, not re-checked
    if (!cart.completed_at && (read.settings_enabled || backorderLines.length)) {
      ;({ stock_changed: stockChanged, shortages } = await findStockShortfalls(container, {
        sales_channel_id: cart.sales_channel_id,
        lines,
        backorder_line_ids: recorded,
        variants: cart.items.flatMap((item) => (item.variant ? [item.variant] : [])),
      }))
    }

    return new StepResponse<BackorderCheckoutPlan>({
      replay: null,
      stock_changed: stockChanged,
      stock_changed_message: shortages.length
        ? `Stock changed since these items were added: ${shortages.join("; ")}. Nothing was charged. ` +
          `Back order the rest (metadata.backorder "accept") or lower the quantity, then complete the cart again.`
        : null,
      backorder_line_ids: backorderLines.map((line) => line.id),
      backorder_items: [...backorderQuantities].map(([variant_id, quantity]) => ({ variant_id, quantity })),
      has_in_stock_lines: inStockLines.length > 0,
    })
  }
)
