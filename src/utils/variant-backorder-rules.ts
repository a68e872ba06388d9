import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import type { VariantBackorderRule } from "../modules/backorder/service"
import type { DateString, VariantBackorderSettings } from "../types"

/** "2027-01-15" (or a full ISO date-time) → that day at midnight UTC; null when it doesn't parse. */
export function parseShipsOn(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim())
  if (!match) {
    return null
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  // refuses 2027-02-30 and the like, which Date would roll over
  return date.toISOString().slice(0, 10) === `${match[1]}-${match[2]}-${match[3]}` ? date : null
}

/** Before today (UTC): a ships_on of today is still allowed. */
export function isPastDate(date: Date | null): boolean {
  if (!date) {
    return false
  }
  const today = new Date()
  return date.getTime() < Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())
}

/** A stored date as JSON carries it: "2027-01-15". */
export const formatShipsOn = (date: Date | string | null | undefined): DateString | null =>
  date ? new Date(date).toISOString().slice(0, 10) : null

/** 404 unless the variant exists and belongs to the product (the admin route's path). */
export async function ensureVariantOfProduct(container: MedusaContainer, productId: string, variantId: string): Promise<void> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: ["id", "product_id"],
    filters: { id: variantId },
  })
  if (!data[0] || (data[0] as { product_id: string | null }).product_id !== productId) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Variant ${variantId} of product ${productId} was not found`)
  }
}

/** The admin's view of a variant's rules, with what is outstanding now. */
export async function retrieveVariantBackorderSettings(
  container: MedusaContainer,
  productId: string,
  variantId: string
): Promise<VariantBackorderSettings> {
  await ensureVariantOfProduct(container, productId, variantId)
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [rule, outstanding] = await Promise.all([
    backorderModule.retrieveVariantRule(variantId),
    backorderModule.sumOutstandingUnits([variantId]),
  ])
  return { ...ruleView(rule), outstanding: outstanding.get(variantId)?.all ?? 0 }
}

export const ruleView = (rule: VariantBackorderRule): Omit<VariantBackorderSettings, "outstanding"> => ({
  variant_id: rule.variant_id,
  limit: rule.limit,
  ships_on: formatShipsOn(rule.ships_on),
  message: rule.message,
})
