import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminBackorderResponse } from "../../../../../types"
import { retrieveBackorderView } from "../../../../../utils/backorder-view"
import { cancelBackorderWorkflow } from "../../../../../workflows/cancel-backorder"
import { answeringConflicts, type ConflictAnswer } from "../../conflict"
import type { AdminCancelBackorderType } from "../../validators"

export const POST = async (req: AuthenticatedMedusaRequest<AdminCancelBackorderType>, res: MedusaResponse<AdminBackorderResponse | ConflictAnswer>) => {
  await answeringConflicts(res, async () => {
    await cancelBackorderWorkflow(req.scope).run({
      input: { backorder_id: req.params.id, actor_id: req.auth_context.actor_id },
    })
    res.json({ backorder: await retrieveBackorderView(req.scope, req.params.id) })
  })
}
