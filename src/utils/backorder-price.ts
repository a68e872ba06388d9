import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, QueryContext } from "@medusajs/framework/utils"

export type VariantPriceRow = {
  id: string
  product: { title: string } | null
  calculated_price: { calculated_amount: number | null } | null
}

/** The pricing context of a cart: what Medusa prices its lines with. */
export type CartPricingContext = {
  currency_code: string
  region_id: string | null
  customer_id: string | null
}

/** The variant with Medusa's calculated price for the cart (null price: none in its currency). */
export async function fetchVariantWithPrice(
  container: MedusaContainer,
  cart: CartPricingContext,
  variantId: string,
  /** The cart's customer with its groups, when the caller read them already. */
  knownCustomer?: { id: string; groups: { id: string }[] | null } | null
): Promise<VariantPriceRow> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  // Medusa prices cart lines with the customer and its groups (price lists for customer groups)
  const customer = !cart.customer_id
    ? undefined
    : knownCustomer?.id === cart.customer_id
      ? knownCustomer
      : (await query.graph({ entity: "customer", fields: ["id", "groups.id"], filters: { id: cart.customer_id } })).data[0]
  const {
    data: [variant],
  } = (await query.graph({
    entity: "product_variant",
    fields: ["id", "product.title", "calculated_price.calculated_amount"],
    filters: { id: variantId },
    context: {
      calculated_price: QueryContext({
        currency_code: cart.currency_code,
        region_id: cart.region_id,
        customer_id: cart.customer_id,
        ...(customer && { customer: { id: customer.id, groups: customer.groups ?? [] } }),
      }),
    },
  })) as { data: VariantPriceRow[] }
  return variant
}

/** The unit price shown on a back-order line ("to be charged later"); null when unpriced. */
export function backorderUnitPriceOf(variant: VariantPriceRow | undefined): number | null {
  const amount = variant?.calculated_price?.calculated_amount
  return amount == null ? null : Number(amount)
}
