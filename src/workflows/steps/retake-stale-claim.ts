import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { isClaimStatus, type ClaimStatus } from "../../modules/backorder/service"

/** A claimed back order as recovery works on it. */
export type StaleClaim = {
  id: string
  status: ClaimStatus
  draft_order_id: string
}

type RetakenClaim = { id: string; status: ClaimStatus; retaken_at: Date; claimed_at: Date | null }

/**
 * Takes a dead run's claim over for recovery: the back order must be in a claim, and the claim
 * stale (`isClaimStale`); the service's conditional update re-stamps it, so of two recoveries
 * only one goes on, and a live run's claim is never touched. 404 for an unknown back order, 409
 * for one that is not claimed or whose claim is fresh. Compensation gives the claim its old
 * time back, so it stays recoverable.
 */
export const retakeStaleClaimStep = createStep(
  "retake-stale-claim",
  async ({ backorder_id }: { backorder_id: string }, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const [backorder] = await backorderModule.listBackorders({ id: backorder_id }, { take: 1 })
    if (!backorder) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Back order with id: ${backorder_id} was not found`)
    }
    if (!isClaimStatus(backorder.status)) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Back order ${backorder_id} is ${backorder.status.replace("_", " ")}; only a back order left charging or canceling by a run that stopped can be recovered.`
      )
    }
    const retakenAt = await backorderModule.retakeStaleClaim(backorder_id, backorder.status)
    if (!retakenAt) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Back order ${backorder_id} is ${backorder.status} and its run may still be working (a claim is recoverable ${backorderModule.getClaimLifetime()} s after it was taken); nothing was changed.`
      )
    }
    const claim: StaleClaim = { id: backorder.id, status: backorder.status, draft_order_id: backorder.draft_order_id }
    const retaken: RetakenClaim = {
      id: backorder.id,
      status: backorder.status,
      retaken_at: retakenAt,
      claimed_at: backorder.claimed_at ? new Date(backorder.claimed_at) : null,
    }
    return new StepResponse(claim, retaken)
  },
  async (retaken, { container }) => {
    if (!retaken) {
      return
    }
    await container
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .giveBackStaleClaim(retaken.id, retaken.status, { retaken_at: new Date(retaken.retaken_at), claimed_at: retaken.claimed_at && new Date(retaken.claimed_at) })
  }
)
