import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { VARIANT_RULE_FIELDS, variantRuleOf, type VariantBackorderSettingRow } from "../../modules/backorder/service"
import type { BackorderLimitChange } from "../../types"
import { ensureBackorderContact, type BackorderContact } from "../../utils/backorder-contact"
import { readBackorderAllowances } from "../../utils/backorder-limits"

export type CheckBackorderLimitsInput = {
  cart_id: string
  /** The cart's back-order lines to place (the plan's); none: nothing to check. */
  backorder_line_ids: string[]
  /**
   * false where the payment is confirmed already (the provider's webhook): refusing then would
   * leave a paid cart unplaced, so the back order is placed whatever the limits say.
   */
  enforce: boolean
}

export type BackorderLimitsCheck = {
  /** Variants whose back-order lines hold more than the limits leave: place nothing (409). */
  exceeded: BackorderLimitChange[]
  message: string | null
}

type CartRow = BackorderContact & {
  id: string
  items:
    | ({
        id: string
        variant_id: string | null
        quantity: unknown
        variant?: {
          title?: string | null
          product?: { title?: string | null } | null
          variant_backorder_setting?: VariantBackorderSettingRow
        } | null
      } | null)[]
    | null
}

const NOTHING: BackorderLimitsCheck = { exceeded: [], message: null }

/**
 * Checkout's count of the back-order limits: under the cart's lock and the stock locks of its
 * backorderable items, so of two carts back ordering one variant the second counts the first's
 * placed units. Per variant, over all the cart's back-order lines of it (whatever their
 * metadata). Also refuses (400) a cart without the contact details a back order needs. Writes
 * nothing; the 409 travels in the result, as the stock re-check's does.
 */
export const checkBackorderLimitsStep = createStep(
  "check-backorder-limits",
  async (input: CheckBackorderLimitsInput, { container }) => {
    if (!input.backorder_line_ids.length) {
      return new StepResponse(NOTHING)
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph(
      {
        entity: "cart",
        fields: [
          "id",
          "email",
          "customer_id",
          "shipping_address.address_1",
          "shipping_address.city",
          "shipping_address.country_code",
          "items.id",
          "items.variant_id",
          "items.quantity",
          "items.variant.title",
          "items.variant.product.title",
          ...VARIANT_RULE_FIELDS.map((field) => `items.variant.${field}`),
        ],
        filters: { id: input.cart_id },
      },
      // the rule as it is now, never a cached copy
      { cache: { enable: false } }
    )
    const cart = data[0] as CartRow | undefined
    if (!cart || !input.enforce) {
      return new StepResponse(NOTHING)
    }
    ensureBackorderContact(cart)

    const placing = new Set(input.backorder_line_ids)
    const byVariant = new Map<string, { line_item_ids: string[]; quantity: number; name: string; setting: VariantBackorderSettingRow | undefined }>()
    for (const item of cart.items ?? []) {
      if (!item?.variant_id || !placing.has(item.id)) {
        continue
      }
      const entry = byVariant.get(item.variant_id) ?? {
        line_item_ids: [],
        quantity: 0,
        name: [item.variant?.product?.title, item.variant?.title ? `(${item.variant.title})` : null].filter(Boolean).join(" ") || item.variant_id,
        setting: item.variant?.variant_backorder_setting,
      }
      entry.line_item_ids.push(item.id)
      entry.quantity += Number(item.quantity)
      byVariant.set(item.variant_id, entry)
    }
    const allowances = await readBackorderAllowances(container, {
      shopper: cart,
      variants: [...byVariant].map(([variantId, entry]) => ({
        variant_id: variantId,
        rule: variantRuleOf(variantId, entry.setting),
        in_cart: 0,
      })),
    })

    const exceeded: BackorderLimitChange[] = []
    const sentences: string[] = []
    for (const [variantId, entry] of byVariant) {
      const allowance = allowances.get(variantId)!
      if (entry.quantity > allowance.cart_may_hold) {
        exceeded.push({
          variant_id: variantId,
          line_item_ids: entry.line_item_ids,
          requested: entry.quantity,
          available: allowance.cart_may_hold,
          limited_by: allowance.limited_by,
        })
        sentences.push(`only ${allowance.cart_may_hold} of ${entry.name} can be back ordered now, and your cart has ${entry.quantity}`)
      }
    }
    return new StepResponse<BackorderLimitsCheck>({
      exceeded,
      message: exceeded.length
        ? `Back orders are limited: ${sentences.join("; ")}. Nothing was charged. ` +
          `Lower the back-ordered quantity (or remove the back-order line), then complete the cart again.`
        : null,
    })
  }
)
