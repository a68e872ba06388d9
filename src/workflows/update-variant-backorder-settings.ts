import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { UpdateVariantBackorderSettingsBody } from "../types"
import { parseShipsOn } from "../utils/variant-backorder-rules"
import { writeVariantBackorderRuleStep } from "./steps/write-variant-backorder-rule"

export type UpdateVariantBackorderSettingsInput = {
  product_id: string
  variant_id: string
  /** Validated: only the fields given change; null clears one. */
  update: UpdateVariantBackorderSettingsBody
}

/**
 * Sets a variant's limit, ships-on date and message. Lowering a limit below what is outstanding
 * cancels nothing: it only stops new back orders.
 */
export const updateVariantBackorderSettingsWorkflow = createWorkflow(
  "update-variant-backorder-settings",
  (input: UpdateVariantBackorderSettingsInput) => {
    const write = transform({ input }, ({ input }) => ({
      product_id: input.product_id,
      variant_id: input.variant_id,
      update: {
        ...(input.update.limit !== undefined && { limit: input.update.limit }),
        ...(input.update.ships_on !== undefined && {
          ships_on: input.update.ships_on === null ? null : parseShipsOn(input.update.ships_on),
        }),
        ...(input.update.message !== undefined && { message: input.update.message }),
      },
    }))
    const rule = writeVariantBackorderRuleStep(write)
    return new WorkflowResponse(rule)
  }
)
