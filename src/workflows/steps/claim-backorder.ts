import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { statusesBefore, type BackorderStatus } from "../../modules/backorder/service"
import { CLAIM_OF, notPendingError, toPendingBackorder, type BackorderAction } from "./validate-backorder-pending"

/**
 * Claims a pending back order for a charge, or a pending or awaiting-payment one for a cancel
 * (`claim_charge`, `claim_cancel`: one conditional update) before anything irreversible. A second or concurrent charge (or cancel)
 * finds it claimed and gets a 409 instead of a second shipping method or payment, even where
 * the back order's lock does not span server instances. Compensation hands the claim back.
 */
export const claimBackorderStep = createStep(
  "claim-backorder",
  async (
    { backorder_id, action, customer_id }: { backorder_id: string; action: BackorderAction; customer_id?: string | null },
    { container }
  ) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const [backorder] = await backorderModule.listBackorders({ id: backorder_id }, { take: 1 })
    // another customer's back order is not found: the answer says nothing about whose it is
    if (!backorder || (customer_id && backorder.customer_id !== customer_id)) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Back order with id: ${backorder_id} was not found`)
    }
    const claim = CLAIM_OF[action]
    if (!statusesBefore(claim).includes(backorder.status)) {
      throw notPendingError(backorder_id, backorder.status as BackorderStatus, action)
    }
    await ensureDraftStillADraft(container, backorder, action)
    // from the status read: a cancel starts from pending or awaiting payment
    const claimed = await backorderModule.transitionBackorder(backorder_id, claim, {
      from: backorder.status as BackorderStatus,
    })
    if (!claimed) {
      // someone else moved it meanwhile, or it was not pending: name the status it has now
      const [current] = await backorderModule.listBackorders({ id: backorder_id }, { take: 1 })
      throw notPendingError(backorder_id, (current ?? backorder).status as BackorderStatus, action)
    }
    // ids only (and where the claim started): the claim changed nothing else on the record
    return new StepResponse(
      {
        ...toPendingBackorder(backorder),
        customer_id: backorder.customer_id ?? null,
        claimed_from: backorder.status as BackorderStatus,
      },
      claimed
    )
  },
  async (claimed, { container }) => {
    if (!claimed) {
      return
    }
    await container.resolve<BackorderModuleService>(BACKORDER_MODULE).undoBackorderTransition(claimed)
  }
)

/**
 * The plugin's routes guard Medusa's draft-order screens, but code can still convert, cancel or
 * delete the draft directly: then there is nothing left to charge or cancel here.
 */
async function ensureDraftStillADraft(
  container: MedusaContainer,
  backorder: { id: string; draft_order_id: string },
  action: BackorderAction
) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [draft],
  } = await query.graph({
    entity: "order",
    fields: ["id", "status", "is_draft_order"],
    filters: { id: backorder.draft_order_id },
  })
  if (!draft || draft.status !== "draft" || !draft.is_draft_order) {
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      `Back order ${backorder.id}'s draft order ${backorder.draft_order_id} is ${
        draft ? (draft.is_draft_order ? draft.status : "no longer a draft") : "deleted"
      }: it was changed outside the plugin, so it can't be ${action === "charge" ? "charged" : "canceled"} here.`
    )
  }
}
