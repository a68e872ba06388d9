import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { statusesBefore } from "../../modules/backorder/service"

export type BackorderLinkPaymentTarget = {
  backorder_id: string
  order_id: string
  payment_collection_id: string
  /** The session the storefront opened on the collection, to authorise with its provider (null: none yet). */
  payment_session_id: string | null
  /** The provider this payment is made with (the one asked for, or the open session's). */
  provider_id: string
  /** Whether the plugin captures it (the `payment_link_capture_providers` option). */
  captures: boolean
  /** Payments only authorised with a provider that does not capture (the manual one): this payment replaces them. */
  replaces_payment_ids: string[]
}

type SessionRow = { id: string; status: string; provider_id: string; created_at: Date | string }
type PaymentRow = { id: string; provider_id: string; captured_at: unknown; canceled_at: unknown }

/**
 * The back order a payment link belongs to and the session to pay it with. Only a back order
 * awaiting the payment of this very collection can be paid here: any other collection id is a
 * 404, so the route can't be used to pay (or probe) other payment collections. Refused (and
 * nothing changed): a back order no longer awaiting payment, an order or collection canceled in
 * Medusa (before the plugin's `order.canceled` handler has closed the back order), a collection
 * paid already, and a provider the order's region does not offer (400).
 */
export const findBackorderLinkPaymentStep = createStep(
  "find-backorder-link-payment",
  async (
    { payment_collection_id, provider_id }: { payment_collection_id: string; provider_id?: string },
    { container }
  ) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const backorder = await ensureLinkPayable(container, { payment_collection_id })

    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [collection],
    } = await query.graph({
      entity: "payment_collection",
      fields: [
        "id",
        "status",
        "payment_sessions.id",
        "payment_sessions.status",
        "payment_sessions.provider_id",
        "payment_sessions.created_at",
        "payments.id",
        "payments.provider_id",
        "payments.captured_at",
        "payments.canceled_at",
      ],
      filters: { id: payment_collection_id },
    })
    if (!collection || collection.status === "canceled") {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Back order ${backorder.id}'s payment collection ${payment_collection_id} was canceled; its payment link can no longer be paid.`
      )
    }
    if (collection.status === "completed") {
      throw new MedusaError(MedusaError.Types.CONFLICT, `Back order ${backorder.id} is paid already.`)
    }

    const sessions = ((collection.payment_sessions ?? []) as SessionRow[])
      .filter((session) => session?.status === "pending")
      .sort((a, b) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime())
    const providerId = provider_id ?? sessions[0]?.provider_id
    if (!providerId) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Payment collection ${payment_collection_id} has no payment session to pay with; send provider_id, or create one first (POST /store/payment-collections/${payment_collection_id}/payment-sessions).`
      )
    }
    await ensureRegionOffers(container, backorder.draft_order_id, providerId)
    const captures = backorderModule.capturesLinkPaymentsOf(providerId)

    // A payment only authorised by a provider that takes no money (the manual one: "I'll pay by
    // bank transfer") can be replaced by one that does. So can a card's authorisation that was
    // never captured: under this link's lock no live pay run is between its authorisation and its
    // capture, so it is what a run killed in between left (a hold on the card, cancelled once the
    // new payment is captured). A captured payment means it is paid.
    const live = ((collection.payments ?? []) as PaymentRow[]).filter((payment) => payment && !payment.canceled_at)
    const replaceable = live.filter(
      (payment) => !payment.captured_at && (captures || !backorderModule.capturesLinkPaymentsOf(payment.provider_id))
    )
    if (live.length > replaceable.length || (replaceable.length && !captures)) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        replaceable.length && live.length === replaceable.length
          ? `Back order ${backorder.id} is paid already (${replaceable[0].provider_id}, awaiting the store's confirmation); pay with a provider that takes the payment to replace it.`
          : `Back order ${backorder.id} is paid already.`
      )
    }

    return new StepResponse<BackorderLinkPaymentTarget>({
      backorder_id: backorder.id,
      order_id: backorder.draft_order_id,
      payment_collection_id,
      payment_session_id: provider_id ? null : sessions[0]?.id ?? null,
      provider_id: providerId,
      captures,
      replaces_payment_ids: replaceable.map((payment) => payment.id),
    })
  }
)

/**
 * The link can still be paid: its back order awaits this collection's payment, and its order
 * (the draft, or the order it became) was not canceled in Medusa. Answers the back order; a 404
 * when the collection is no back order's link, a 409 otherwise.
 */
export async function ensureLinkPayable(container: MedusaContainer, { payment_collection_id }: { payment_collection_id: string }) {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [backorder] = await backorderModule.listBackorders({ payment_collection_id }, { take: 1 })
  if (!backorder) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Payment collection with id: ${payment_collection_id} is not a back order's payment link`
    )
  }
  // a link can be paid while its payment can still settle the back order
  if (!statusesBefore("settle_payment_link").includes(backorder.status)) {
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      backorder.status === "charged"
        ? `Back order ${backorder.id} is paid already.`
        : `Back order ${backorder.id} is ${backorder.status.replace("_", " ")}; its payment link can no longer be paid.`
    )
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({ entity: "order", fields: ["id", "status"], filters: { id: backorder.draft_order_id } })
  if (!order || order.status === "canceled") {
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      `Back order ${backorder.id}'s order ${backorder.draft_order_id} was ${order ? "canceled" : "deleted"}; its payment link can no longer be paid.`
    )
  }
  return backorder
}

/** Medusa checks a cart's provider against its region, not an order's: the plugin does it for the link. */
async function ensureRegionOffers(container: MedusaContainer, orderId: string, providerId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({
    entity: "order",
    fields: ["id", "region_id", "region.payment_providers.id", "region.payment_providers.is_enabled"],
    filters: { id: orderId },
  })
  const offered = ((order?.region?.payment_providers ?? []) as ({ id: string; is_enabled?: boolean } | null)[]).some(
    (provider) => provider?.id === providerId && provider.is_enabled !== false
  )
  if (!offered) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Payment provider ${providerId} is not offered in the order's region${order?.region_id ? ` ${order.region_id}` : ""}.`
    )
  }
}
