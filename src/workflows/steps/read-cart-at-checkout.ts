import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { readBackorderSettings } from "../../utils/backorder-settings"
import { CART_STOCK_FIELDS, retrieveCartWithBackorderLineIds } from "../../utils/backorder-cart"
import {
  CART_LINE_VARIANT_FIELDS,
  inventoryItemsReservablePastStock,
  type VariantStockRow,
} from "../../utils/backorder-availability"

export type CartAtCheckout = {
  cart: {
    id: string
    completed_at: Date | string | null
    sales_channel_id: string | null
    items: { id: string; variant_id: string | null; quantity: number; variant: VariantStockRow | null }[]
  }
  /** The lines the plugin recorded as back-order lines. */
  backorder_line_ids: string[]
  /** The back order an earlier run of this cart placed, if any (a replay). */
  existing: { id: string; source_order_id: string | null; draft_order_id: string } | null
  settings_enabled: boolean
  /** The inventory items checkout locks: those a completion may reserve past stock. */
  stock_to_lock: string[]
  /** The codes of the cart's promotions (automatic ones included). */
  promotion_codes: string[]
}

type CartRow = Omit<CartAtCheckout["cart"], "items"> & {
  items: ({ id: string; variant_id?: string | null; quantity: unknown; variant?: VariantStockRow | null } | null)[] | null
  promotions?: ({ code?: string | null } | null)[] | null
}

/**
 * Everything checkout decides from, in one round of reads under the cart lock (whose lines
 * can't change meanwhile): the cart with its lines' variants and promotions, the plugin's records
 * of its back-order lines, its back order if one was placed, and the store setting. The stock is
 * read later, under the stock locks (prepare-backorder-checkout). Writes nothing.
 */
export const readCartAtCheckoutStep = createStep(
  "read-cart-at-checkout",
  async (input: { cart_id: string }, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const [{ cart, backorderLineIds }, [existing], settings] = await Promise.all([
      retrieveCartWithBackorderLineIds<CartRow>(container, input.cart_id, [
        ...CART_STOCK_FIELDS,
        ...CART_LINE_VARIANT_FIELDS(),
        "promotions.code",
      ]),
      backorderModule.listBackorders({ cart_id: input.cart_id }, { take: 1 }),
      readBackorderSettings(container),
    ])
    if (!cart) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart id not found: ${input.cart_id}`)
    }
    const items = (cart.items ?? []).flatMap((item) =>
      item ? [{ id: item.id, variant_id: item.variant_id ?? null, quantity: Number(item.quantity), variant: item.variant ?? null }] : []
    )
    return new StepResponse<CartAtCheckout>({
      cart: { id: cart.id, completed_at: cart.completed_at, sales_channel_id: cart.sales_channel_id, items },
      backorder_line_ids: [...backorderLineIds],
      existing: existing
        ? { id: existing.id, source_order_id: existing.source_order_id ?? null, draft_order_id: existing.draft_order_id }
        : null,
      settings_enabled: settings.enabled,
      stock_to_lock: [...new Set(inventoryItemsReservablePastStock(items.map((item) => item.variant)))],
      promotion_codes: (cart.promotions ?? []).flatMap((promotion) => (promotion?.code ? [promotion.code] : [])),
    })
  }
)
