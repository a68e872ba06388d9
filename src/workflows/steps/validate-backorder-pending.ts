import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { statusesBefore, type BackorderStatus, type BackorderTransition } from "../../modules/backorder/service"

export type PendingBackorder = {
  id: string
  cart_id: string
  draft_order_id: string
  source_order_id: string | null
}

export type BackorderAction = "charge" | "cancel" | "customer_cancel"

/** The transition that starts an action: the claim that says it is under way. */
export const CLAIM_OF: Record<BackorderAction, BackorderTransition> = {
  charge: "claim_charge",
  cancel: "claim_cancel",
  customer_cancel: "claim_customer_cancel",
}

const STATUS_PHRASE: Partial<Record<BackorderStatus, string>> = {
  charging: "being charged",
  canceling: "being canceled",
  awaiting_payment: "awaiting payment",
  payment_failed: "awaiting payment after its card was refused",
}

/** The 409 for an action on a back order that is not pending (any more). */
export function notPendingError(backorderId: string, status: BackorderStatus, action: BackorderAction) {
  if (action === "customer_cancel") {
    return new MedusaError(
      MedusaError.Types.CONFLICT,
      `Back order ${backorderId} is ${STATUS_PHRASE[status] ?? status}; it can only be canceled while it waits for stock.`
    )
  }
  return new MedusaError(
    MedusaError.Types.CONFLICT,
    `Back order ${backorderId} is ${STATUS_PHRASE[status] ?? status}; only a pending or ready back order can be ${
      action === "charge" ? "charged, or one whose card was refused" : "canceled, or one awaiting payment"
    }.`
  )
}

/** Same shape for every step that hands a back order on to the charge. */
export function toPendingBackorder(backorder: {
  id: string
  cart_id: string
  draft_order_id: string
  source_order_id?: string | null
}): PendingBackorder {
  return {
    id: backorder.id,
    cart_id: backorder.cart_id,
    draft_order_id: backorder.draft_order_id,
    source_order_id: backorder.source_order_id ?? null,
  }
}

/**
 * Reads a back order and refuses anything but a pending one (read-only: the charge preview).
 * Charge and cancel claim it instead (`claimBackorderStep`).
 */
export const validateBackorderPendingStep = createStep(
  "validate-backorder-pending",
  async ({ backorder_id, action }: { backorder_id: string; action: BackorderAction }, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const [backorder] = await backorderModule.listBackorders({ id: backorder_id }, { take: 1 })
    if (!backorder) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Back order with id: ${backorder_id} was not found`)
    }
    if (!statusesBefore(CLAIM_OF[action]).includes(backorder.status)) {
      throw notPendingError(backorder_id, backorder.status as BackorderStatus, action)
    }
    return new StepResponse(toPendingBackorder(backorder))
  }
)
