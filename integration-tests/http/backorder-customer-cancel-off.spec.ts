// the store turned customers' own cancels off (the plugin option `customer_cancel: false`, see
// medusa-config.ts), and readiness on, so a ready back order is refused as a pending one is
process.env.BACKORDER_TEST_CUSTOMER_CANCEL = "0"
process.env.BACKORDER_TEST_READINESS = "1"

import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { backorderGuestToken } from "../../src/utils/backorder-guest-token"
import { type AdminHeaders } from "../utils/admin"
import { eventually, reservedTshirts } from "../utils/backorders"
import { SHOPPER_ADDRESS } from "../utils/cart"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(240 * 1000)

const REFUSAL = {
  type: "not_allowed",
  message: "This store does not let customers cancel back orders; please contact the store.",
}

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

    const answer = (promise: Promise<any>) => promise.catch((error: any) => error.response)

    const setStock = (stocked_quantity: number) =>
      api.post(
        `/admin/inventory-items/${store.backorderInventoryItemId}/location-levels/${store.stockLocationId}`,
        { stocked_quantity },
        admin
      )

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
    /** What a cancel would change: the back order's status, its draft's, and its reservations. */
    const booksOf = async (id: string, draftOrderId: string) => {
      const backorder = await backorderOf(id)
      const reservations = await container.resolve(Modules.INVENTORY).listReservationItems({
        inventory_item_id: store.backorderInventoryItemId,
        description: `backorder:${draftOrderId}`,
      })
      return {
        status: backorder.status,
        draft: backorder.order.status,
        canceled_at: backorder.canceled_at,
        reserved: reservations.reduce((sum, r) => sum + Number(r.quantity), 0),
      }
    }
    const cancelAsCustomer = (id: string, token?: string) =>
      answer(api.post(`/store/customers/me/backorders/${id}/cancel`, {}, headersOf(token)))
    const cancelAsGuest = (id: string, token: string) =>
      answer(api.post(`/store/backorders/${id}/cancel`, { token }, store.headers))
    const cancelNoticesOf = async (id: string) =>
      (await container.resolve(Modules.NOTIFICATION).listNotifications({ resource_id: id, trigger_type: "backorder.canceled" })) as any[]

    it("customer_cancel: false: the owner's and the guest's cancels of pending and ready back orders are refused, and nothing changes", async () => {
      await setStock(0)
      const token = await customer("ada@example.com")
      const ready = await placeBackordered(2, { token })
      const pending = await placeBackordered(3, { token })
      const guest = await placeBackordered(1, { email: "guest@example.com" })
      await setStock(2)
      await eventually(async () => (await backorderOf(ready.id)).status, (status) => status === "ready")
      const placed = [ready, pending, guest]
      const before = await Promise.all(placed.map((p) => booksOf(p.id, p.draftOrderId)))
      expect(before).toEqual([
        { status: "ready", draft: "draft", canceled_at: null, reserved: 2 },
        { status: "pending", draft: "draft", canceled_at: null, reserved: 3 },
        { status: "pending", draft: "draft", canceled_at: null, reserved: 1 },
      ])
      expect(await reservedTshirts(container, store)).toBe(6)

      const refusals = [
        await cancelAsCustomer(ready.id, token),
        await cancelAsCustomer(pending.id, token),
        await cancelAsGuest(guest.id, backorderGuestToken(guest.id, "supersecret")),
      ]
      for (const refusal of refusals) {
        expect(refusal.status).toBe(400)
        expect(refusal.data).toEqual(REFUSAL)
      }
      // the guest's link is still checked first: a wrong token is the same 404 as ever
      const wrong = await cancelAsGuest(guest.id, backorderGuestToken(pending.id, "supersecret"))
      expect(wrong.status).toBe(404)
      expect(wrong.data).toEqual({ type: "not_found", message: `Back order with id: ${guest.id} was not found` })

      await new Promise((resolve) => setTimeout(resolve, 1000)) // room for an event or notice a cancel would send
      expect(await Promise.all(placed.map((p) => booksOf(p.id, p.draftOrderId)))).toEqual(before)
      expect(await reservedTshirts(container, store)).toBe(6)
      expect(canceledEvents).toEqual([])
      for (const p of placed) {
        expect(await cancelNoticesOf(p.id)).toEqual([])
      }

      // the option turns off the customers' cancel only: the admin still cancels
      const byAdmin = await answer(api.post(`/admin/backorders/${pending.id}/cancel`, {}, admin))
      expect(byAdmin.status).toBe(200)
      expect((await backorderOf(pending.id)).status).toBe("canceled")
      expect(await reservedTshirts(container, store)).toBe(3)
    })
  },
})
