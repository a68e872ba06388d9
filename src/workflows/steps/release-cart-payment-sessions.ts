import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/**
 * A cart of only back-ordered items is completed without a payment: a session the storefront
 * opened on it anyway (shipping makes its total > 0) would stay pending, and with a gateway that
 * confirms at the payment step (Stripe) it is a hold on the card that is never released. This
 * deletes the cart's sessions as Medusa does when a cart's total changes
 * (`deletePaymentSession`: the provider's `deletePayment` cancels it at the gateway).
 *
 * No compensation: a released hold can't be taken again, and nothing needs it (a cart put back
 * by a rollback gets a new session from the storefront, as after any change of its total). A
 * provider that fails to release is logged, not fatal: the back order is placed either way.
 */
export const releaseCartPaymentSessionsStep = createStep(
  "release-cart-payment-sessions",
  async (input: { cart_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [cart],
    } = await query.graph({
      entity: "cart",
      fields: ["id", "payment_collection.payment_sessions.id", "payment_collection.payment_sessions.status"],
      filters: { id: input.cart_id },
    })
    const sessions: { id: string; status: string }[] = cart?.payment_collection?.payment_sessions ?? []
    const paymentModule = container.resolve(Modules.PAYMENT)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const released: string[] = []
    for (const session of sessions) {
      try {
        await paymentModule.deletePaymentSession(session.id)
        released.push(session.id)
      } catch (error) {
        logger.warn(
          `Back-order-only cart ${input.cart_id}: payment session ${session.id} could not be released: ${(error as Error).message}`
        )
      }
    }
    return new StepResponse(released)
  }
)
