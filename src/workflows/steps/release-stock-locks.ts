import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { StockLocks } from "./acquire-stock-locks"

/** Gives back the stock locks `acquireStockLocksStep` took (only this run's: the owner id). */
export const releaseStockLocksStep = createStep(
  "release-stock-locks",
  async (held: StockLocks, { container }) => {
    if (held?.owner_id && held.lock_keys.length) {
      await container.resolve(Modules.LOCKING).release(held.lock_keys, { ownerId: held.owner_id })
    }
    return new StepResponse(true)
  }
)
