import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, ProductStatus } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../../../../../modules/backorder"
import type BackorderModuleService from "../../../../../modules/backorder/service"
import {
  getVariantBackorderAvailability,
  isBackorderableVariant,
  type VariantInventoryRule,
} from "../../../../../utils/backorder-availability"
import { CART_STOCK_FIELDS, retrieveCartWithBackorderLineIds } from "../../../../../utils/backorder-cart"
import {
  BACKORDER_ANSWER_KEY,
  reservedBackorderKeysIn,
  type BackorderAnswer,
  type LineMetadata,
} from "../../../../../utils/backorder-line"
import type { BackorderConfirmationRequired, BackorderShortfall } from "../../../../../types"
import { StoreBackorderAnswer, StoreBackorderQuantity } from "./validators"

export type BackorderDecision =
  /** Medusa handles the request as if the plugin were not installed. */
  | { action: "core" }
  /** More than is available: the shopper has to answer (or has answered). */
  | { action: "split"; variant_id: string; prompt: BackorderShortfall }

/**
 * Takes the shopper's answer out of the line's metadata, so it is never stored, and
 * refuses the keys the plugin writes on back-order lines.
 */
export function takeBackorderAnswer(body: { metadata?: LineMetadata | null }): BackorderAnswer | undefined {
  const metadata = body.metadata
  if (!metadata) {
    return undefined
  }
  const reserved = reservedBackorderKeysIn(metadata)
  if (reserved.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `metadata.${reserved[0]} is set by the store and can not be sent`
    )
  }
  if (!(BACKORDER_ANSWER_KEY in metadata)) {
    return undefined
  }
  const { [BACKORDER_ANSWER_KEY]: raw, ...rest } = metadata
  const answer = StoreBackorderAnswer.safeParse(raw)
  if (!answer.success) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, answer.error.issues[0].message)
  }
  body.metadata = rest
  return answer.data
}

export function backorderConfirmationRequired(prompt: BackorderShortfall): BackorderConfirmationRequired {
  return {
    type: "backorder_confirmation_required",
    message:
      `There are only ${prompt.available} of ${prompt.title} in stock, and you have added ` +
      `${prompt.requested}, do you want to back order the other ${prompt.backorder_quantity}?`,
    backorder: prompt,
  }
}

type CartRow = {
  id: string
  completed_at: Date | string | null
  sales_channel_id: string | null
  items: { id: string; variant_id: string | null; quantity: number }[] | null
}

type VariantRow = VariantInventoryRule & {
  id: string
  product: { status: string; sales_channels: { id: string }[] | null } | null
}

const CORE: BackorderDecision = { action: "core" }

/** What decides whether the plugin acts on a variant, and whether this store front sells it. */
async function retrieveVariantRule(container: MedusaContainer, variantId: string): Promise<VariantRow | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [variant],
  } = (await query.graph({
    entity: "product_variant",
    fields: [
      "id",
      "manage_inventory",
      "allow_backorder",
      "inventory_items.inventory_item_id",
      "inventory_items.required_quantity",
      "product.status",
      "product.sales_channels.id",
    ],
    filters: { id: variantId },
  })) as { data: VariantRow[] }
  return variant
}

/**
 * Decides whether the plugin acts on a line-item request: the setting is on, the
 * variant is backorderable and the cart's in-stock quantity would exceed what is
 * available. Anything the plugin does not act on is left to Medusa, which also
 * answers for unknown carts, lines and variants and for completed carts.
 *
 * It reads as little as it can before handing over: the setting first (an add with the setting
 * off is Medusa's alone), the variant's rule next (no stock is counted for a variant the plugin
 * does not act on), the cart's stock last.
 */
export async function decideBackorder(
  container: MedusaContainer,
  input: {
    cart_id: string
    quantity: number
    /** Add route. */
    variant_id?: string
    /** Update route. */
    line_item_id?: string
  }
): Promise<BackorderDecision> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const { enabled } = await backorderModule.retrieveSettings()
  // with the setting off, only raising an existing back-order line still concerns the plugin
  if (!enabled && !input.line_item_id) {
    return CORE
  }
  const [{ cart, backorderLineIds }, addedVariant] = await Promise.all([
    retrieveCartWithBackorderLineIds<CartRow>(container, input.cart_id, CART_STOCK_FIELDS),
    input.variant_id ? retrieveVariantRule(container, input.variant_id) : undefined,
  ])
  if (!cart || cart.completed_at) {
    return CORE
  }
  const items = cart.items ?? []

  let variantId = input.variant_id
  let variant = addedVariant
  if (input.line_item_id) {
    const line = items.find((item) => item.id === input.line_item_id)
    if (!line) {
      return CORE
    }
    if (backorderLineIds.has(line.id)) {
      // A back-order line may change quantity (core keeps its custom price of 0), nothing else.
      ensureWholeQuantity(input.quantity)
      if (input.quantity > Number(line.quantity)) {
        await ensureStillBackorderable(container, enabled, cart, line)
        ensureBackorderQuantityAllowed(container, input.quantity, "this back-order line")
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

  const availability = (
    await getVariantBackorderAvailability(container, {
      sales_channel_id: cart.sales_channel_id,
      variant_ids: [variantId],
      cart_lines: items,
      backorder_line_ids: backorderLineIds,
      exclude_line_item_id: input.line_item_id,
    })
  ).get(variantId)
  if (!availability?.backorderable) {
    return CORE
  }

  ensureWholeQuantity(input.quantity)
  if (input.quantity <= availability.available) {
    return CORE
  }
  // what already waits on the cart's back-order line of this variant counts too
  const alreadyBackordered = items
    .filter((item) => item.variant_id === variantId && backorderLineIds.has(item.id))
    .reduce((sum, item) => sum + Number(item.quantity), 0)
  ensureBackorderQuantityAllowed(
    container,
    alreadyBackordered + input.quantity - availability.available,
    availability.name
  )
  return {
    action: "split",
    variant_id: variantId,
    prompt: {
      variant_id: variantId,
      title: availability.name,
      sku: availability.sku,
      requested: input.quantity,
      available: availability.available,
      backorder_quantity: input.quantity - availability.available,
    },
  }
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
): Promise<void> {
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
}

function ensureBackorderQuantityAllowed(container: MedusaContainer, backorderQuantity: number, name: string): void {
  const max = container.resolve<BackorderModuleService>(BACKORDER_MODULE).getMaxBackorderQuantity()
  if (backorderQuantity > max) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `At most ${max} units of ${name} can be back ordered in one cart; this would back order ${backorderQuantity}`
    )
  }
}

function ensureWholeQuantity(quantity: number): void {
  const parsed = StoreBackorderQuantity.safeParse(quantity)
  if (!parsed.success) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, parsed.error.issues[0].message)
  }
}
