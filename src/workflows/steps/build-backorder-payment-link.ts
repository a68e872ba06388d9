import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"

/**
 * The link in the form Medusa's dashboard copies for an order's payment collection
 * (`<storefront>/payment-collection/<id>?order_id=<id>`), so a storefront that serves
 * Medusa's payment links serves this one too.
 */
export const buildBackorderPaymentLinkStep = createStep(
  "build-backorder-payment-link",
  async ({ payment_collection_id, order_id }: { payment_collection_id: string; order_id: string }, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const link = `${backorderModule.getStorefrontUrl()}/payment-collection/${encodeURIComponent(
      payment_collection_id
    )}?order_id=${encodeURIComponent(order_id)}`
    return new StepResponse(link)
  }
)
