import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { getDefaultShippingOptionIds } from "../../utils/backorder-shipping-option"
import type { PendingBackorder } from "./validate-backorder-pending"

/**
 * Picks the shipping option of a charge: the one given, else the one the source order
 * shipped with. Medusa's draft-order shipping workflow accepts any option id, so the
 * plugin itself refuses options that do not ship to the order's region (or are returns).
 */
export const resolveBackorderShippingOptionStep = createStep(
  "resolve-backorder-shipping-option",
  async (
    { backorder, shipping_option_id }: { backorder: PendingBackorder; shipping_option_id?: string },
    { container }
  ) => {
    const optionId =
      shipping_option_id ?? (await getDefaultShippingOptionIds(container, [backorder])).get(backorder.id) ?? null
    if (!optionId) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Back order ${backorder.id} has no shipping option to default to; send shipping_option_id.`
      )
    }

    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [order],
    } = await query.graph({
      entity: "order",
      fields: ["id", "region_id"],
      filters: { id: backorder.draft_order_id },
    })
    // without a region the lookup below would filter regions on `id: undefined`, which does
    // not reliably narrow anything: refuse clearly instead of checking against a wrong region
    if (!order?.region_id) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `The order of back order ${backorder.id} has no region, so no shipping option can be checked against it.`
      )
    }
    const {
      data: [region],
    } = await query.graph({
      entity: "region",
      fields: ["id", "countries.iso_2"],
      filters: { id: order.region_id },
    })
    const {
      data: [option],
    } = await query.graph({
      entity: "shipping_option",
      fields: ["id", "name", "service_zone.geo_zones.country_code", "rules.attribute", "rules.value"],
      filters: { id: optionId },
    })
    if (!option) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Shipping option ${optionId} was not found.`)
    }

    const regionCountries = new Set<string>(
      (region?.countries ?? []).map((country: { iso_2: string }) => country.iso_2.toLowerCase())
    )
    const shipsToRegion = (option.service_zone?.geo_zones ?? []).some(
      (zone: { country_code: string }) => regionCountries.has(zone.country_code.toLowerCase())
    )
    const isReturn = (option.rules ?? []).some(
      (rule: { attribute: string; value: string }) => rule.attribute === "is_return" && rule.value === "true"
    )
    if (!shipsToRegion || isReturn) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Shipping option ${optionId} does not ship to the region of back order ${backorder.id}.`
      )
    }
    return new StepResponse(option.id as string)
  }
)
