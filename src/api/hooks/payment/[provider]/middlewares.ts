import type { MedusaNextFunction, MedusaRequest, MedusaResponse, MiddlewareRoute } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { completeBackorderCartOfConfirmedPayment } from "../../../../utils/backorder-payment-webhook"

/**
 * Before Medusa's own webhook route queues the event, a cart with back-order lines whose
 * payment the provider confirms is completed by the plugin's checkout. The webhook is then
 * answered by Medusa's route as always; a failure here never fails the webhook.
 */
async function completeBackorderCartOnPaymentWebhook(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    await completeBackorderCartOfConfirmedPayment(req.scope, {
      provider: req.params.provider,
      payload: { data: req.body as Record<string, unknown>, rawData: req.rawBody, headers: req.headers },
    })
  } catch (error) {
    req.scope
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`Back-order checkout on the ${req.params.provider} payment webhook failed: ${(error as Error)?.message}`)
  }
  next()
}

export const paymentWebhookBackorderMiddlewares: MiddlewareRoute[] = [
  { method: ["POST"], matcher: "/hooks/payment/:provider", middlewares: [completeBackorderCartOnPaymentWebhook] },
]
