// the plugin's readiness on (the other specs keep their back orders pending: see medusa-config.ts)
process.env.BACKORDER_TEST_READINESS = "1"

import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import refreshBackorderReadinessJob from "../../src/jobs/refresh-backorder-readiness"
import { backorderReservationDescription, judgeReadiness, readBackorderLine } from "../../src/utils/backorder-readiness"
import { type AdminHeaders } from "../utils/admin"
import { eventually } from "../utils/backorders"
import { createCart } from "../utils/cart"
import { inventoryLevel, setStock as setStockOf } from "../utils/checkout"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(180 * 1000)

medusaIntegrationTestRunner({
  testSuite: (suite) => {
    const { api, getContainer } = suite
    let admin: AdminHeaders
    let store: SeededStore
    let container: MedusaContainer
    /** `backorder.ready` as the plugin emitted it, in order of arrival. */
    const readyEvents: { id: string; order_id: string }[] = []

    beforeAll(async () => {
      container = getContainer()
      ;({ store, admin } = await seedOncePerSpec(suite, { backordersEnabled: true }))
      container.resolve(Modules.EVENT_BUS).subscribe("backorder.ready", async (event: any) => {
        readyEvents.push(event.data)
      })
    })

    beforeEach(() => {
      readyEvents.length = 0
    })

    const setStock = (stocked: number) => setStockOf(api, admin, store, store.backorderInventoryItemId, stocked)

    /** A cart of `quantity` T-shirts, all back ordered (the shelf is empty), ready to complete. */
    async function backorderCart(quantity: number, email: string) {
      const cart = await createCart(api, store, { email })
      await api.post(
        `/store/carts/${cart.id}/line-items`,
        { variant_id: store.backorderVariantId, quantity, metadata: { backorder: "accept" } },
        store.headers
      )
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionId }, store.headers)
      return cart.id as string
    }

    const complete = (cartId: string) =>
      api.post(`/store/carts/${cartId}/complete`, {}, store.headers).catch((error: any) => error.response)

    async function placeBackordered(quantity: number, email: string) {
      const { data } = await complete(await backorderCart(quantity, email))
      expect(data.backorder).toBeDefined()
      return { id: data.backorder.id as string, draftOrderId: data.backorder.draft_order.id as string }
    }

    const statusOf = async (id: string) => (await api.get(`/admin/backorders/${id}`, admin)).data.backorder.status as string
    const statusesOf = (ids: string[]) => Promise.all(ids.map(statusOf))

    /** Waits until the statuses are `expected` (the subscriber runs after the stock change's answer). */
    const settledAs = async (ids: string[], expected: string[]) => {
      expect(await eventually(() => statusesOf(ids), (now) => now.join() === expected.join())).toEqual(expected)
    }

    it("restocks make back orders ready oldest first: 4 → only A, 7 → all, 5 → C pending again; the job changes nothing more", async () => {
      await setStock(0)
      const a = await placeBackordered(2, "a@example.com")
      const b = await placeBackordered(3, "b@example.com")
      const c = await placeBackordered(2, "c@example.com")
      const ids = [a.id, b.id, c.id]
      // each back order's units are reserved under its description, told from orders' by it
      const reservations = await container.resolve(Modules.INVENTORY).listReservationItems({
        inventory_item_id: store.backorderInventoryItemId,
      })
      expect(reservations.map((r) => [r.description, Number(r.quantity)]).sort()).toEqual(
        [
          [backorderReservationDescription(a.draftOrderId), 2],
          [backorderReservationDescription(b.draftOrderId), 3],
          [backorderReservationDescription(c.draftOrderId), 2],
        ].sort()
      )
      expect(await statusesOf(ids)).toEqual(["pending", "pending", "pending"])

      const restocked = Date.now()
      await setStock(4)
      await settledAs(ids, ["ready", "pending", "pending"])
      console.log(`[readiness] restock answered to A seen ready: ${Date.now() - restocked} ms`)
      // C (2) would fit in what A leaves (2), but B is older and not covered: C waits behind it
      const { data: readyQueue } = await api.get("/admin/backorders?status=ready", admin)
      expect(readyQueue.backorders.map((backorder: any) => backorder.id)).toEqual([a.id])
      // what the back order's page says: B needs 1 more with A ahead; C needs 2 more with A and B ahead
      const why = async (id: string) => (await api.get(`/admin/backorders/${id}/readiness`, admin)).data.readiness
      expect(await why(a.id)).toEqual({ ready: true, missing: 0, ahead: 0 })
      expect(await why(b.id)).toEqual({ ready: false, missing: 1, ahead: 1 })
      expect(await why(c.id)).toEqual({ ready: false, missing: 2, ahead: 2 })
      // the dashboard's default view: ready ones first, then pending, paged across both
      const { data: waiting } = await api.get("/admin/backorders?status[]=pending&status[]=ready&limit=2&offset=1", admin)
      expect(waiting.count).toBe(3)
      expect(waiting.backorders.map((backorder: any) => backorder.id)).toEqual([b.id, c.id])

      await setStock(7)
      await settledAs(ids, ["ready", "ready", "ready"])

      await setStock(5)
      await settledAs(ids, ["ready", "ready", "pending"])
      expect(readyEvents).toEqual([
        { id: a.id, order_id: a.draftOrderId },
        { id: b.id, order_id: b.draftOrderId },
        { id: c.id, order_id: c.draftOrderId },
      ])

      // the job, twice: the same line, nothing moves, nothing is announced again
      const jobStarted = Date.now()
      await refreshBackorderReadinessJob(container)
      await refreshBackorderReadinessJob(container)
      console.log(`[readiness] two job runs over 3 waiting back orders: ${Date.now() - jobStarted} ms`)
      expect(await statusesOf(ids)).toEqual(["ready", "ready", "pending"])
      expect(readyEvents).toHaveLength(3)

      // charge and cancel work from ready; B's canceled units let C through
      const charged = await api.post(`/admin/backorders/${a.id}/charge`, { shipping_amount: 5, payment: "record" }, admin)
      expect(charged.data.backorder.status).toBe("charged")
      const canceled = await api.post(`/admin/backorders/${b.id}/cancel`, {}, admin)
      expect(canceled.data.backorder.status).toBe("canceled")
      await settledAs(ids, ["charged", "canceled", "ready"])
      expect(readyEvents.filter((event) => event.id === c.id)).toHaveLength(2)
      expect(await inventoryLevel(container, store, store.backorderInventoryItemId)).toEqual({ stocked: 5, reserved: 4 })
      expect((await api.get(`/admin/backorders/${a.id}/readiness`, admin)).data.readiness).toBeNull()
    })

    it("the job alone makes a back order ready when the stock event was never heard (the safety net)", async () => {
      await setStock(0)
      const a = await placeBackordered(2, "a@example.com")
      // a restock written straight into the Inventory Module: no workflow, no inventory-level event
      const inventory = container.resolve(Modules.INVENTORY)
      const [level] = await inventory.listInventoryLevels({
        inventory_item_id: store.backorderInventoryItemId,
        location_id: store.stockLocationId,
      })
      await inventory.updateInventoryLevels([
        { id: level.id, inventory_item_id: level.inventory_item_id, location_id: level.location_id, stocked_quantity: 2 },
      ])
      expect(await statusOf(a.id)).toBe("pending")
      await Promise.all([refreshBackorderReadinessJob(container), refreshBackorderReadinessJob(container)])
      expect(await statusOf(a.id)).toBe("ready")
      expect(readyEvents).toEqual([{ id: a.id, order_id: a.draftOrderId }])
    })

    it("stock updates racing a completion of the same variant: the statuses are what the books say, the reservations add up", async () => {
      await setStock(0)
      const a = await placeBackordered(2, "a@example.com")
      const carts = [await backorderCart(3, "d@example.com"), await backorderCart(1, "e@example.com")]

      const [, , first, second] = await Promise.all([setStock(4), setStock(6), complete(carts[0]), complete(carts[1])])
      await setStock(6)

      const placed = [first, second].filter((answer) => answer.status === 200 && answer.data.backorder)
      const backorderIds = [a.id, ...placed.map((answer) => answer.data.backorder.id as string)]
      // whatever the order of events, once they have been heard each back order is where the rule puts it
      const expected = async () => {
        const line = await readBackorderLine(container)
        const judged = judgeReadiness(line.queue, line.stock)
        return backorderIds.map((id) => (judged.get(id)?.ready ? "ready" : "pending"))
      }
      const want = await expected()
      await settledAs(backorderIds, want)
      expect(want[0]).toBe("ready")

      // the books: every unit a completion placed is reserved once, the back orders' under their description
      const inventory = container.resolve(Modules.INVENTORY)
      const reservations = await inventory.listReservationItems({ inventory_item_id: store.backorderInventoryItemId })
      const placedUnits = [first, second].reduce(
        (sum, answer, i) => sum + (answer.status === 200 ? [3, 1][i] : 0),
        0
      )
      expect(reservations.reduce((sum, r) => sum + Number(r.quantity), 0)).toBe(2 + placedUnits)
      expect(await inventoryLevel(container, store, store.backorderInventoryItemId)).toEqual({
        stocked: 6,
        reserved: 2 + placedUnits,
      })
      const described = reservations.filter((r) => r.description?.startsWith("backorder:"))
      const backorderedUnits = placed.reduce(
        (sum, answer) =>
          sum + answer.data.backorder.draft_order.items.reduce((s: number, item: any) => s + Number(item.quantity), 0),
        2
      )
      expect(described.reduce((sum, r) => sum + Number(r.quantity), 0)).toBe(backorderedUnits)
    })
  },
})
