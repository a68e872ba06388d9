import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, ProductStatus } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import {
  MAX_STORABLE_QUANTITY,
  VARIANT_RULE_FIELDS,
  variantRuleOf,
  type VariantBackorderSettingRow,
} from "../modules/backorder/service"
import type { BackorderShortfall } from "../types"
import {
  getVariantBackorderAvailability,
  isBackorderableVariant,
  readCartWithVariantStock,
  type VariantBackorderAvailability,
  type VariantInventoryRule,
} from "./backorder-availability"
import { CART_STOCK_FIELDS, retrieveCartWithBackorderLineIds } from "./backorder-cart"
import { readBackorderSettings } from "./backorder-settings"
import type { BackorderAnswer } from "./backorder-line"
import { limitReason, readBackorderAllowances } from "./backorder-limits"
import { formatShipsOn } from "./variant-backorder-rules"

/** A shopper's request on Medusa's line-item routes, as far as the plugin is concerned. */
export type LineItemRequest = {
  cart_id: string
  /** Add route: the units added. Update route: the line's new quantity. */
  quantity: number
  /** Add route. */
  variant_id?: string
  /** Update route. */
  line_item_id?: string
  /** The shopper's answer to the prompt, sent with the request that repeats the prompted one. */
  answer?: BackorderAnswer
}

export type LineItemDecision =
  /** Medusa handles the request as if the plugin were not installed. */
  | { action: "core" }
  /** More than is available, and no answer yet: ask the shopper. */
  | { action: "prompt"; shortfall: BackorderShortfall }
  /**
   * More than is available, and the limits leave nothing to back order: only the available
   * units can be added (the 409 `backorder_limit_reached`; `"decline"` adds them).
   */
  | { action: "limit_reached"; shortfall: BackorderShortfall; message?: string }
  /**
   * The shopper declined: only the available units, by Medusa's own route with this quantity
   * (0 on the update route removes the line; 0 on the add route adds nothing).
   */
  | { action: "decline"; quantity: number }
  /** The shopper accepted: the available units in stock, the rest on the variant's back-order line. */
  | { action: "accept"; variant_id: string; quantity: number }

/** The question put to the shopper. */
export function backorderPromptMessage(shortfall: BackorderShortfall): string {
  const inStock =
    `${shortfall.available === 1 ? "There is" : "There are"} only ${shortfall.available} of ${shortfall.title} in stock, ` +
    `and you have added ${shortfall.requested}`
  if (!shortfall.limited_by) {
    // the seed's sentence, in the singular when one unit is left
    return `${inStock}, do you want to back order the other ${shortfall.backorder_quantity}?`
  }
  const more = `${shortfall.backorder_quantity} more ${shortfall.backorder_quantity === 1 ? "unit" : "units"}`
  if (shortfall.backorder_quantity > 0) {
    return `${inStock}. Only ${more} can be back ordered (${limitReason(shortfall.limited_by)}): do you want to back order ${shortfall.backorder_quantity}?`
  }
  return shortfall.available > 0
    ? `${inStock}. It can't be back ordered now (${limitReason(shortfall.limited_by)}): do you want to add the ${shortfall.available} in stock?`
    : `${shortfall.title} is out of stock and can't be back ordered now (${limitReason(shortfall.limited_by)}).`
}

/**
 * Core accepts any positive number (1.5 included); a line the plugin splits must be
 * counted in whole units.
 */
export const BackorderQuantity = z
  .number()
  .int({ message: "quantity must be a whole number" })
  .nonnegative({ message: "quantity must not be negative" })
  // PostgreSQL's integer: beyond it the reservation at checkout fails with an overflow
  .max(MAX_STORABLE_QUANTITY, { message: `quantity must be at most ${MAX_STORABLE_QUANTITY}` })

type CartRow = {
  id: string
  email?: string | null
  customer_id?: string | null
  completed_at: Date | string | null
  sales_channel_id: string | null
  items: { id: string; variant_id: string | null; quantity: number }[] | null
}

type VariantRow = VariantInventoryRule & {
  id: string
  variant_backorder_setting?: VariantBackorderSettingRow
  product: { status: string; sales_channels: { id: string }[] | null } | null
}

const CORE: LineItemDecision = { action: "core" }

/** The cart as the decision reads it: stock's fields, and who shops (the per-shopper limit). */
const DECISION_CART_FIELDS = [...CART_STOCK_FIELDS, "email", "customer_id"]

/**
 * What the plugin does with a line-item request: leave it to Medusa, ask the shopper, or carry
 * out their answer. The plugin acts when the setting is on, the variant is backorderable and the
 * cart's in-stock quantity would exceed what is available; anything else is Medusa's, which also
 * answers for unknown carts, lines and variants and for completed carts.
 *
 * It reads as little as it can before handing over: the setting first (an add with the setting
 * off is Medusa's alone; Medusa's Caching Module holds it where configured), then, for an add,
 * the cart, the variant's rule and its stock side by side in one round (the stock is only
 * counted for a variant the plugin acts on). Writes nothing: an accepted answer is
 * split under the cart's lock by addToCartWithBackorderWorkflow.
 */
export async function decideLineItemRequest(
  container: MedusaContainer,
  request: LineItemRequest
): Promise<LineItemDecision> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const { enabled } = await readBackorderSettings(container)
  // with the setting off, only raising an existing back-order line still concerns the plugin
  if (!enabled && !request.line_item_id) {
    return CORE
  }
  // The add route knows its variant: cart, records, the variant's rule and its stock in one
  // round. The update route learns the variant from the cart's line first.
  const added = request.variant_id
    ? await readCartWithVariantStock<CartRow>(container, {
        cart_id: request.cart_id,
        cart_fields: DECISION_CART_FIELDS,
        variant_id: request.variant_id,
      })
    : undefined
  const { cart, backorderLineIds } =
    added ?? (await retrieveCartWithBackorderLineIds<CartRow>(container, request.cart_id, DECISION_CART_FIELDS))
  const addedVariant: VariantRow | undefined = added?.variant
  if (!cart || cart.completed_at) {
    return CORE
  }
  const items = cart.items ?? []

  let variantId = request.variant_id
  let variant = addedVariant
  if (request.line_item_id) {
    const line = items.find((item) => item.id === request.line_item_id)
    if (!line) {
      return CORE
    }
    if (backorderLineIds.has(line.id)) {
      // A back-order line may change quantity (core keeps its custom price of 0), nothing else.
      ensureWholeQuantity(request.quantity)
      if (request.quantity > Number(line.quantity)) {
        const availability = await ensureStillBackorderable(container, enabled, cart, line)
        ensureBackorderQuantityAllowed(backorderModule, request.quantity, "this back-order line")
        // raising it is a new back order: the limits count every back-order line of the variant
        const variantLines = items.filter((item) => item.variant_id === line.variant_id && backorderLineIds.has(item.id))
        const inCart = variantLines.reduce((sum, item) => sum + Number(item.quantity), 0)
        const variantRow = await retrieveVariantRule(container, line.variant_id!)
        const rule = variantRuleOf(line.variant_id!, variantRow?.variant_backorder_setting)
        const allowance = (
          await readBackorderAllowances(container, { shopper: cart, variants: [{ variant_id: rule.variant_id, rule, in_cart: inCart }] })
        ).get(rule.variant_id)!
        const raise = request.quantity - Number(line.quantity)
        if (raise > allowance.remaining) {
          return {
            action: "limit_reached",
            // the prompt's sentence speaks of stock; raising a back-order line is about the limit only
            message:
              `Only ${allowance.remaining} more of ${availability.name} can be back ordered (${limitReason(allowance.limited_by)}): ` +
              `this back-order line can hold at most ${Number(line.quantity) + allowance.remaining}.`,
            shortfall: {
              variant_id: rule.variant_id,
              title: availability.name,
              sku: availability.sku,
              requested: request.quantity,
              available: Number(line.quantity) + allowance.remaining,
              backorder_quantity: allowance.remaining,
              limit_remaining: allowance.limit_remaining,
              limited_by: allowance.limited_by,
              ships_on: formatShipsOn(rule.ships_on),
              message: rule.message,
            },
          }
        }
      }
      return CORE
    }
    if (!enabled || !line.variant_id) {
      return CORE
    }
    variantId = line.variant_id
    variant = await retrieveVariantRule(container, variantId)
  }
  if (!variantId || !isBackorderableVariant(variant) || variant!.product?.status !== ProductStatus.PUBLISHED) {
    return CORE
  }
  // Core adds a variant from another sales channel without complaint; the plugin would
  // otherwise offer to back order a product this store front does not sell.
  const soldInChannel = (variant!.product!.sales_channels ?? []).some((channel) => channel.id === cart.sales_channel_id)
  if (!soldInChannel) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Variant ${variantId} is not sold in the cart's sales channel`
    )
  }

  const availability = added
    ? added.availability()
    : (
        await getVariantBackorderAvailability(container, {
          sales_channel_id: cart.sales_channel_id,
          variant_ids: [variantId],
          cart_lines: items,
          backorder_line_ids: backorderLineIds,
          exclude_line_item_id: request.line_item_id,
        })
      ).get(variantId)
  if (!availability?.backorderable) {
    return CORE
  }

  ensureWholeQuantity(request.quantity)
  if (request.quantity <= availability.available) {
    return CORE
  }
  // what already waits on the cart's back-order line of this variant counts too
  const alreadyBackordered = items
    .filter((item) => item.variant_id === variantId && backorderLineIds.has(item.id))
    .reduce((sum, item) => sum + Number(item.quantity), 0)
  ensureBackorderQuantityAllowed(
    backorderModule,
    alreadyBackordered + request.quantity - availability.available,
    availability.name
  )

  switch (request.answer) {
    case "accept":
      // what the limits leave is counted again under the cart's lock (the split)
      return { action: "accept", variant_id: variantId, quantity: request.quantity }
    case "decline":
      return { action: "decline", quantity: availability.available }
    default: {
      const rule = variantRuleOf(variantId, variant!.variant_backorder_setting)
      const allowance = (
        await readBackorderAllowances(container, {
          shopper: cart,
          variants: [{ variant_id: variantId, rule, in_cart: alreadyBackordered }],
        })
      ).get(variantId)!
      const shortfall = request.quantity - availability.available
      const backorderQuantity = Math.min(shortfall, allowance.remaining)
      return {
        action: backorderQuantity > 0 ? "prompt" : "limit_reached",
        shortfall: {
          variant_id: variantId,
          title: availability.name,
          sku: availability.sku,
          requested: request.quantity,
          available: availability.available,
          backorder_quantity: backorderQuantity,
          limit_remaining: allowance.limit_remaining,
          limited_by: backorderQuantity < shortfall ? allowance.limited_by : null,
          ships_on: formatShipsOn(rule.ships_on),
          message: rule.message,
        },
      }
    }
  }
}

/** What decides whether the plugin acts on a variant, and whether this store front sells it. */
async function retrieveVariantRule(container: MedusaContainer, variantId: string): Promise<VariantRow | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: [
      "id",
      "manage_inventory",
      "allow_backorder",
      "inventory_items.inventory_item_id",
      "inventory_items.required_quantity",
      "product.status",
      "product.sales_channels.id",
      ...VARIANT_RULE_FIELDS,
    ],
    filters: { id: variantId },
  })
  const [variant]: (VariantRow | undefined)[] = data
  return variant
}

/**
 * Raising a back-order line is a new back order: refused once the merchant turned the setting
 * off or the variant no longer allows back orders. Lowering and removing stay allowed.
 */
async function ensureStillBackorderable(
  container: MedusaContainer,
  enabled: boolean,
  cart: CartRow,
  line: { id: string; variant_id: string | null }
): Promise<VariantBackorderAvailability> {
  const availability = line.variant_id
    ? (
        await getVariantBackorderAvailability(container, {
          sales_channel_id: cart.sales_channel_id,
          variant_ids: [line.variant_id],
          cart_lines: [],
          backorder_line_ids: [],
        })
      ).get(line.variant_id)
    : undefined
  if (!enabled || !availability?.backorderable) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `${availability?.name ?? "This item"} can no longer be back ordered: the back-order line can only be lowered or removed`
    )
  }
  return availability
}

function ensureBackorderQuantityAllowed(
  backorderModule: BackorderModuleService,
  backorderQuantity: number,
  name: string
): void {
  const max = backorderModule.getMaxBackorderQuantity()
  if (backorderQuantity > max) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `At most ${max} units of ${name} can be back ordered in one cart; this would back order ${backorderQuantity}`
    )
  }
}

function ensureWholeQuantity(quantity: number): void {
  const parsed = BackorderQuantity.safeParse(quantity)
  if (!parsed.success) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, parsed.error.issues[0].message)
  }
}
