import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminBackorderResponse } from "../../../../../types"
import { retrieveBackorderView } from "../../../../../utils/backorder-view"
import { recoverBackorderClaimWorkflow } from "../../../../../workflows/recover-backorder-claim"
import { answeringConflicts, type ConflictAnswer } from "../../conflict"
import type { AdminRecoverBackorderType } from "../../validators"

/** "Retry" on a back order left charging or canceling by a run that stopped. */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminRecoverBackorderType>,
  res: MedusaResponse<AdminBackorderResponse | ConflictAnswer>
) => {
  await answeringConflicts(res, async () => {
    await recoverBackorderClaimWorkflow(req.scope).run({
      input: { backorder_id: req.params.id, actor_id: req.auth_context.actor_id },
    })
    res.json({ backorder: await retrieveBackorderView(req.scope, req.params.id) })
  })
}
