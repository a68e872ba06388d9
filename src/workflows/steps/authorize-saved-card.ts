import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { savedCardRefusalReason } from "../../utils/backorder-saved-card"

export type SavedCardAuthorization =
  /** The bank authorised it: the payment to capture. */
  | { outcome: "authorized"; payment_id: string; reason: null }
  /** The bank answers later (the provider's webhook settles it). */
  | { outcome: "pending"; payment_id: null; reason: null }
  /** The bank refused (declined, 3-D Secure asked for, expired card): why, as the provider says. */
  | { outcome: "refused"; payment_id: null; reason: string }

/**
 * Authorises the back order's own payment session off-session, with the attempt's idempotency
 * key. A refusal is an answer, not an error: the charge goes on to `payment_failed` and a link.
 * A failure of the gateway itself (it throws) fails the run, which gives the claim back.
 * Compensation cancels an authorised payment, before anything was captured.
 */
export const authorizeSavedCardStep = createStep(
  "authorize-saved-card",
  async ({ payment_session_id, idempotency_key }: { payment_session_id: string; idempotency_key: string }, { container }) => {
    const paymentModule = container.resolve(Modules.PAYMENT)
    try {
      const payment = await paymentModule.authorizePaymentSession(payment_session_id, { idempotency_key })
      if (!payment) {
        return new StepResponse<SavedCardAuthorization, string | null>({ outcome: "pending", payment_id: null, reason: null }, null)
      }
      return new StepResponse<SavedCardAuthorization, string | null>(
        { outcome: "authorized", payment_id: payment.id, reason: null },
        payment.id
      )
    } catch (error) {
      // the payment module answers a refusal with NOT_ALLOWED, after storing the session's
      // status and the provider's data (why it was refused)
      if (!MedusaError.isMedusaError(error) || (error as MedusaError).type !== MedusaError.Types.NOT_ALLOWED) {
        throw error
      }
      const session = await paymentModule.retrievePaymentSession(payment_session_id, { select: ["id", "status", "data"] })
      if (session.status !== "error" && session.status !== "requires_more") {
        throw error
      }
      return new StepResponse<SavedCardAuthorization, string | null>(
        { outcome: "refused", payment_id: null, reason: savedCardRefusalReason(session.status, session.data) },
        null
      )
    }
  },
  async (paymentId, { container }) => {
    if (!paymentId) return
    await container.resolve(Modules.PAYMENT).cancelPayment(paymentId)
  }
)
