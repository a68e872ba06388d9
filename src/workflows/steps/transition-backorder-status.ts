import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import {
  statusesBefore,
  type BackorderStatus,
  type BackorderTransition,
  type BackorderTransitionData,
} from "../../modules/backorder/service"

export type TransitionBackorderStatusInput = {
  id: string
  transition: BackorderTransition
  /** The status the back order was read in, for a transition that starts from several. */
  from?: BackorderStatus
  data?: BackorderTransitionData
  /** Fail the run when the back order is not in the transition's start (instead of answering false). */
  required?: boolean
}

/**
 * Makes one of the back order's transitions (the module service's status machine) and answers
 * whether it moved, so of two concurrent runs only one acts on it. Compensation undoes it.
 */
export const transitionBackorderStatusStep = createStep(
  "transition-backorder-status",
  async (input: TransitionBackorderStatusInput, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const made = await backorderModule.transitionBackorder(input.id, input.transition, {
      from: input.from,
      data: input.data,
    })
    if (!made && input.required) {
      const from = input.from ?? statusesBefore(input.transition).join(" or ")
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Back order ${input.id} is no longer ${from.replace("_", " ")}; nothing was changed.`
      )
    }
    return new StepResponse(!!made, made)
  },
  async (made, { container }) => {
    if (!made) {
      return
    }
    await container.resolve<BackorderModuleService>(BACKORDER_MODULE).undoBackorderTransition(made)
  }
)
