import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import type { BackorderStockChange } from "../../types"

/**
 * Records the in-stock lines a paid cart holds beyond what is available (the re-check's
 * shortfalls), before Medusa's completion places them: a rollback of the completion removes them.
 */
export const recordOversoldLinesStep = createStep(
  "record-oversold-lines",
  async (input: { cart_id: string; lines: BackorderStockChange[] }, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const created = await backorderModule.createOversoldLines(
      input.lines.map((line) => ({
        cart_id: input.cart_id,
        line_item_id: line.line_item_id,
        variant_id: line.variant_id,
        ordered_quantity: line.requested,
        oversold_quantity: line.requested - Math.max(0, line.available),
      }))
    )
    return new StepResponse(created, created.map((line) => line.id))
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    await container.resolve<BackorderModuleService>(BACKORDER_MODULE).deleteOversoldLines(ids)
  }
)
