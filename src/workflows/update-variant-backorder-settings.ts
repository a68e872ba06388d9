import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { UpdateVariantBackorderSettingsBody } from "../types"
import { formatShipsOn, parseShipsOn } from "../utils/variant-backorder-rules"
import { refreshBackorderShippingStep } from "./steps/refresh-backorder-shipping"
import { writeVariantBackorderRuleStep } from "./steps/write-variant-backorder-rule"

export type UpdateVariantBackorderSettingsInput = {
  product_id: string
  variant_id: string
  /** Validated: only the fields given change; null clears one. */
  update: UpdateVariantBackorderSettingsBody
}

/**
 * Sets a variant's limit, ships-on date and message. Lowering a limit below what is outstanding
 * cancels nothing: it only stops new back orders. A new date or message is written on the
 * back-order lines of open carts and the draft lines of outstanding back orders, so both show it.
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
    when("refresh-backorder-shipping-on-change", { input }, ({ input }) =>
      input.update.ships_on !== undefined || input.update.message !== undefined
    ).then(() => {
      refreshBackorderShippingStep(
        transform({ rule }, ({ rule }) => ({
          variant_id: rule.variant_id,
          ships_on: formatShipsOn(rule.ships_on),
          message: rule.message,
        }))
      )
    })
    return new WorkflowResponse(rule)
  }
)
