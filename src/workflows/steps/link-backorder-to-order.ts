import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"

/** Links the pending back order to the order placed for the available items of its cart. */
export const linkBackorderToOrderStep = createStep(
  "link-backorder-to-order",
  async (input: { backorder_id: string; order_id: string }, { container }) => {
    const link = container.resolve(ContainerRegistrationKeys.LINK)
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const definition = {
      [BACKORDER_MODULE]: { backorder_id: input.backorder_id },
      [Modules.ORDER]: { order_id: input.order_id },
    }
    await link.create(definition)
    await backorderModule.updateBackorders({ id: input.backorder_id, source_order_id: input.order_id })
    return new StepResponse(input, input)
  },
  async (input, { container }) => {
    if (!input) {
      return
    }
    const link = container.resolve(ContainerRegistrationKeys.LINK)
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    await link.dismiss({
      [BACKORDER_MODULE]: { backorder_id: input.backorder_id },
      [Modules.ORDER]: { order_id: input.order_id },
    })
    await backorderModule.updateBackorders({ id: input.backorder_id, source_order_id: null })
  }
)
