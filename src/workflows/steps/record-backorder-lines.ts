import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"

export type RecordBackorderLinesInput = {
  cart_id: string
  variant_id: string
  /** The cart's line ids before core added the back-order part. */
  line_ids_before: string[]
  /** Whether core was asked for a new back-order line (else it added to the existing one). */
  creates_backorder_line: boolean
}

/**
 * Records the back-order line core just created, so checkout and the line-item routes
 * know it by the plugin's own record rather than by metadata a shopper can write.
 * Fails closed: when a new line was asked for and exactly one can't be told apart, the run
 * fails and rolls back, so an unrecorded zero-priced line never stays in the cart.
 */
export const recordBackorderLinesStep = createStep(
  "record-backorder-lines",
  async (input: RecordBackorderLinesInput, { container }) => {
    const cartModule = container.resolve(Modules.CART)
    const lines = await cartModule.listLineItems(
      { cart_id: input.cart_id, variant_id: input.variant_id },
      { select: ["id", "variant_id", "is_custom_price", "unit_price", "metadata"] }
    )
    if (!input.creates_backorder_line) {
      return new StepResponse([] as string[], [] as string[])
    }
    const before = new Set(input.line_ids_before)
    // A shopper can't set a custom price through the store API, so a new custom-priced line
    // of this variant (under the cart lock) can only be the one this workflow asked core for.
    const created = lines.filter(
      (line) => !before.has(line.id) && line.is_custom_price && Number(line.unit_price) === 0
    )
    if (created.length !== 1) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `Expected one new back-order line of variant ${input.variant_id} in cart ${input.cart_id}, found ${created.length}`
      )
    }
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const records = await backorderModule.createBackorderLines(
      created.map((line) => ({
        cart_id: input.cart_id,
        line_item_id: line.id,
        variant_id: input.variant_id,
      }))
    )
    return new StepResponse(
      records.map((record) => record.line_item_id),
      records.map((record) => record.id)
    )
  },
  async (recordIds, { container }) => {
    if (!recordIds?.length) {
      return
    }
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    await backorderModule.deleteBackorderLines(recordIds)
  }
)
