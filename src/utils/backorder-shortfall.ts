import type { MedusaContainer } from "@medusajs/framework/types"
import type { BackorderStockChange } from "../types"
import {
  availableForLine,
  getCartVariantAvailability,
  getVariantBackorderAvailability,
  type VariantStockRow,
} from "./backorder-availability"

type CartLine = { id: string; variant_id: string | null; quantity: number }

/**
 * The re-check of checkout: which in-stock lines of backorderable variants ask for more than is
 * available now (each line against its inventory item, less what every other in-stock line of
 * the cart draws on that item), and a sentence per line naming the product. One availability
 * read for all the lines' variants; with `variants` (read with the cart) only the stock is read.
 */
export async function findStockShortfalls(
  container: MedusaContainer,
  input: { sales_channel_id: string | null; lines: CartLine[]; backorder_line_ids: Set<string>; variants?: VariantStockRow[] }
): Promise<{ stock_changed: BackorderStockChange[]; shortages: string[] }> {
  const inStockLines = input.lines.filter((line) => !input.backorder_line_ids.has(line.id))
  const request = {
    sales_channel_id: input.sales_channel_id,
    variant_ids: inStockLines.flatMap((line) => (line.variant_id ? [line.variant_id] : [])),
    cart_lines: input.lines,
    backorder_line_ids: input.backorder_line_ids,
  }
  const availability = input.variants
    ? await getCartVariantAvailability(container, { ...request, variants: input.variants })
    : await getVariantBackorderAvailability(container, request)
  const stock_changed: BackorderStockChange[] = []
  const shortages: string[] = []
  for (const line of inStockLines) {
    const variant = line.variant_id ? availability.get(line.variant_id) : undefined
    if (!line.variant_id || !variant?.backorderable) {
      continue
    }
    const available = availableForLine(variant, line.quantity)
    if (line.quantity > available) {
      stock_changed.push({ line_item_id: line.id, variant_id: line.variant_id, requested: line.quantity, available })
      shortages.push(`only ${available} of ${variant.name} available now, and your cart has ${line.quantity}`)
    }
  }
  return { stock_changed, shortages }
}
