import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { BackorderStockChange } from "../../types"
import { recordOversoldLines, removeOversoldLines } from "../../utils/backorder-oversold"

/**
 * Records the in-stock lines a paid cart holds beyond what is available (the re-check's
 * shortfalls), before Medusa's completion places them: a rollback of the completion removes them.
 */
export const recordOversoldLinesStep = createStep(
  "record-oversold-lines",
  async (input: { cart_id: string; lines: BackorderStockChange[] }, { container }) => {
    const ids = await recordOversoldLines(container, input.cart_id, input.lines)
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    await removeOversoldLines(container, ids)
  }
)
