import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import type { BackorderStatus } from "../modules/backorder/service"
import { recoverBackorderClaimWorkflow } from "../workflows/recover-backorder-claim"

export type StaleClaimsRecovery = {
  /** Back orders this run recovered, with the status the books gave them. */
  recovered: { id: string; status: BackorderStatus }[]
  /** Back orders another recovery took first, or whose claim turned out fresh (409). */
  skipped: string[]
  /** Back orders whose recovery failed (rolled back, so still recoverable); logged. */
  failed: string[]
}

/**
 * Recovers every stale claim (`recoverBackorderClaimWorkflow` for each). Safe to run twice
 * and on several instances at once: each recovery retakes its claim with one conditional
 * update, so a back order is recovered once and the other runs skip it.
 */
export async function recoverStaleBackorderClaims(container: MedusaContainer): Promise<StaleClaimsRecovery> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const result: StaleClaimsRecovery = { recovered: [], skipped: [], failed: [] }
  for (const id of await backorderModule.listStaleClaimIds()) {
    try {
      const { result: recovered } = await recoverBackorderClaimWorkflow(container).run({ input: { backorder_id: id } })
      result.recovered.push({ id: recovered.backorder_id, status: recovered.status })
    } catch (error) {
      if (MedusaError.isMedusaError(error) && [MedusaError.Types.CONFLICT, MedusaError.Types.NOT_FOUND].includes(error.type)) {
        result.skipped.push(id)
        continue
      }
      result.failed.push(id)
      logger.warn(`Recovering back order ${id}'s stale claim failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  if (result.recovered.length) {
    logger.info(
      `Recovered stale back-order claims: ${result.recovered.map(({ id, status }) => `${id} → ${status}`).join(", ")}`
    )
  }
  return result
}

/** Every minute: a claim becomes stale once the back order lock's lifetime has passed. */
export default async function recoverStaleBackorderClaimsJob(container: MedusaContainer) {
  await recoverStaleBackorderClaims(container)
}

export const config = {
  name: "recover-stale-backorder-claims",
  schedule: "* * * * *",
}
