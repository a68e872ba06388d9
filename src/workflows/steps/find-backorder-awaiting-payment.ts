import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { statusesBefore, type BackorderStatus } from "../../modules/backorder/service"

export type BackorderAwaitingPayment = {
  id: string
  draft_order_id: string
  /** Its order is still the draft (a link keeps it one until paid): the settlement converts it. */
  is_draft: boolean
  /** `awaiting_payment`, or `payment_failed` when the link went out after a refused saved card. */
  status: BackorderStatus
}

/** The back order awaiting payment whose payment collection the given payment paid in full, or null. */
export const findBackorderAwaitingPaymentStep = createStep(
  "find-backorder-awaiting-payment",
  async ({ payment_id }: { payment_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [payment],
    } = await query.graph({
      entity: "payment",
      fields: ["id", "payment_collection_id", "payment_collection.status"],
      filters: { id: payment_id },
    })
    if (!payment?.payment_collection_id) {
      return new StepResponse<BackorderAwaitingPayment | null>(null)
    }
    // a partial capture leaves the collection open; the back order is charged once it is paid
    if (payment.payment_collection?.status !== "completed") {
      return new StepResponse<BackorderAwaitingPayment | null>(null)
    }
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const [backorder] = await backorderModule.listBackorders(
      { payment_collection_id: payment.payment_collection_id, status: statusesBefore("settle_payment_link") },
      { take: 1 }
    )
    if (!backorder) {
      return new StepResponse<BackorderAwaitingPayment | null>(null)
    }
    const {
      data: [order],
    } = await query.graph({
      entity: "order",
      fields: ["id", "status", "is_draft_order"],
      filters: { id: backorder.draft_order_id },
    })
    return new StepResponse<BackorderAwaitingPayment | null>({
      id: backorder.id,
      draft_order_id: backorder.draft_order_id,
      is_draft: !!order?.is_draft_order && order.status === "draft",
      status: backorder.status as BackorderStatus,
    })
  }
)
