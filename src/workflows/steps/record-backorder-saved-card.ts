import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { findSavedCardOfCart } from "../../utils/backorder-saved-card"

/**
 * Records on a just-placed back order the card its checkout kept (provider, account holder,
 * method), so an admin can charge it later off-session. Nothing kept (a guest, a provider that
 * keeps no cards): nothing recorded, the back order is charged by a link or a recorded payment.
 * Compensation clears the record.
 */
export const recordBackorderSavedCardStep = createStep(
  "record-backorder-saved-card",
  async ({ backorder_id, cart_id }: { backorder_id: string; cart_id: string }, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const backorder = await backorderModule.retrieveBackorder(backorder_id)
    const card = await findSavedCardOfCart(container, { cart_id, customer_id: backorder.customer_id ?? null })
    if (!card) {
      return new StepResponse(null, null)
    }
    await backorderModule.updateBackorders({ id: backorder_id, ...card })
    return new StepResponse(card, backorder_id)
  },
  async (backorderId, { container }) => {
    if (!backorderId) return
    await container
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .updateBackorders({ id: backorderId, payment_provider_id: null, account_holder_id: null, payment_method_id: null })
  }
)
