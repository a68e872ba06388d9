import type { MedusaContainer } from "@medusajs/framework/types"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import type { BackorderShopper, OutstandingUnits, VariantBackorderRule } from "../modules/backorder/service"
import type { BackorderLimitKind } from "../types"

/*
 * The one place where the back-order limits are counted: the variant's limit (units outstanding
 * in the whole store), the per-shopper limit (`max_outstanding_per_customer`, per e-mail or
 * customer and variant) and the store's ceiling per cart (`max_backorder_quantity`). The prompt
 * counts them to offer what is left; the split under the cart's lock and checkout under the
 * stock lock count them again, and only checkout's count is the one that holds across carts.
 */

export type BackorderAllowance = {
  /** Units of the variant the cart may hold on back order in all (its back-order lines included). */
  cart_may_hold: number
  /** Units it may still add on top of what its back-order lines hold. */
  remaining: number
  /** What the variant's limit alone leaves the cart on top of its lines; null without a limit. */
  limit_remaining: number | null
  /** Which limit sets `cart_may_hold`. */
  limited_by: BackorderLimitKind
}

export type BackorderLimitInput = {
  rule: Pick<VariantBackorderRule, "limit">
  outstanding: OutstandingUnits
  /** Units the cart's back-order lines of the variant hold. */
  in_cart: number
  max_per_customer: number
  max_per_cart: number
}

/** The arithmetic: the smallest of the three limits, never below 0. */
export function backorderAllowance(input: BackorderLimitInput): BackorderAllowance {
  const byVariant = input.rule.limit === null ? Infinity : Math.max(0, input.rule.limit - input.outstanding.all)
  const byShopper = Math.max(0, input.max_per_customer - input.outstanding.shopper)
  const candidates: [BackorderLimitKind, number][] = [
    ["variant_limit", byVariant],
    ["customer_limit", byShopper],
    ["cart_limit", input.max_per_cart],
  ]
  const [limitedBy, cartMayHold] = candidates.reduce((least, next) => (next[1] < least[1] ? next : least))
  return {
    cart_may_hold: cartMayHold,
    remaining: Math.max(0, cartMayHold - input.in_cart),
    limit_remaining: byVariant === Infinity ? null : Math.max(0, byVariant - input.in_cart),
    limited_by: limitedBy,
  }
}

/**
 * Each variant's allowance for one cart: its rule (read by the caller, with the variant), the
 * units outstanding in the store and of the cart's shopper (one query for all the variants).
 */
export async function readBackorderAllowances(
  container: MedusaContainer,
  input: { shopper: BackorderShopper; variants: { variant_id: string; rule: VariantBackorderRule; in_cart: number }[] }
): Promise<Map<string, BackorderAllowance>> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  // nothing outstanding can matter without a variant limit and without a shopper to count for
  const counts =
    input.variants.some((variant) => variant.rule.limit !== null) || !!input.shopper.email?.trim() || !!input.shopper.customer_id
  const outstanding = counts
    ? await backorderModule.sumOutstandingUnits(
        input.variants.map((variant) => variant.variant_id),
        input.shopper
      )
    : new Map<string, OutstandingUnits>()
  const maxPerCustomer = backorderModule.getMaxOutstandingPerCustomer()
  const maxPerCart = backorderModule.getMaxBackorderQuantity()
  return new Map(
    input.variants.map((variant) => [
      variant.variant_id,
      backorderAllowance({
        rule: variant.rule,
        outstanding: outstanding.get(variant.variant_id) ?? { all: 0, shopper: 0 },
        in_cart: variant.in_cart,
        max_per_customer: maxPerCustomer,
        max_per_cart: maxPerCart,
      }),
    ])
  )
}

/** What a limit is called in a sentence to the shopper. */
export function limitReason(kind: BackorderLimitKind): string {
  switch (kind) {
    case "variant_limit":
      return "the store can back order no more of it"
    case "customer_limit":
      return "you have back ordered as many as one shopper may"
    case "cart_limit":
      return "no more can be back ordered in one cart"
  }
}
