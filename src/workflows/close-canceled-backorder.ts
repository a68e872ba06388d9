import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { statusesBefore } from "../modules/backorder/service"
import { BACKORDER_CANCELED_EVENT } from "./cancel-backorder"
import { findBackorderOfOrderStep } from "./steps/find-backorder-of-order"
import { transitionBackorderStatusStep } from "./steps/transition-backorder-status"

/**
 * A back order's draft, or the order it became, was canceled outside the plugin (Medusa's order
 * screen for an order awaiting its payment link; code canceling a draft directly):
 * `close_canceled_order` (a conditional update, so a repeated event closes it once) and
 * `backorder.canceled`. The plugin's own cancel has closed its back order already.
 * Output: the closed back order's id, or null.
 */
export const closeCanceledBackorderWorkflow = createWorkflow(
  "close-canceled-backorder",
  (input: { order_id: string }) => {
    const backorder = findBackorderOfOrderStep({
      order_id: input.order_id,
      statuses: statusesBefore("close_canceled_order"),
    })
    const moved = when("backorder-still-open", { backorder }, ({ backorder }) => !!backorder).then(() =>
      transitionBackorderStatusStep(
        transform({ backorder }, ({ backorder }) => ({
          id: backorder!.id,
          transition: "close_canceled_order" as const,
          from: backorder!.status,
        }))
      )
    )
    const closed = when("announce-closed-backorder", { moved }, ({ moved }) => !!moved).then(() => {
      emitEventStep({
        eventName: BACKORDER_CANCELED_EVENT,
        data: transform({ backorder }, ({ backorder }) => ({
          id: backorder!.id,
          order_id: backorder!.draft_order_id,
          canceled_by: "order" as const,
        })),
      })
      return transform({ backorder }, ({ backorder }) => backorder!.id)
    })
    return new WorkflowResponse(transform({ closed }, ({ closed }) => closed ?? null))
  }
)
