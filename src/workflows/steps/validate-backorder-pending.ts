import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"

export type PendingBackorder = {
  id: string
  cart_id: string
  draft_order_id: string
  source_order_id: string | null
}

/**
 * Reads the back order under the caller's lock and refuses anything but a pending one:
 * this is what makes a second or concurrent charge (or cancel) a 409 instead of a second
 * shipping method or payment.
 */
export const validateBackorderPendingStep = createStep(
  "validate-backorder-pending",
  async ({ backorder_id, action }: { backorder_id: string; action: "charge" | "cancel" }, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const [backorder] = await backorderModule.listBackorders({ id: backorder_id }, { take: 1 })
    if (!backorder) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Back order with id: ${backorder_id} was not found`)
    }
    if (backorder.status !== "pending") {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Back order ${backorder_id} is ${backorder.status.replace("_", " ")}; only a pending back order can be ${
          action === "charge" ? "charged" : "canceled"
        }.`
      )
    }
    const pending: PendingBackorder = {
      id: backorder.id,
      cart_id: backorder.cart_id,
      draft_order_id: backorder.draft_order_id,
      source_order_id: backorder.source_order_id ?? null,
    }
    return new StepResponse(pending)
  }
)
