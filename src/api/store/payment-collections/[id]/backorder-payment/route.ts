import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { BackorderLinkPayment, BackorderLinkView } from "../../../../../types"
import { retrieveBackorderLinkView } from "../../../../../utils/backorder-view"
import { answeringConflicts, type ConflictAnswer } from "../../../../admin/backorders/conflict"
import { settleCapturedBackorderLink } from "../../../../../jobs/reconcile-paid-backorder-links"
import { payBackorderLinkWorkflow } from "../../../../../workflows/pay-backorder-link"
import type { StorePayBackorderLinkType } from "./validators"

/**
 * The storefront's payment-collection page pays a back order's payment link: whoever holds the
 * link may pay it (that is what a payment link is for), and nothing else can be paid here.
 */
export const POST = async (req: MedusaRequest<StorePayBackorderLinkType>, res: MedusaResponse<BackorderLinkPayment | ConflictAnswer>) => {
  await answeringConflicts(res, async () => {
    // A run that captured this link and died before settling it left its back order awaiting
    // payment on paid money: the shopper's retry settles it now (as the reconcile job would,
    // later), then hears "paid already" from the workflow like any later click.
    await settleCapturedBackorderLink(req.scope, req.params.id).catch((error) =>
      req.scope
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`Settling the paid payment link ${req.params.id} failed: ${error instanceof Error ? error.message : String(error)}`)
    )
    const { result } = await payBackorderLinkWorkflow(req.scope).run({
      input: { payment_collection_id: req.params.id, provider_id: req.validatedBody.provider_id },
    })
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [payment],
    } = await query.graph({
      entity: "payment",
      fields: ["id", "amount", "currency_code", "captured_at"],
      filters: { id: result.payment_id },
    })
    res.json({
      backorder: { id: result.backorder_id, order_id: result.order_id },
      payment: {
        id: payment.id,
        amount: Number(payment.amount),
        currency_code: payment.currency_code,
        captured: !!payment.captured_at,
      },
    })
  })
}

/** The payment link's page: what the link pays for (Medusa's store routes don't serve draft orders). */
export const GET = async (req: MedusaRequest, res: MedusaResponse<BackorderLinkView>) => {
  res.json(await retrieveBackorderLinkView(req.scope, req.params.id))
}
