import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import type { BackorderStatus } from "../../utils/backorder-view"

export type UpdateBackorderStatusInput = {
  id: string
  status: BackorderStatus
  payment_collection_id?: string | null
  payment_link?: string | null
  charged_at?: Date | null
  canceled_at?: Date | null
}

export const updateBackorderStatusStep = createStep(
  "update-backorder-status",
  async (input: UpdateBackorderStatusInput, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const before = await backorderModule.retrieveBackorder(input.id)
    // Compensation restores only the fields this step wrote: rollback is not strictly
    // reverse-ordered, so a whole snapshot could overwrite another step's undo.
    const previous: UpdateBackorderStatusInput = {
      id: input.id,
      status: before.status,
      ...(input.payment_collection_id !== undefined && { payment_collection_id: before.payment_collection_id ?? null }),
      ...(input.payment_link !== undefined && { payment_link: before.payment_link ?? null }),
      ...(input.charged_at !== undefined && { charged_at: before.charged_at ?? null }),
      ...(input.canceled_at !== undefined && { canceled_at: before.canceled_at ?? null }),
    }
    const updated = await backorderModule.updateBackorders(input)
    return new StepResponse(updated, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    await backorderModule.updateBackorders(previous)
  }
)
