// the plugin's readiness on (the other specs keep their back orders pending: see medusa-config.ts)
process.env.BACKORDER_TEST_READINESS = "1"

import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { backorderGuestToken } from "../../src/utils/backorder-guest-token"
import { type AdminHeaders } from "../utils/admin"
import { eventually, reservedTshirts } from "../utils/backorders"
import { SHOPPER_ADDRESS } from "../utils/cart"
import { setStock as setStockOf } from "../utils/checkout"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(240 * 1000)

medusaIntegrationTestRunner({
  testSuite: (suite) => {
    const { api, getContainer } = suite
    let admin: AdminHeaders
    let store: SeededStore
    let container: MedusaContainer
    const canceledEvents: any[] = []

    beforeAll(async () => {
      container = getContainer()
      ;({ store, admin } = await seedOncePerSpec(suite, { backordersEnabled: true }))
      container.resolve(Modules.EVENT_BUS).subscribe("backorder.canceled", async (event: any) => {
        canceledEvents.push(event.data)
      })
    })

    beforeEach(() => {
      canceledEvents.length = 0
    })

    const answer = (promise: Promise<any>) => promise.catch((error: any) => error.response)

    const setStock = (stocked: number) => setStockOf(api, admin, store, store.backorderInventoryItemId, stocked)

    const headersOf = (token?: string) => ({
      headers: { ...store.headers.headers, ...(token && { authorization: `Bearer ${token}` }) },
    })

    /** A registered, logged-in customer: their bearer token. */
    async function customer(email: string) {
      const shopper = { email, password: "secret123" }
      const { data: registered } = await api.post("/auth/customer/emailpass/register", shopper)
      await api.post("/store/customers", { email }, headersOf(registered.token))
      const { data: login } = await api.post("/auth/customer/emailpass", shopper)
      return login.token as string
    }

    /** `quantity` T-shirts back ordered at an empty shelf, by a logged-in customer (token) or a guest. */
    async function placeBackordered(quantity: number, { token, email = "guest@example.com" }: { token?: string; email?: string }) {
      const { data } = await api.post(
        "/store/carts",
        { region_id: store.regionId, shipping_address: SHOPPER_ADDRESS, billing_address: SHOPPER_ADDRESS, ...(!token && { email }) },
        headersOf(token)
      )
      const cartId = data.cart.id
      await api.post(
        `/store/carts/${cartId}/line-items`,
        { variant_id: store.backorderVariantId, quantity, metadata: { backorder: "accept" } },
        headersOf(token)
      )
      await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shippingOptionId }, headersOf(token))
      const { data: completion } = await api.post(`/store/carts/${cartId}/complete`, {}, headersOf(token))
      return { id: completion.backorder.id as string, draftOrderId: completion.backorder.draft_order.id as string }
    }

    const backorderOf = async (id: string) => (await api.get(`/admin/backorders/${id}`, admin)).data.backorder
    const cancelAsCustomer = (id: string, token?: string) =>
      answer(api.post(`/store/customers/me/backorders/${id}/cancel`, {}, headersOf(token)))
    const cancelAsGuest = (id: string, token: string) =>
      answer(api.post(`/store/backorders/${id}/cancel`, { token }, store.headers))
    const feedOf = async (id: string) =>
      (await container.resolve(Modules.NOTIFICATION).listNotifications({ resource_id: id, channel: "feed" })) as any[]

    it("the owner cancels a pending and a ready back order: units released, draft canceled, event and feed notice", async () => {
      await setStock(0)
      const token = await customer("ada@example.com")
      const older = await placeBackordered(2, { token })
      const newer = await placeBackordered(3, { token })
      await setStock(2)
      await eventually(async () => (await backorderOf(older.id)).status, (status) => status === "ready")
      expect((await backorderOf(newer.id)).status).toBe("pending")
      expect(await reservedTshirts(container, store)).toBe(5)

      const ready = await cancelAsCustomer(older.id, token)
      expect(ready.status).toBe(200)
      expect(ready.data.backorder).toEqual(expect.objectContaining({ id: older.id, status: "canceled", canceled_at: expect.any(String) }))
      expect(ready.data.backorder.order.status).toBe("canceled")
      const pending = await cancelAsCustomer(newer.id, token)
      expect(pending.status).toBe(200)
      expect(pending.data.backorder.status).toBe("canceled")

      expect(await reservedTshirts(container, store)).toBe(0)
      expect(await eventually(async () => canceledEvents, (events) => events.length >= 2)).toEqual([
        { id: older.id, order_id: older.draftOrderId, canceled_by: "customer" },
        { id: newer.id, order_id: newer.draftOrderId, canceled_by: "customer" },
      ])
      const feed = await eventually(() => feedOf(older.id), (notices) => notices.some((n) => n.trigger_type === "backorder.canceled"))
      expect(feed.filter((n) => n.trigger_type === "backorder.canceled")).toEqual([
        expect.objectContaining({ template: "admin-ui", data: expect.objectContaining({ title: expect.stringContaining("canceled by the customer") }) }),
      ])

      // canceled already: 409, nothing changes
      const again = await cancelAsCustomer(older.id, token)
      expect(again.status).toBe(409)
      expect(again.data.message).toContain("is canceled")
    })

    it("another customer gets 404 and changes nothing; no login is 401; a charged back order is 409", async () => {
      await setStock(0)
      const owner = await customer("ada@example.com")
      const other = await customer("grace@example.com")
      const placed = await placeBackordered(2, { token: owner })

      const foreign = await cancelAsCustomer(placed.id, other)
      expect(foreign.status).toBe(404)
      expect(foreign.data).toEqual({ type: "not_found", message: `Back order with id: ${placed.id} was not found` })
      const unknown = await cancelAsCustomer("bo_01UNKNOWN0000000000000000", other)
      expect(unknown.status).toBe(404)
      expect((await cancelAsCustomer(placed.id)).status).toBe(401)
      expect((await backorderOf(placed.id)).status).toBe("pending")
      expect(await reservedTshirts(container, store)).toBe(2)

      await api.post(`/admin/backorders/${placed.id}/charge`, { shipping_amount: 5, payment: "record" }, admin)
      const afterCharge = await cancelAsCustomer(placed.id, owner)
      expect(afterCharge.status).toBe(409)
      expect((await backorderOf(placed.id)).status).toBe("charged")
    })

    it("a guest cancels with the link's token; a wrong token is the same 404 as an unknown id", async () => {
      await setStock(0)
      const placed = await placeBackordered(2, { email: "guest@example.com" })
      const token = backorderGuestToken(placed.id, "supersecret")

      const wrong = await cancelAsGuest(placed.id, token.slice(0, -2) + "xx")
      const unknownId = "bo_01UNKNOWN0000000000000000"
      const unknown = await cancelAsGuest(unknownId, backorderGuestToken(unknownId, "wrong-secret"))
      expect([wrong.status, unknown.status]).toEqual([404, 404])
      expect(wrong.data).toEqual({ type: "not_found", message: `Back order with id: ${placed.id} was not found` })
      expect(unknown.data).toEqual({ type: "not_found", message: `Back order with id: ${unknownId} was not found` })
      expect((await cancelAsGuest(placed.id, "")).status).toBe(400)
      expect((await backorderOf(placed.id)).status).toBe("pending")

      // the token another back order's link carries opens only that one
      const second = await placeBackordered(1, { email: "guest@example.com" })
      expect((await cancelAsGuest(second.id, token)).status).toBe(404)

      const canceled = await cancelAsGuest(placed.id, token)
      expect(canceled.status).toBe(200)
      expect(canceled.data.backorder.status).toBe("canceled")
      expect(await reservedTshirts(container, store)).toBe(1)
    })

    it("a customer's cancel racing an admin's charge: exactly one wins, and the books agree", async () => {
      await setStock(0)
      const token = await customer("ada@example.com")
      const outcomes: string[] = []
      for (let round = 0; round < 3; round++) {
        const placed = await placeBackordered(1, { token })
        const [cancel, charge] = await Promise.all([
          cancelAsCustomer(placed.id, token),
          answer(api.post(`/admin/backorders/${placed.id}/charge`, { shipping_amount: 5, payment: "record" }, admin)),
        ])
        expect([cancel.status, charge.status].sort()).toEqual([200, 409])
        const backorder = await backorderOf(placed.id)
        const reservations = await container.resolve(Modules.INVENTORY).listReservationItems({
          inventory_item_id: store.backorderInventoryItemId,
        })
        if (cancel.status === 200) {
          outcomes.push("canceled")
          expect(backorder.status).toBe("canceled")
          expect(backorder.order.status).toBe("canceled")
          expect(backorder.payment_collection_id).toBeNull()
        } else {
          outcomes.push("charged")
          expect(backorder.status).toBe("charged")
          expect(backorder.order).toEqual(expect.objectContaining({ status: "pending", is_draft_order: false }))
          // the order's own reservation of its unit, the back order's gone
          expect(reservations.filter((r) => r.line_item_id === backorder.order.items[0].id)).toHaveLength(1)
        }
        expect(reservations.filter((r) => r.description === `backorder:${placed.draftOrderId}`)).toEqual([])
      }
      expect(outcomes).toHaveLength(3)
    })
  },
})
