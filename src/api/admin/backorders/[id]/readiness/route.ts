import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../../../../../modules/backorder"
import type BackorderModuleService from "../../../../../modules/backorder/service"
import type { AdminBackorderReadinessResponse } from "../../../../../types"
import { explainReadiness } from "../../../../../utils/backorder-readiness"

/** Why a waiting back order is not ready yet: units missing, back orders ahead (null when it waits for nothing). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminBackorderReadinessResponse>) => {
  const [backorder] = await req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE).listBackorders({ id: req.params.id }, { take: 1 })
  if (!backorder) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Back order with id: ${req.params.id} was not found`)
  }
  const readiness = await explainReadiness(req.scope, req.params.id)
  res.json({ readiness: readiness && { missing: readiness.missing, ahead: readiness.ahead, ready: readiness.ready } })
}
