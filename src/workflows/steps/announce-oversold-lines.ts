import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { announceOversoldLines } from "../../utils/backorder-oversold"

/** Ties the cart's oversold lines to its order and notifies the admin once; runs after the payment. */
export const announceOversoldLinesStep = createStep(
  "announce-oversold-lines",
  async (input: { cart_id: string; order_id: string }, { container }) =>
    new StepResponse({ oversold_lines: await announceOversoldLines(container, input) })
)
