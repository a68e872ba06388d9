import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import type { UpdateVariantBackorderSettingsBody } from "../types"
import { formatShipsOn, parseShipsOn } from "../utils/variant-backorder-rules"
import { refreshBackorderShippingStep } from "./steps/refresh-backorder-shipping"
import { writeVariantBackorderRuleStep } from "./steps/write-variant-backorder-rule"

/** A variant's ship date moved: one event per outstanding back order holding it (its notice). */
export const BACKORDER_SHIPS_ON_CHANGED_EVENT = "backorder.ships_on_changed"

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
 * When the date moves to another day, each of those back orders emits
 * `backorder.ships_on_changed` { id, variant_id, ships_on } (its customer's notice).
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
    const refreshed = when("refresh-backorder-shipping-on-change", { input }, ({ input }) =>
      input.update.ships_on !== undefined || input.update.message !== undefined
    ).then(() =>
      refreshBackorderShippingStep(
        transform({ rule }, ({ rule }) => ({
          variant_id: rule.variant_id,
          ships_on: formatShipsOn(rule.ships_on),
          message: rule.message,
        }))
      )
    )
    const moved = transform({ rule, refreshed }, ({ rule, refreshed }) =>
      rule.ships_on_moved
        ? (refreshed?.backorder_ids ?? []).map((id) => ({ id, variant_id: rule.variant_id, ships_on: formatShipsOn(rule.ships_on) }))
        : []
    )
    when("announce-ships-on-moved", { moved }, ({ moved }) => moved.length > 0).then(() => {
      emitEventStep({ eventName: BACKORDER_SHIPS_ON_CHANGED_EVENT, data: moved })
    })
    const output = transform({ rule }, ({ rule }) => {
      const { ships_on_moved: _moved, ...saved } = rule
      return saved
    })
    return new WorkflowResponse(output)
  }
)
