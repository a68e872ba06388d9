import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { BACKORDER_CHARGED_EVENT } from "./charge-backorder"
import { findBackorderAwaitingPaymentStep } from "./steps/find-backorder-awaiting-payment"
import { updateBackorderStatusStep } from "./steps/update-backorder-status"

/**
 * A payment was captured: if it paid the payment link of a back order awaiting payment,
 * that back order is charged. Payments of anything else are ignored.
 * Output: the charged back order's id, or null.
 */
export const settleBackorderPaymentWorkflow = createWorkflow(
  "settle-backorder-payment",
  (input: { payment_id: string }) => {
    const backorder = findBackorderAwaitingPaymentStep(input)

    const charged = when("backorder-awaiting-this-payment", { backorder }, ({ backorder }) => !!backorder).then(
      () => {
        const statusUpdate = transform({ backorder }, ({ backorder }) => ({
          id: backorder!.id,
          status: "charged" as const,
          charged_at: new Date(),
        }))
        updateBackorderStatusStep(statusUpdate)
        emitEventStep({
          eventName: BACKORDER_CHARGED_EVENT,
          data: transform({ backorder }, ({ backorder }) => ({
            id: backorder!.id,
            order_id: backorder!.draft_order_id,
          })),
        })
        return transform({ backorder }, ({ backorder }) => backorder!.id)
      }
    )
    return new WorkflowResponse(transform({ charged }, ({ charged }) => charged ?? null))
  }
)
