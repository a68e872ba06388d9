/**
 * The card saved at checkout, to charge a back order off-session later. Which providers keep
 * cards, and the session data that does it, are the `saved_card_providers` option
 * (src/modules/backorder/service.ts); Medusa's account holders and `listPaymentMethods` hold the
 * cards themselves.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"

/** The back order's record of its saved card. */
export type BackorderSavedCard = {
  payment_provider_id: string
  account_holder_id: string
  payment_method_id: string
}

/**
 * The data a checkout's payment session gets so the provider keeps the card: only for a
 * logged-in customer (a guest has no account holder to keep it for), a provider that keeps
 * cards, and a cart holding back-order lines. Null otherwise: the session is left as sent.
 */
export async function savedCardCheckoutData(
  container: MedusaContainer,
  { payment_collection_id, provider_id, customer_id }: { payment_collection_id: string; provider_id?: string; customer_id?: string | null }
): Promise<Record<string, unknown> | null> {
  if (!customer_id || !provider_id) return null
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const provider = backorderModule.getSavedCardProvider(provider_id)
  if (!provider) return null
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({
    entity: "cart_payment_collection",
    fields: ["cart_id"],
    filters: { payment_collection_id },
  })
  const cartId = links[0]?.cart_id as string | undefined
  if (!cartId) return null
  const [line] = await backorderModule.listBackorderLines({ cart_id: cartId }, { take: 1 })
  return line ? provider.checkout_data : null
}

/**
 * The card a completed checkout kept for its customer, or null: the cart's authorised session
 * names its provider; the customer's account holder for that provider lists the cards. The one
 * the session itself used (`data.payment_method`, Stripe's key) is preferred, else the newest
 * listed (providers list newest first, as Stripe does). A provider without saved methods lists
 * none (Medusa logs that it does not support them): no card, a link as before.
 */
export async function findSavedCardOfCart(
  container: MedusaContainer,
  { cart_id, customer_id }: { cart_id: string; customer_id: string | null }
): Promise<BackorderSavedCard | null> {
  if (!customer_id) return null
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [cart],
  } = await query.graph({
    entity: "cart",
    fields: ["id", "payment_collection.payment_sessions.provider_id", "payment_collection.payment_sessions.status", "payment_collection.payment_sessions.data"],
    filters: { id: cart_id },
  })
  const session = (cart?.payment_collection?.payment_sessions ?? []).find(
    (s: { status?: string } | null) => s?.status === "authorized" || s?.status === "captured"
  ) as { provider_id: string; data?: Record<string, unknown> | null } | undefined
  if (!session || !backorderModule.getSavedCardProvider(session.provider_id)) return null
  const {
    data: [customer],
  } = await query.graph({
    entity: "customer",
    fields: ["id", "account_holders.id", "account_holders.provider_id", "account_holders.data"],
    filters: { id: customer_id },
  })
  const holder = (customer?.account_holders ?? []).find(
    (h: { provider_id?: string } | null) => h?.provider_id === session.provider_id
  ) as { id: string; data: Record<string, unknown> } | undefined
  if (!holder) return null
  const methods = await container.resolve(Modules.PAYMENT).listPaymentMethods({
    provider_id: session.provider_id,
    context: { account_holder: { data: holder.data } },
  })
  const used = session.data?.payment_method
  const method = methods.find((m) => m.id === used) ?? methods[0]
  return method ? { payment_provider_id: session.provider_id, account_holder_id: holder.id, payment_method_id: method.id } : null
}

/**
 * Why a saved card was refused, for the queue: the provider's error code where it gives one
 * (Stripe's `last_payment_error.decline_code` or `.code`, e.g. `card_declined`, `expired_card`,
 * `authentication_required`), else what the session's status says.
 */
export function savedCardRefusalReason(status: string, data: Record<string, unknown> | null | undefined): string {
  const error = data?.last_payment_error
  if (typeof error === "string" && error) return error
  if (error && typeof error === "object") {
    const { decline_code, code, message } = error as { decline_code?: unknown; code?: unknown; message?: unknown }
    const named = [decline_code, code, message].find((value) => typeof value === "string" && value)
    if (named) return named as string
  }
  return status === "requires_more" ? "authentication_required" : "card_declined"
}
