import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type { BackorderStatus } from "../../modules/backorder/models/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { notPendingError, toPendingBackorder, type BackorderAction } from "./validate-backorder-pending"

/** The status that says an action is under way; only a pending back order can take it. */
const CLAIM_OF: Record<BackorderAction, BackorderStatus> = { charge: "charging", cancel: "canceling" }

/**
 * Claims a pending back order for a charge or a cancel: `pending → charging | canceling` in
 * one conditional update, before anything irreversible. A second or concurrent charge (or
 * cancel) finds it claimed and gets a 409 instead of a second shipping method or payment,
 * even where the back order's lock does not span server instances.
 * Compensation hands the claim back (`→ pending`).
 */
export const claimBackorderStep = createStep(
  "claim-backorder",
  async ({ backorder_id, action }: { backorder_id: string; action: BackorderAction }, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const [backorder] = await backorderModule.listBackorders({ id: backorder_id }, { take: 1 })
    if (!backorder) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Back order with id: ${backorder_id} was not found`)
    }
    if (backorder.status === "pending") {
      await ensureDraftStillADraft(container, backorder, action)
    }
    const claim = CLAIM_OF[action]
    if (!(await backorderModule.transitionBackorderStatus(backorder_id, "pending", claim))) {
      // someone else moved it meanwhile, or it was not pending: name the status it has now
      const [current] = await backorderModule.listBackorders({ id: backorder_id }, { take: 1 })
      throw notPendingError(backorder_id, (current ?? backorder).status as BackorderStatus, action)
    }
    // ids only: the claim changed nothing else on the record
    return new StepResponse(toPendingBackorder(backorder), { id: backorder_id, claim })
  },
  async (claimed, { container }) => {
    if (!claimed) {
      return
    }
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    await backorderModule.transitionBackorderStatus(claimed.id, claimed.claim, "pending", {}, { undo: true })
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
