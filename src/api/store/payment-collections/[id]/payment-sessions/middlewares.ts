import type { AuthenticatedMedusaRequest, MedusaNextFunction, MedusaResponse, MiddlewareRoute } from "@medusajs/framework/http"
import { savedCardCheckoutData } from "../../../../../utils/backorder-saved-card"

type SessionBody = { provider_id?: string; data?: Record<string, unknown> }

/**
 * A logged-in customer's payment session for a cart with back-order lines asks the provider to
 * keep the card (the `saved_card_providers` option's `checkout_data`), so the back order can be
 * charged off-session later. A middleware on Medusa's own route, after its body validation, so a
 * storefront's `sdk.store.payment.initiatePaymentSession()` works unchanged; the storefront's own
 * data wins where the keys meet.
 */
async function keepCardForBackorders(req: AuthenticatedMedusaRequest<SessionBody>, _res: MedusaResponse, next: MedusaNextFunction) {
  const body = (req.body ?? {}) as SessionBody
  const data = await savedCardCheckoutData(req.scope, {
    payment_collection_id: req.params.id,
    provider_id: body.provider_id,
    customer_id: req.auth_context?.actor_id,
  })
  if (data) {
    // Medusa's handler reads req.body; validatedBody is the same request's validated copy
    req.body = { ...body, data: { ...data, ...(body.data ?? {}) } }
    if (req.validatedBody) {
      req.validatedBody = { ...req.validatedBody, data: { ...data, ...(req.validatedBody.data ?? {}) } }
    }
  }
  next()
}

export const storePaymentSessionBackorderMiddlewares: MiddlewareRoute[] = [
  { method: ["POST"], matcher: "/store/payment-collections/:id/payment-sessions", middlewares: [keepCardForBackorders] },
]
