import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ensureLinkPayable } from "./find-backorder-link-payment"

/**
 * Reads again, between the authorisation and the capture, that the link can still be paid: an
 * admin's cancel claims the back order in the database (`awaiting_payment → canceling`) and then
 * has Medusa cancel the order's uncaptured payments, so either the cancel's claim comes first and
 * this refuses (the authorisation is then canceled by its compensation), or the authorisation
 * comes first and the cancel sees the payment and cancels or refunds it. Writes nothing.
 */
export const ensureBackorderLinkPayableStep = createStep(
  "ensure-backorder-link-payable",
  async (input: { payment_collection_id: string }, { container }) => {
    const backorder = await ensureLinkPayable(container, input)
    return new StepResponse({ backorder_id: backorder.id })
  }
)
