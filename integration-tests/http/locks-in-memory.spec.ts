// The same crash as in locks.spec.ts on Medusa's default (in-memory) locking provider, which
// takes over expired locks by itself: what the retry waits for there is the plugin's lifetime
// alone (it was 120 s).
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { BACKORDER_MODULE } from "../../src/modules/backorder"
import type BackorderModuleService from "../../src/modules/backorder/service"
import { cartLockKey, stockLockKey } from "../../src/modules/backorder/service"
import { defaultLockingProviderId } from "../../src/utils/locking-provider"
import { createCart, prepareCheckout } from "../utils/cart"
import { checkoutFootprint, inventoryLevel } from "../utils/checkout"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(240 * 1000)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

medusaIntegrationTestRunner({
  testSuite: (suite) => {
    const { api, getContainer } = suite
    let store: SeededStore

    beforeAll(async () => {
      ;({ store } = await seedOncePerSpec(suite, { backordersEnabled: true }))
    })

    it("a checkout killed mid-way blocks the shopper's retry for seconds, not minutes", async () => {
      const container = getContainer()
      expect(defaultLockingProviderId(container.resolve(ContainerRegistrationKeys.CONFIG_MODULE).modules)).toBe("in-memory")
      const cart = await createCart(api, store)
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.backorderVariantId, quantity: 2 }, store.headers)
      await prepareCheckout(api, store, cart.id)

      // what the killed completion left: its cart and stock locks, with the plugin's lifetimes
      const { cart_completion, stock } = container.resolve<BackorderModuleService>(BACKORDER_MODULE).getLockTimings()
      const locking = container.resolve(Modules.LOCKING)
      const killedAt = Date.now()
      await locking.acquire(cartLockKey(cart.id), { ownerId: "killed-server", expire: cart_completion.ttl })
      await locking.acquire(stockLockKey(store.backorderInventoryItemId), { ownerId: "killed-server", expire: stock.ttl })

      await sleep(3000) // the shopper's first try failed with the server; they try again
      const retry = await api.post(`/store/carts/${cart.id}/complete`, {}, store.headers).then(
        ({ status, data }) => ({ status, data }),
        (e: any) => ({ status: e.response?.status ?? 0, data: e.response?.data })
      )
      const tookMs = Date.now() - killedAt
      console.log(`[locks] in-memory: retry after a killed checkout answered ${retry.status} ${tookMs} ms after the kill`)
      // 200, not the 409 after the lock_timeout wait; and not before the dead lease lapsed
      expect(retry.status).toBe(200)
      expect(retry.data.type).toBe("order")
      expect(tookMs).toBeGreaterThanOrEqual(cart_completion.ttl * 1000)
      expect((await checkoutFootprint(container, cart.id)).orders).toHaveLength(1)
      expect((await inventoryLevel(container, store, store.backorderInventoryItemId)).reserved).toBe(2)
    })
  },
})
