import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retrieveBackorderView } from "../../../../../utils/backorder-view"
import { cancelBackorderWorkflow } from "../../../../../workflows/cancel-backorder"
import { answeringConflicts } from "../../conflict"
import type { AdminCancelBackorderType } from "../../validators"

export const POST = async (req: AuthenticatedMedusaRequest<AdminCancelBackorderType>, res: MedusaResponse) => {
  await answeringConflicts(res, async () => {
    await cancelBackorderWorkflow(req.scope).run({
      input: { backorder_id: req.params.id, actor_id: req.auth_context.actor_id },
    })
    res.json({ backorder: await retrieveBackorderView(req.scope, req.params.id) })
  })
}
