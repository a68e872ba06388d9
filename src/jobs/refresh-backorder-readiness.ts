import type { MedusaContainer } from "@medusajs/framework/types"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import { refreshBackorderReadinessWorkflow } from "../workflows/refresh-backorder-readiness"

/**
 * The safety net of the stock subscriber: every waiting back order's readiness, every minute
 * (an event lost, a paid order canceled, a reservation deleted by hand). Idempotent, and safe on
 * several instances: the workflow holds the readiness lock, and each move is a conditional update.
 */
export default async function refreshBackorderReadinessJob(container: MedusaContainer) {
  if (!container.resolve<BackorderModuleService>(BACKORDER_MODULE).movesBackordersToReady()) {
    return
  }
  await refreshBackorderReadinessWorkflow(container).run({ input: {} })
}

export const config = {
  name: "refresh-backorder-readiness",
  schedule: "* * * * *",
}
