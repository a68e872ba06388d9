import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"

/**
 * One more charge of the back order's saved card: answers the provider's idempotency key for
 * it, `<back order id>:card:<attempt>`. A retried request of this attempt (the provider's
 * client retrying, a recovered run) reuses the key, so the bank charges once.
 *
 * No compensation, on purpose: an attempt the provider may have seen keeps its key spent. After
 * a rolled-back run, the next charge is a new request to the bank (with a new key) rather than
 * a replay of one whose payment the rollback canceled.
 */
export const countSavedCardAttemptStep = createStep(
  "count-saved-card-attempt",
  async ({ backorder_id }: { backorder_id: string }, { container }) => {
    const attempt = await container.resolve<BackorderModuleService>(BACKORDER_MODULE).countSavedCardAttempt(backorder_id)
    return new StepResponse({ attempt, idempotency_key: savedCardIdempotencyKey(backorder_id, attempt) })
  }
)

export const savedCardIdempotencyKey = (backorderId: string, attempt: number) => `${backorderId}:card:${attempt}`
