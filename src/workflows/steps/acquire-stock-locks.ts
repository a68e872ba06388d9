import { randomUUID } from "node:crypto"
import { setTimeout as sleep } from "node:timers/promises"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { stockLockKeys } from "../../modules/backorder/service"

export type StockLocks = { lock_keys: string[]; owner_id: string | null }

/**
 * Takes the stock lock of every given inventory item, all or none. Medusa's locking providers
 * take several keys one by one (in-memory) or side by side (Redis), and a call that fails
 * halfway keeps the keys it got; so each attempt gives back what it got, under an owner id of
 * its own, before waiting and trying again. Carts that share no inventory item never wait.
 */
export const acquireStockLocksStep = createStep(
  "acquire-stock-locks",
  async (input: { inventory_item_ids: string[] }, { container }) => {
    const lock_keys = stockLockKeys(input.inventory_item_ids)
    if (!lock_keys.length) {
      return new StepResponse<StockLocks, StockLocks | null>({ lock_keys, owner_id: null }, null)
    }
    const locking = container.resolve(Modules.LOCKING)
    const { stock } = container.resolve<BackorderModuleService>(BACKORDER_MODULE).getLockTimings()
    const owner_id = `backorder-stock:${randomUUID()}`
    const giveUpAt = Date.now() + stock.timeout * 1000
    while (true) {
      try {
        await locking.acquire(lock_keys, { ownerId: owner_id, expire: stock.ttl })
        break
      } catch (error) {
        await locking.release(lock_keys, { ownerId: owner_id }).catch(() => undefined)
        if (Date.now() >= giveUpAt) {
          throw error
        }
      }
      // jittered, so queued completions don't retry in lockstep
      await sleep(50 + Math.random() * 150)
    }
    const held: StockLocks = { lock_keys, owner_id }
    return new StepResponse(held, held)
  },
  async (held, { container }) => {
    if (!held?.owner_id) {
      return
    }
    await container.resolve(Modules.LOCKING).release(held.lock_keys, { ownerId: held.owner_id })
  }
)
