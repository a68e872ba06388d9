import type { CreateCartCreateLineItemDTO } from "@medusajs/framework/types"
import {
  deepEqualObj,
  MedusaError,
  Modules,
} from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { readCartWithVariantStock } from "../../utils/backorder-availability"
import { readBackorderAllowances } from "../../utils/backorder-limits"
import { variantRuleOf } from "../../modules/backorder/service"
import { formatShipsOn } from "../../utils/variant-backorder-rules"
import { backorderUnitPriceOf, fetchVariantWithPrice } from "../../utils/backorder-price"
import {
  backorderedTitle,
  backorderLineMetadata,
  withoutBackorderMetadata,
  type LineMetadata,
} from "../../utils/backorder-line"

export type ComputeBackorderSplitInput = {
  cart_id: string
  variant_id: string
  /** Add route: the units added. Update route: the line's new quantity. */
  quantity: number
  /** The shopper's metadata, answer key already removed. */
  metadata?: LineMetadata | null
  /** Update route: the in-stock line whose quantity is being changed. */
  line_item_id?: string
}

export type BackorderSplit = {
  in_stock_quantity: number
  backorder_quantity: number
  /** Update route: the new state of the in-stock line being changed. */
  in_stock_line_update: {
    item_id: string
    update: { quantity: number; metadata?: LineMetadata | null }
  } | null
  /** Lines for core's add-to-cart: the in-stock part (add route) and the back-order part. */
  items_to_add: CreateCartCreateLineItemDTO[]
  /** The cart's line ids before the split, to tell which back-order line core creates. */
  line_ids_before: string[]
  /** Whether core must create a back-order line (false: it adds to the existing one). */
  creates_backorder_line: boolean
  /**
   * Whether any promotion could apply to the cart: it holds a code, or the store has an automatic
   * promotion. Without, computing the cart's promotions gives nothing, with or without the new
   * back-order line counted.
   */
  promotions_may_apply: boolean
}

type CartRow = {
  id: string
  sales_channel_id: string | null
  currency_code: string
  region_id: string | null
  email: string | null
  customer_id: string | null
  customer: { id: string; groups: { id: string }[] | null } | null
  promotions: ({ id: string } | null)[] | null
  items: { id: string; variant_id: string | null; quantity: number; metadata: LineMetadata | null }[] | null
}

/**
 * Splits a request into its in-stock part and its back-ordered part. Runs under the
 * cart lock so the split reflects the stock at that moment, not at the prompt.
 */
export const computeBackorderSplitStep = createStep(
  "compute-backorder-split",
  async (input: ComputeBackorderSplitInput, { container }) => {
    // the cart, its records, the variant and its stock in one round; the price needs the cart's context
    const promotionModule = container.resolve(Modules.PROMOTION)
    const [{ cart, backorderLineIds, availability: availabilityOf, variant: addedVariant }, automaticPromotions] = await Promise.all([
      readCartWithVariantStock<CartRow>(container, {
      cart_id: input.cart_id,
      cart_fields: [
        "id",
        "sales_channel_id",
        "currency_code",
        "region_id",
        "email",
        "customer_id",
        "customer.id",
        "customer.groups.id",
        "items.id",
        "items.variant_id",
        "items.quantity",
        "items.metadata",
        "promotions.id",
      ],
      variant_id: input.variant_id,
      }),
      // any automatic promotion at all (whatever its status or rules): then the promotions are computed again
      promotionModule.listPromotions({ is_automatic: true }, { take: 1, select: ["id"] }),
    ])
    if (!cart) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart id not found: ${input.cart_id}`)
    }
    const items = cart.items ?? []

    const line = input.line_item_id ? items.find((item) => item.id === input.line_item_id) : undefined
    if (input.line_item_id && !line) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Line item with id: ${input.line_item_id} was not found`)
    }

    const availability = availabilityOf({ exclude_line_item_id: input.line_item_id })
    // The merchant may have changed the variant between the prompt and the answer.
    if (!availability?.backorderable) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `${availability?.name ?? input.variant_id} can not be back ordered`
      )
    }

    const inStockQuantity = Math.min(input.quantity, availability.available)
    let backorderQuantity = input.quantity - inStockQuantity
    const rule = variantRuleOf(input.variant_id, addedVariant?.variant_backorder_setting)
    if (backorderQuantity > 0) {
      // exactly what the limits leave now, not what the prompt offered; the rest is not added
      const inCart = items
        .filter((item) => item.variant_id === input.variant_id && backorderLineIds.has(item.id))
        .reduce((sum, item) => sum + Number(item.quantity), 0)
      const allowance = (
        await readBackorderAllowances(container, { shopper: cart, variants: [{ variant_id: input.variant_id, rule, in_cart: inCart }] })
      ).get(input.variant_id)!
      backorderQuantity = Math.min(backorderQuantity, allowance.remaining)
    }

    // Core merges update metadata into the line's metadata; the back-order part carries the same.
    const shopperMetadata: LineMetadata = line
      ? { ...withoutBackorderMetadata(line.metadata), ...(input.metadata ?? {}) }
      : { ...(input.metadata ?? {}) }

    const itemsToAdd: CreateCartCreateLineItemDTO[] = []
    let createsBackorderLine = false
    if (!line && inStockQuantity > 0) {
      itemsToAdd.push({
        variant_id: input.variant_id,
        quantity: inStockQuantity,
        ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
      })
    }

    if (backorderQuantity > 0) {
      // Reusing the existing back-order line's exact metadata lets core's merge
      // (same variant, same metadata, same custom price) add to it instead of
      // creating a second back-order line.
      const existingBackorderLine = items.find(
        (item) =>
          backorderLineIds.has(item.id) &&
          item.variant_id === input.variant_id &&
          deepEqualObj(withoutBackorderMetadata(item.metadata), shopperMetadata)
      )
      const variant = await fetchVariantWithPrice(container, cart, input.variant_id, cart.customer)
      const unitPrice = backorderUnitPriceOf(variant)
      // Core refuses a variant without a price in the cart's context; a back-order line at 0
      // would otherwise become a pending back order Medusa can't price either.
      if (unitPrice === null) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `${availability.name} has no price in ${cart.currency_code.toUpperCase()} and can not be back ordered`
        )
      }
      createsBackorderLine = !existingBackorderLine
      itemsToAdd.push({
        variant_id: input.variant_id,
        quantity: backorderQuantity,
        unit_price: 0,
        is_discountable: false,
        requires_shipping: false,
        title: backorderedTitle(variant.product?.title ?? availability.name),
        metadata: existingBackorderLine?.metadata ?? backorderLineMetadata(shopperMetadata, unitPrice, {
          ships_on: formatShipsOn(rule.ships_on),
          message: rule.message,
        }),
      })
    }

    const split: BackorderSplit = {
      in_stock_quantity: inStockQuantity,
      backorder_quantity: backorderQuantity,
      in_stock_line_update: line
        ? {
            item_id: line.id,
            update: {
              quantity: inStockQuantity,
              ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
            },
          }
        : null,
      items_to_add: itemsToAdd,
      line_ids_before: items.map((item) => item.id),
      creates_backorder_line: createsBackorderLine,
      promotions_may_apply: automaticPromotions.length > 0 || (cart.promotions ?? []).some(Boolean),
    }
    return new StepResponse(split)
  }
)
