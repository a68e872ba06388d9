import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type { BackorderStatus } from "../../modules/backorder/models/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import type { BackorderTransitionData } from "../../modules/backorder/service"

export type TransitionBackorderStatusInput = {
  id: string
  from: BackorderStatus
  to: BackorderStatus
  data?: BackorderTransitionData
  /** Fail the run when the back order is not in `from` (instead of answering false). */
  required?: boolean
}

/**
 * Moves a back order `from → to` with a conditional update and answers whether it moved, so
 * of two concurrent runs only one acts on the transition. Compensation moves it back and
 * clears the fields it wrote (each is written once in a back order's life, empty before).
 */
export const transitionBackorderStatusStep = createStep(
  "transition-backorder-status",
  async (input: TransitionBackorderStatusInput, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const moved = await backorderModule.transitionBackorderStatus(input.id, input.from, input.to, input.data ?? {})
    if (!moved && input.required) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Back order ${input.id} is no longer ${input.from.replace("_", " ")}; nothing was changed.`
      )
    }
    return new StepResponse(moved, moved ? input : null)
  },
  async (done, { container }) => {
    if (!done) {
      return
    }
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const cleared = Object.fromEntries(Object.keys(done.data ?? {}).map((field) => [field, null]))
    await backorderModule.transitionBackorderStatus(done.id, done.to, done.from, cleared, { undo: true })
  }
)
