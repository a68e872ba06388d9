import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { PLACED_BACKORDER_STATUS } from "../../modules/backorder/service"

export type CreateBackorderStepInput = {
  cart_id: string
  draft_order_id: string
  email?: string | null
  customer_id?: string | null
  /** The back-ordered units per variant: what the limits count while the back order is outstanding. */
  items: { variant_id: string; quantity: number }[]
}

/** Records the pending back order, and its units per variant, so it can be listed, counted and charged later. */
export const createBackorderStep = createStep(
  "create-backorder",
  async (input: CreateBackorderStepInput, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const backorder = await backorderModule.createBackorders({
      cart_id: input.cart_id,
      draft_order_id: input.draft_order_id,
      email: input.email ?? null,
      customer_id: input.customer_id ?? null,
      status: PLACED_BACKORDER_STATUS,
    })
    await backorderModule.createBackorderItems(
      input.items.map((item) => ({ backorder_id: backorder.id, variant_id: item.variant_id, quantity: item.quantity }))
    )
    return new StepResponse(backorder, backorder.id)
  },
  async (backorderId, { container }) => {
    if (!backorderId) {
      return
    }
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    // hard delete: a rolled-back completion leaves no trace of its back order
    const items = await backorderModule.listBackorderItems({ backorder_id: backorderId }, { select: ["id"] })
    await backorderModule.deleteBackorderItems(items.map((item) => item.id))
    await backorderModule.deleteBackorders(backorderId)
  }
)
