import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { BackorderLockTiming } from "../../modules/backorder/service"
import { acquireLeasedLocks, leaseDepsOf, releaseLeasedLocks, type HeldLocks } from "../../utils/backorder-locks"

export type AcquireLeasedLockInput = BackorderLockTiming & { lock_keys: string[] }

/**
 * Takes the plugin's lock on `lock_keys` (a cart, a back order, a payment link) for this run
 * only, renewed while the run lasts (see src/utils/backorder-locks.ts): Medusa's acquireLockStep
 * locks without an owner, so nothing could renew its lock, and it lives its whole ttl after a
 * crash. The output goes to `releaseLeasedLockStep`; the compensation releases as well.
 */
export const acquireLeasedLockStep = createStep(
  "acquire-leased-lock",
  async ({ lock_keys, timeout, ttl }: AcquireLeasedLockInput, { container }) => {
    const held = await acquireLeasedLocks(leaseDepsOf(container), lock_keys, { timeout, ttl })
    return new StepResponse<HeldLocks, HeldLocks>(held, held)
  },
  async (held, { container }) => {
    await releaseLeasedLocks(leaseDepsOf(container), held)
  }
)
