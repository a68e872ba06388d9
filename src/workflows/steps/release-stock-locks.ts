import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { leaseDepsOf, releaseLeasedLocks } from "../../utils/backorder-locks"
import type { StockLocks } from "./acquire-stock-locks"

/** Gives back the stock locks `acquireStockLocksStep` took (only this run's: the owner id). */
export const releaseStockLocksStep = createStep(
  "release-stock-locks",
  async (held: StockLocks, { container }) => {
    await releaseLeasedLocks(leaseDepsOf(container), held)
    return new StepResponse(true)
  }
)
