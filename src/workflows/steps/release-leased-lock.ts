import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { leaseDepsOf, releaseLeasedLocks, type HeldLocks } from "../../utils/backorder-locks"

/** Gives back what `acquireLeasedLockStep` took (only this run's: the owner id) and stops its renewal. */
export const releaseLeasedLockStep = createStep("release-leased-lock", async (held: HeldLocks | undefined, { container }) => {
  return new StepResponse(await releaseLeasedLocks(leaseDepsOf(container), held))
})
