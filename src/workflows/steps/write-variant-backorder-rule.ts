import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import type { VariantBackorderRule } from "../../modules/backorder/service"
import { ensureVariantOfProduct, formatShipsOn } from "../../utils/variant-backorder-rules"

export type WriteVariantBackorderRuleInput = {
  product_id: string
  variant_id: string
  update: Partial<Omit<VariantBackorderRule, "variant_id">>
}

/**
 * Writes a variant's back-order rules (404 for a variant not of that product); the undo puts back
 * what was there. `ships_on_moved`: the date is another day than before (the customers are told).
 */
export const writeVariantBackorderRuleStep = createStep(
  "write-variant-backorder-rule",
  async (input: WriteVariantBackorderRuleInput, { container }) => {
    await ensureVariantOfProduct(container, input.product_id, input.variant_id)
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const { rule, previous, created } = await backorderModule.writeVariantRule(input.variant_id, input.update)
    const ships_on_moved = formatShipsOn(rule.ships_on) !== formatShipsOn(previous.ships_on)
    return new StepResponse({ ...rule, ships_on_moved }, { previous, created })
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    if (undo.created) {
      await backorderModule.deleteVariantRule(undo.previous.variant_id)
      return
    }
    const { variant_id, ...previous } = undo.previous
    await backorderModule.writeVariantRule(variant_id, previous)
  }
)
