import type { CreateOrderDTO, CreateOrderLineItemDTO, CreateOrderTaxLineDTO, MedusaContainer } from "@medusajs/framework/types"
import { VARIANT_RULE_FIELDS, type VariantBackorderSettingRow } from "../../modules/backorder/service"
import { formatShipsOn } from "../../utils/variant-backorder-rules"
import {
  ContainerRegistrationKeys,
  MathBN,
  MedusaError,
  Modules,
  OrderStatus,
  PriceListType,
  ProductStatus,
} from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { backorderDraftLineMetadata, backorderDraftMetadata, backorderedTitle } from "../../utils/backorder-line"

export type PrepareBackorderDraftStepInput = {
  cart_id: string
  items: { variant_id: string; quantity: number }[]
}

/** One reservation the back order's draft line of `variant_id` takes once it exists. */
export type PlannedBackorderReservation = {
  variant_id: string
  inventory_item_id: string
  location_id: string
  quantity: number
}

export type BackorderDraft = {
  /** What Medusa's order module creates: the draft order with its lines and their tax lines. */
  order: CreateOrderDTO & { is_draft_order: true }
  /** The units to reserve under the draft's lines (by variant: one draft line per variant). */
  reservations: PlannedBackorderReservation[]
  customer_id: string | null
  email: string | null
}

const ADDRESS_FIELDS = [
  "first_name",
  "last_name",
  "company",
  "address_1",
  "address_2",
  "city",
  "province",
  "postal_code",
  "country_code",
  "phone",
  "metadata",
] as const

type Address = Partial<Record<(typeof ADDRESS_FIELDS)[number], unknown>> | null | undefined

function plainAddress(address: Address) {
  if (!address) {
    return undefined
  }
  // the cart's address row must not be re-used by the order: copy the fields, drop the id
  return Object.fromEntries(
    ADDRESS_FIELDS.filter((field) => address[field] !== undefined && address[field] !== null).map(
      (field) => [field, address[field]]
    )
  )
}

type TaxLineRow = {
  description?: string | null
  tax_rate_id?: string | null
  code: string
  rate: number | string
  provider_id?: string | null
  metadata?: Record<string, unknown> | null
}

type CartRow = {
  id: string
  email: string | null
  customer_id: string | null
  region_id: string | null
  currency_code: string
  sales_channel_id: string | null
  shipping_address: Address
  billing_address: Address
  region: Record<string, unknown> | null
  customer: { id: string; groups?: { id: string }[] | null } | null
  items: ({ id: string; variant_id: string | null; tax_lines?: (TaxLineRow | null)[] | null } | null)[] | null
}

type VariantRow = {
  id: string
  /** The variant's back-order settings (the read-only link): its draft line says when it ships. */
  variant_backorder_setting?: VariantBackorderSettingRow
  title: string | null
  sku: string | null
  barcode: string | null
  manage_inventory: boolean | null
  price_set?: { id: string } | null
  product: {
    id: string
    title: string
    description: string | null
    subtitle: string | null
    thumbnail: string | null
    status: string
    handle: string | null
    is_giftcard: boolean | null
    type?: { id: string; value: string } | null
    collection?: { id: string; title: string } | null
  } | null
  inventory_items?:
    | ({
        inventory_item_id: string
        required_quantity: number | string
        inventory?: { requires_shipping?: boolean | null; location_levels?: ({ location_id: string } | null)[] | null } | null
      } | null)[]
    | null
}

type CalculatedPrice = {
  id: string
  calculated_amount: number | string | null
  original_amount: number | string | null
  is_calculated_price_tax_inclusive: boolean
  calculated_price?: { price_list_type?: string | null } | null
}

// The variant fields Medusa's createOrderWorkflow snapshots on an order line (its
// productVariantsFields), with the price set and what the reservations need.
const VARIANT_FIELDS = [
  "id",
  "title",
  "sku",
  "barcode",
  "manage_inventory",
  "price_set.id",
  "product.id",
  "product.title",
  "product.description",
  "product.subtitle",
  "product.thumbnail",
  "product.status",
  "product.handle",
  "product.type.id",
  "product.type.value",
  "product.collection.id",
  "product.collection.title",
  "inventory_items.inventory_item_id",
  "inventory_items.required_quantity",
  "inventory_items.inventory.requires_shipping",
  "inventory_items.inventory.location_levels.location_id",
  ...VARIANT_RULE_FIELDS,
]

const CART_FIELDS = [
  "id",
  "email",
  "customer_id",
  "region_id",
  "currency_code",
  "sales_channel_id",
  "shipping_address.*",
  "billing_address.*",
  // the pricing context Medusa's createOrderWorkflow prices a draft with
  "region.*",
  "region.countries.*",
  "customer.id",
  "customer.groups.id",
  "items.id",
  "items.variant_id",
  "items.tax_lines.*",
]

/**
 * Medusa's pricing for each back-ordered variant in the cart's context, as createOrderWorkflow
 * computes a draft's prices (getVariantsAndItemsWithPrices → calculatePrices): region, currency,
 * customer and its groups, and the line's quantity (price tiers).
 */
async function priceBackorderedUnits(
  container: MedusaContainer,
  cart: CartRow,
  items: PrepareBackorderDraftStepInput["items"],
  variants: Map<string, VariantRow>
): Promise<Map<string, CalculatedPrice>> {
  const pricing = container.resolve(Modules.PRICING)
  // createOrderWorkflow's context: no cart id, no sales channel (the draft's pricing is not the cart's)
  const baseContext = {
    currency_code: cart.currency_code ?? (cart.region?.currency_code as string | undefined),
    region_id: cart.region_id,
    customer_id: cart.customer_id,
    region: cart.region,
    customer: cart.customer ? { id: cart.customer.id, groups: cart.customer.groups ?? [] } : undefined,
  }
  const byQuantity = new Map<number, { variant_id: string; price_set_id: string }[]>()
  for (const item of items) {
    const priceSetId = variants.get(item.variant_id)?.price_set?.id
    if (priceSetId) {
      byQuantity.set(item.quantity, [...(byQuantity.get(item.quantity) ?? []), { variant_id: item.variant_id, price_set_id: priceSetId }])
    }
  }
  const prices = new Map<string, CalculatedPrice>()
  await Promise.all(
    [...byQuantity].map(async ([quantity, group]) => {
      const calculated = (await pricing.calculatePrices(
        { id: group.map((entry) => entry.price_set_id) },
        { context: { ...baseContext, quantity, is_custom_price: false } as Record<string, any> }
      )) as unknown as CalculatedPrice[]
      for (const entry of group) {
        const price = calculated.find((row) => row.id === entry.price_set_id)
        if (price) {
          prices.set(entry.variant_id, price)
        }
      }
    })
  )
  return prices
}

/**
 * A draft line as Medusa's createOrderWorkflow writes it for `{ variant_id, quantity, title,
 * is_discountable: false, metadata }` priced by Medusa (its prepareLineItemData), with the
 * cart's own tax lines for the variant.
 */
function draftLine(
  cartId: string,
  item: { variant_id: string; quantity: number },
  variant: VariantRow,
  price: CalculatedPrice,
  taxLines: TaxLineRow[]
): CreateOrderLineItemDTO & { is_giftcard: boolean; product_type_id: string | null } {
  const product = variant.product!
  const onSale =
    price.calculated_price?.price_list_type === PriceListType.SALE &&
    !MathBN.eq(price.original_amount ?? 0, price.calculated_amount ?? 0)
  return {
    quantity: item.quantity,
    title: backorderedTitle(product.title),
    subtitle: variant.title ?? undefined,
    thumbnail: product.thumbnail ?? undefined,
    product_id: product.id,
    product_title: product.title,
    product_description: product.description ?? undefined,
    product_subtitle: product.subtitle ?? undefined,
    product_type: product.type?.value ?? (null as unknown as undefined),
    product_type_id: product.type?.id ?? null,
    product_collection: product.collection?.title ?? (null as unknown as undefined),
    product_handle: product.handle ?? undefined,
    variant_id: variant.id,
    variant_sku: variant.sku ?? undefined,
    variant_barcode: variant.barcode ?? undefined,
    variant_title: variant.title ?? undefined,
    // back-ordered units are never discounted (automatic promotions included)
    is_discountable: false,
    // createOrderWorkflow's variant fields leave the product's is_giftcard out: false there too
    is_giftcard: !!product.is_giftcard,
    requires_shipping: !!variant.inventory_items?.some((link) => !!link?.inventory?.requires_shipping),
    unit_price: price.calculated_amount!,
    ...(onSale && { compare_at_unit_price: price.original_amount! }),
    is_tax_inclusive: !!price.is_calculated_price_tax_inclusive,
    tax_lines: taxLines.map(
      (line): CreateOrderTaxLineDTO => ({
        description: line.description ?? undefined,
        tax_rate_id: line.tax_rate_id ?? undefined,
        code: line.code,
        rate: line.rate,
        provider_id: line.provider_id ?? undefined,
        metadata: line.metadata ?? null,
      } as CreateOrderTaxLineDTO)
    ),
    metadata: backorderDraftLineMetadata(cartId, {
      ships_on: formatShipsOn(variant.variant_backorder_setting?.ships_on),
      message: variant.variant_backorder_setting?.message ?? null,
    }),
  }
}

/**
 * Everything the back order's draft needs, read in two rounds: the cart (its customer, addresses,
 * region, and its lines' tax lines), the plugin's record of its back-order lines and the variants
 * first, then Medusa's prices and the sales channel's stock locations. Writes nothing.
 *
 * The draft is what Medusa's createOrderWorkflow made of the back-ordered items, without its
 * look-ups: lines priced by Medusa's pricing now (the shopper can't influence the price), taxed
 * with the tax lines Medusa computed for the cart's back-order lines (the same region, address and
 * customer; Medusa's own completion copies a cart's tax lines the same way), no shipping, no
 * promotions.
 */
export const prepareBackorderDraftStep = createStep(
  "prepare-backorder-draft",
  async (input: PrepareBackorderDraftStepInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const variantIds = [...new Set(input.items.map((item) => item.variant_id))]

    const [{ data: carts }, backorderLineIds, { data: variantRows }] = await Promise.all([
      query.graph({ entity: "cart", fields: CART_FIELDS, filters: { id: input.cart_id } }),
      backorderModule.listBackorderLineIds(input.cart_id),
      query.graph({ entity: "product_variant", fields: VARIANT_FIELDS, filters: { id: variantIds } }),
    ])
    const cart = carts[0] as CartRow | undefined
    if (!cart) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart id not found: ${input.cart_id}`)
    }
    const variants = new Map((variantRows as VariantRow[]).map((variant) => [variant.id, variant]))
    const unknown = variantIds.filter((id) => {
      const status = variants.get(id)?.product?.status
      return !status || status !== ProductStatus.PUBLISHED
    })
    if (unknown.length) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Variants ${unknown.join(", ")} do not exist or belong to a product that is not published`
      )
    }

    const inventoryItemIds = [
      ...new Set(
        variantIds.flatMap((id) => {
          const variant = variants.get(id)!
          return variant.manage_inventory ? (variant.inventory_items ?? []).flatMap((link) => (link ? [link.inventory_item_id] : [])) : []
        })
      ),
    ]
    const [prices, channelLocationIds] = await Promise.all([
      priceBackorderedUnits(container, cart, input.items, variants),
      readChannelLocationIds(container, cart.sales_channel_id, inventoryItemIds.length > 0),
    ])
    const unpriced = variantIds.filter((id) => prices.get(id)?.calculated_amount == null)
    if (unpriced.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Variants with IDs ${unpriced.join(", ")} do not have a price`)
    }

    // A variant's tax lines: those of its back-order line, which Medusa refreshes with every
    // change of the cart (region, address, customer), as it does for the paid lines.
    const taxLinesOf = (variantId: string): TaxLineRow[] => {
      const lines = (cart.items ?? []).filter((line) => !!line && line.variant_id === variantId)
      const line = lines.find((candidate) => backorderLineIds.has(candidate!.id)) ?? lines[0]
      return (line?.tax_lines ?? []).filter((taxLine): taxLine is TaxLineRow => !!taxLine)
    }

    const order: BackorderDraft["order"] = {
      status: OrderStatus.DRAFT,
      is_draft_order: true,
      region_id: cart.region_id ?? undefined,
      customer_id: cart.customer_id ?? undefined,
      email: cart.email ?? undefined,
      currency_code: cart.currency_code,
      sales_channel_id: cart.sales_channel_id ?? undefined,
      shipping_address: plainAddress(cart.shipping_address),
      billing_address: plainAddress(cart.billing_address),
      metadata: backorderDraftMetadata(cart.id),
      items: input.items.map((item) =>
        draftLine(cart.id, item, variants.get(item.variant_id)!, prices.get(item.variant_id)!, taxLinesOf(item.variant_id))
      ),
    }

    // Only a location of the cart's sales channel that stocks the item, as Medusa's own
    // reservation at checkout: never another channel's location (its units are not ours).
    const reservations = input.items.flatMap((item) => {
      const variant = variants.get(item.variant_id)!
      if (!variant.manage_inventory) {
        return []
      }
      return (variant.inventory_items ?? []).flatMap((link) => {
        const location_id = link?.inventory?.location_levels?.find(
          (level) => !!level && channelLocationIds.has(level.location_id)
        )?.location_id
        return link && location_id
          ? [
              {
                variant_id: item.variant_id,
                inventory_item_id: link.inventory_item_id,
                location_id,
                quantity: item.quantity * Number(link.required_quantity),
              },
            ]
          : []
      })
    })

    return new StepResponse<BackorderDraft>({
      order,
      reservations,
      customer_id: cart.customer_id ?? null,
      email: cart.email ?? null,
    })
  }
)

async function readChannelLocationIds(
  container: MedusaContainer,
  salesChannelId: string | null,
  needed: boolean
): Promise<Set<string>> {
  if (!salesChannelId || !needed) {
    return new Set()
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "sales_channel_locations",
    fields: ["stock_location_id"],
    filters: { sales_channel_id: salesChannelId },
  })
  return new Set((data as { stock_location_id: string }[]).map((row) => row.stock_location_id))
}
