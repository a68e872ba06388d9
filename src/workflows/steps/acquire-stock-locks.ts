import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { stockLockKeys } from "../../modules/backorder/service"
import { acquireLeasedLocks, leaseDepsOf, releaseLeasedLocks, type HeldLocks } from "../../utils/backorder-locks"

export type StockLocks = HeldLocks

/**
 * Takes the stock lock of every given inventory item, all or none, renewed while the run lasts
 * (src/utils/backorder-locks.ts). Carts that share no inventory item never wait.
 */
export const acquireStockLocksStep = createStep(
  "acquire-stock-locks",
  async (input: { inventory_item_ids: string[] }, { container }) => {
    const { stock } = container.resolve<BackorderModuleService>(BACKORDER_MODULE).getLockTimings()
    const held = await acquireLeasedLocks(
      leaseDepsOf(container),
      stockLockKeys(input.inventory_item_ids),
      stock,
      "backorder-stock"
    )
    return new StepResponse<StockLocks, StockLocks | null>(held, held.owner_id ? held : null)
  },
  async (held, { container }) => {
    await releaseLeasedLocks(leaseDepsOf(container), held)
  }
)
