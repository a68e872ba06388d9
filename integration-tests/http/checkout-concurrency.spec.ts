import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { type AdminHeaders } from "../utils/admin"
import { addLineItem, createCart } from "../utils/cart"
import { checkoutFootprint, inventoryLevel, numeric as num, setStock } from "../utils/checkout"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(240 * 1000)

const TEST_CARD = "pp_test-card_test"
/**
 * A gateway's time to authorise a card (the test provider waits this long): a slow one, so that
 * the part of a checkout that runs one at a time per variant (the re-check, the order and its
 * reservations, under the stock lock) stays shorter than it even on a busy test machine.
 */
const AUTHORIZE_DELAY_MS = 3000

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbUtils, dbConfig }) => {
    let store: SeededStore
    let admin: AdminHeaders

    beforeAll(async () => {
      ;({ store, admin } = await seedOncePerSpec(
        { api, getContainer, dbUtils, dbConfig },
        {
          backordersEnabled: true,
          prepare: ({ store, admin }) =>
            api.post(`/admin/regions/${store.regionId}`, { payment_providers: ["pp_system_default", TEST_CARD] }, admin),
        }
      ))
    })

    /** One T-shirt (backorderable, in stock), shipping chosen, a test-card session that takes 500 ms to authorise. */
    async function slowCardCart() {
      // one shopper each: carts of one new email created at once race to create its customer
      const cart = await createCart(api, store, { email: `shopper-${Math.random().toString(36).slice(2)}@example.com` })
      await addLineItem(api, store, cart.id, { variant_id: store.backorderVariantId, quantity: 1 })
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionId }, store.headers)
      const { data } = await api.post("/store/payment-collections", { cart_id: cart.id }, store.headers)
      await api.post(
        `/store/payment-collections/${data.payment_collection.id}/payment-sessions`,
        { provider_id: TEST_CARD, data: { authorize_delay_ms: AUTHORIZE_DELAY_MS } },
        store.headers
      )
      return cart.id as string
    }

    const complete = (cartId: string) =>
      api.post(`/store/carts/${cartId}/complete`, {}, { ...store.headers, validateStatus: () => true })

    /** The order's items and payments, as stored. */
    async function orderOf(container: MedusaContainer, orderId: string) {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const {
        data: [order],
      } = await query.graph({
        entity: "order",
        fields: ["id", "items.*", "payment_collections.payments.*"],
        filters: { id: orderId },
      })
      return order
    }

    it("completions of one well-stocked backorderable variant authorise their payments side by side, and the books hold", async () => {
      const container = getContainer()
      await setStock(api, admin, store, store.backorderInventoryItemId, 100)
      const cartIds = await Promise.all(Array.from({ length: 4 }, () => slowCardCart()))

      const responses = await Promise.all(cartIds.map(complete))
      expect(responses.map((r) => [r.status, r.data.type])).toEqual(cartIds.map(() => [200, "order"]))

      // when each authorisation ran, as the provider recorded it on the payment
      const windows: { start: number; end: number }[] = []
      for (const response of responses) {
        const order = await orderOf(container, response.data.order.id)
        expect(order.items.map((i: any) => [i.variant_id, num(i.quantity)])).toEqual([[store.backorderVariantId, 1]])
        const payments = order.payment_collections.flatMap((pc: any) => pc.payments ?? [])
        expect(payments).toHaveLength(1)
        windows.push({ start: Number(payments[0].data.authorize_started_at), end: Number(payments[0].data.authorize_ended_at) })
      }
      windows.sort((a, b) => a.start - b.start)
      expect(windows.every((w) => w.end - w.start >= AUTHORIZE_DELAY_MS - 5)).toBe(true)
      // one authorisation began while another was still running: no lock kept them apart
      const overlapping = windows.filter((w, i) => i > 0 && w.start < windows[i - 1].end).length
      expect(overlapping).toBeGreaterThanOrEqual(1)

      // the books: 4 orders, 4 units reserved, nothing else touched
      expect(await inventoryLevel(container, store, store.backorderInventoryItemId)).toEqual({ stocked: 100, reserved: 4 })
      for (const cartId of cartIds) {
        const footprint = await checkoutFootprint(container, cartId)
        expect(footprint.orders).toHaveLength(1)
        expect(footprint.backorders).toHaveLength(0)
      }
    })

    it("20 completions fired together for the last 5 units: exactly 5 sold, 15 answered 409 stock_changed with nothing authorised", async () => {
      const container = getContainer()
      await setStock(api, admin, store, store.backorderInventoryItemId, 5)
      const cartIds: string[] = []
      for (let i = 0; i < 20; i += 5) {
        cartIds.push(...(await Promise.all(Array.from({ length: 5 }, () => slowCardCart()))))
      }

      const responses = await Promise.all(cartIds.map(complete))
      const sold = responses.filter((r) => r.status === 200 && r.data.type === "order")
      const refused = responses.filter((r) => r.status === 409)
      expect(sold).toHaveLength(5)
      expect(refused).toHaveLength(15)
      for (const r of refused) {
        expect(r.data).toMatchObject({ type: "backorder_stock_changed" })
        expect(r.data.items).toEqual([
          expect.objectContaining({ variant_id: store.backorderVariantId, requested: 1, available: 0 }),
        ])
        expect(r.data.message).toMatch(/^Stock changed since these items were added: only 0 of .* available now/)
      }

      // the books: 5 units reserved, one order per sold cart, nothing for the refused ones
      expect(await inventoryLevel(container, store, store.backorderInventoryItemId)).toEqual({ stocked: 5, reserved: 5 })
      const soldIds = new Set(sold.map((r) => r.data.order.id))
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      for (const [i, cartId] of cartIds.entries()) {
        const footprint = await checkoutFootprint(container, cartId)
        const { data: [cart] } = await query.graph({
          entity: "cart",
          fields: ["completed_at", "items.id", "payment_collection.payment_sessions.status", "payment_collection.payments.id"],
          filters: { id: cartId },
        })
        if (responses[i].status === 200) {
          expect(footprint.orders.map((o: any) => o.id)).toEqual([responses[i].data.order.id])
          expect(soldIds.has(responses[i].data.order.id)).toBe(true)
          expect(cart.payment_collection.payment_sessions.map((s: any) => s.status)).toEqual(["authorized"])
        } else {
          expect(footprint.orders).toHaveLength(0)
          expect(cart.completed_at).toBeNull()
          expect(cart.items).toHaveLength(1)
          expect(cart.payment_collection.payment_sessions.map((s: any) => s.status)).toEqual(["pending"])
          expect(cart.payment_collection.payments ?? []).toHaveLength(0)
        }
      }
    })
  },
})
