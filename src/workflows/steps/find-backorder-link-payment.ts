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
}

type SessionRow = { id: string; status: string; created_at: Date | string }

/**
 * The back order a payment link belongs to and the session to pay it with. Only a back order
 * awaiting the payment of this very collection can be paid here: any other collection id is a
 * 404, so the route can't be used to pay (or probe) other payment collections.
 */
export const findBackorderLinkPaymentStep = createStep(
  "find-backorder-link-payment",
  async (
    { payment_collection_id, opens_session }: { payment_collection_id: string; opens_session: boolean },
    { container }
  ) => {
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
          : `Back order ${backorder.id} is ${backorder.status}; its payment link can no longer be paid.`
      )
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [collection],
    } = await query.graph({
      entity: "payment_collection",
      fields: ["id", "status", "payment_sessions.id", "payment_sessions.status", "payment_sessions.created_at"],
      filters: { id: payment_collection_id },
    })
    if (collection && ["authorized", "completed"].includes(collection.status)) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `Back order ${backorder.id} is paid already.`)
    }
    const sessions = ((collection?.payment_sessions ?? []) as SessionRow[])
      .filter((session) => session?.status === "pending")
      .sort((a, b) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime())
    if (!sessions.length && !opens_session) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Payment collection ${payment_collection_id} has no payment session to pay with; send provider_id, or create one first (POST /store/payment-collections/${payment_collection_id}/payment-sessions).`
      )
    }
    return new StepResponse<BackorderLinkPaymentTarget>({
      backorder_id: backorder.id,
      order_id: backorder.draft_order_id,
      payment_collection_id,
      payment_session_id: sessions[0]?.id ?? null,
    })
  }
)
