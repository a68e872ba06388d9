import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"

export type BackorderSavedCardCharge = {
  provider_id: string
  payment_method_id: string
  /** The back order's own session's data: the provider's off-session data and the method. */
  data: Record<string, unknown>
}

/**
 * The card a back order's checkout kept, with the session data that charges it off-session
 * (`saved_card_providers`); a 400 when there is none (a guest, a provider that keeps no cards,
 * or one no longer configured), before the charge claims anything. Read-only.
 */
export const findBackorderSavedCardStep = createStep(
  "find-backorder-saved-card",
  async ({ backorder_id }: { backorder_id: string }, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const [backorder] = await backorderModule.listBackorders({ id: backorder_id }, { take: 1 })
    if (!backorder) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Back order with id: ${backorder_id} was not found`)
    }
    const provider = backorderModule.getSavedCardProvider(backorder.payment_provider_id)
    if (!backorder.payment_method_id || !backorder.payment_provider_id || !provider) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Back order ${backorder_id} has no saved card: charge it by payment link or record a payment.`
      )
    }
    return new StepResponse<BackorderSavedCardCharge>({
      provider_id: backorder.payment_provider_id,
      payment_method_id: backorder.payment_method_id,
      data: { ...provider.charge_data, payment_method: backorder.payment_method_id },
    })
  }
)
