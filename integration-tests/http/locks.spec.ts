// The plugin's locks on locking-postgres, driven through the app's real Locking module: a lock
// left by a dead process (another owner, never renewed, never released) stops blocking within
// seconds, and a lock held by live work is renewed past its lifetime and never taken from it.
// A test app can't kill itself: the dead process's lock is left in the Locking module exactly as
// a killed one leaves it (its last acquisition, with the plugin's lifetime). The SIGKILL runs
// are in the scale test. The same rules on the in-memory provider: unit-tests/locks.unit.spec.ts.
process.env.BACKORDER_TEST_LOCKING = "postgres"

import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { BACKORDER_MODULE } from "../../src/modules/backorder"
import type BackorderModuleService from "../../src/modules/backorder/service"
import { backorderLockKey, cartLockKey, LOCK_TTL, stockLockKey } from "../../src/modules/backorder/service"
import { acquireLeasedLocks, leaseDepsOf, releaseLeasedLocks } from "../../src/utils/backorder-locks"
import { defaultLockingProviderId } from "../../src/utils/locking-provider"
import type { AdminHeaders } from "../utils/admin"
import { placePendingBackorder } from "../utils/backorders"
import { createCart, prepareCheckout } from "../utils/cart"
import { checkoutFootprint, inventoryLevel } from "../utils/checkout"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(240 * 1000)

afterAll(() => {
  delete process.env.BACKORDER_TEST_LOCKING
})

type Answer = { status: number; data: any }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

medusaIntegrationTestRunner({
  testSuite: (suite) => {
    const { api, getContainer } = suite
    let store: SeededStore
    let admin: AdminHeaders
    let container: MedusaContainer

    beforeAll(async () => {
      container = getContainer()
      ;({ store, admin } = await seedOncePerSpec(suite, { backordersEnabled: true }))
    })

    const answer = (request: Promise<{ status: number; data: any }>): Promise<Answer> =>
      request.then(
        ({ status, data }) => ({ status, data }),
        (e: any) => ({ status: e.response?.status ?? 0, data: e.response?.data ?? String(e) })
      )
    const complete = (cartId: string) => answer(api.post(`/store/carts/${cartId}/complete`, {}, store.headers))
    const timings = () => container.resolve<BackorderModuleService>(BACKORDER_MODULE).getLockTimings()

    /** locking-postgres's row for `key`, if any. */
    const lockRow = async (key: string): Promise<{ owner_id: string | null; expiration: Date | null } | undefined> => {
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const [row] = await knex("locking").select("owner_id", "expiration").where({ id: key })
      return row
    }

    /** What a process killed in the middle of a checkout leaves: its last acquisition, with the plugin's lifetime. */
    const leaveDeadLock = (key: string, ttl: number, ownerId: string | null = "killed-server") =>
      container.resolve(Modules.LOCKING).acquire(key, { ownerId: ownerId ?? undefined, expire: ttl })

    async function readyCart(quantity = 2) {
      const cart = await createCart(api, store, { email: `shopper-${Math.random().toString(36).slice(2)}@example.com` })
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.backorderVariantId, quantity }, store.headers)
      await prepareCheckout(api, store, cart.id)
      return cart.id as string
    }

    it("runs on locking-postgres", () => {
      expect(defaultLockingProviderId(container.resolve(ContainerRegistrationKeys.CONFIG_MODULE).modules)).toBe("locking-postgres")
    })

    it("a checkout killed mid-way blocks the shopper's retry for one lock lifetime at most, not for good", async () => {
      const cartId = await readyCart(2)
      const { cart_completion, stock } = timings()
      expect(cart_completion.ttl).toBe(LOCK_TTL)
      // the killed completion held the cart and the T-shirt's stock
      const killedAt = Date.now()
      await leaveDeadLock(cartLockKey(cartId), cart_completion.ttl)
      await leaveDeadLock(stockLockKey(store.backorderInventoryItemId), stock.ttl)
      expect((await lockRow(cartLockKey(cartId)))?.owner_id).toBe("killed-server")

      await sleep(3000) // the shopper's first try failed with the server; they try again
      const retry = await complete(cartId)
      const tookMs = Date.now() - killedAt
      console.log(`[locks] retry after a killed checkout completed ${tookMs} ms after the kill: ${retry.status}`)

      // A 200 is the proof: without the takeover the dead row stays for good (locking-postgres
      // 2.21 never takes over another owner's expired lock), the retry waits out its lock_timeout
      // and gets a 409. No upper bound on the time (timing under load is the benchmark's job);
      // the lower bound is the lease's: a live lock is never taken before it lapses.
      expect(retry.status).toBe(200)
      expect(retry.data.type).toBe("order")
      expect(tookMs).toBeGreaterThanOrEqual(cart_completion.ttl * 1000)
      // what the dead run left was taken over, then released by the retry
      expect(await lockRow(cartLockKey(cartId))).toBeUndefined()
      expect(await lockRow(stockLockKey(store.backorderInventoryItemId))).toBeUndefined()
      const footprint = await checkoutFootprint(container, cartId)
      expect(footprint.orders).toHaveLength(1)
      expect((await inventoryLevel(container, store, store.backorderInventoryItemId)).reserved).toBe(2)
    })

    it("an expired lock without an owner (Medusa's own cart workflows lock without one) is taken over too", async () => {
      const cartId = await readyCart(1)
      await leaveDeadLock(cartLockKey(cartId), 1, null)
      expect((await lockRow(cartLockKey(cartId)))?.owner_id).toBeNull()
      await sleep(1500)
      const started = Date.now()
      const retry = await complete(cartId)
      // 200, not the 409 after the lock_timeout wait: the ownerless expired row was taken over
      expect(retry.status).toBe(200)
      expect(retry.data.type).toBe("order")
      console.log(`[locks] retry over an expired ownerless lock answered in ${Date.now() - started} ms`)
      expect(await lockRow(cartLockKey(cartId))).toBeUndefined()
    })

    it("a cancel killed mid-way blocks the admin's next try for one lock lifetime at most", async () => {
      const placed = await placePendingBackorder(api, container, store, admin, { inStock: 1, backordered: 2 })
      const killedAt = Date.now()
      await leaveDeadLock(backorderLockKey(placed.backorderId), timings().backorder.ttl)
      await sleep(3000) // the admin's first click failed with the server; they click again
      const canceled = await answer(api.post(`/admin/backorders/${placed.backorderId}/cancel`, {}, admin))
      // 200, not the 409 after the wait: the dead lease was taken over once it lapsed, not before
      expect(canceled.status).toBe(200)
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual(timings().backorder.ttl * 1000)
      expect((await api.get(`/admin/backorders/${placed.backorderId}`, admin)).data.backorder.status).toBe("canceled")
      expect(await lockRow(backorderLockKey(placed.backorderId))).toBeUndefined()
    })

    it("a lock held by live work is renewed past its lifetime and never taken: the checkout waits, then goes", async () => {
      const cartId = await readyCart(2)
      const { cart_completion } = timings()
      // live work on the cart (the plugin's own lease, as its workflows take it) that outlasts the lock's lifetime
      const live = await acquireLeasedLocks(leaseDepsOf(container), [cartLockKey(cartId)], cart_completion, "long-work")
      await sleep((cart_completion.ttl + 2) * 1000)
      const blocked = await complete(cartId) // waits lock_timeout (10 s here), the lease renewed throughout
      expect(blocked.status).toBe(409)
      const row = await lockRow(cartLockKey(cartId))
      expect(row?.owner_id).toBe(live.owner_id)
      expect(new Date(row!.expiration!).getTime()).toBeGreaterThan(Date.now())
      expect((await checkoutFootprint(container, cartId)).orders).toHaveLength(0)

      expect(await releaseLeasedLocks(leaseDepsOf(container), live)).toBe(true)
      const done = await complete(cartId)
      expect(done.status).toBe(200)
      expect(done.data.type).toBe("order")
      expect(await lockRow(cartLockKey(cartId))).toBeUndefined()
    })

    it("an admin's cancel while live work holds the back order's lock: 409 in Medusa's shape (never a 500), nothing changed", async () => {
      const placed = await placePendingBackorder(api, container, store, admin, { inStock: 1, backordered: 2 })
      const { backorder } = timings()
      const live = await acquireLeasedLocks(leaseDepsOf(container), [backorderLockKey(placed.backorderId)], backorder, "long-charge")
      const refused = await answer(api.post(`/admin/backorders/${placed.backorderId}/cancel`, {}, admin))
      expect(refused.status).toBe(409)
      expect(refused.data).toEqual({
        type: "conflict",
        code: "invalid_state_error",
        message: "The back order is being changed by another request. Nothing was changed; please try again.",
      })
      expect((await api.get(`/admin/backorders/${placed.backorderId}`, admin)).data.backorder.status).toBe("pending")
      expect(await releaseLeasedLocks(leaseDepsOf(container), live)).toBe(true)
      const canceled = await answer(api.post(`/admin/backorders/${placed.backorderId}/cancel`, {}, admin))
      expect(canceled.status).toBe(200)
      expect(canceled.data.backorder.status).toBe("canceled")
    })
  },
})
