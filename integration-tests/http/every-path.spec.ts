import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { cancelOrderWorkflow, completeCartWorkflow, convertDraftOrderWorkflow } from "@medusajs/medusa/core-flows"
import { type AdminHeaders } from "../utils/admin"
import { addLineItem, completeCart, createCart, prepareCheckout } from "../utils/cart"
import { addAccepting, cartPayments, checkoutFootprint, inventoryLevel, numeric as num, setStock } from "../utils/checkout"
import { eventually, placePendingBackorder } from "../utils/backorders"
import { backorderLineRecords, setVariantPrices } from "../utils/add-to-cart"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"
import type { TestCardScenario } from "../fixtures/test-payment/service"
import { BACKORDER_MODULE } from "../../src/modules/backorder"
import type BackorderModuleService from "../../src/modules/backorder/service"

jest.setTimeout(180 * 1000)

const TEST_CARD = "pp_test-card_test"

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

    /** 2 socks + 8 T-shirts (5 in stock, 3 back ordered), shipping chosen, a test-card session. */
    async function backorderCartPaidWith(scenario: TestCardScenario) {
      const cart = await createCart(api, store)
      await addLineItem(api, store, cart.id, { variant_id: store.inStockVariantId, quantity: 2 })
      await addAccepting(api, store, cart.id, store.backorderVariantId, 8)
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionId }, store.headers)
      const { data } = await api.post("/store/payment-collections", { cart_id: cart.id }, store.headers)
      const { data: withSession } = await api.post(
        `/store/payment-collections/${data.payment_collection.id}/payment-sessions`,
        { provider_id: TEST_CARD, data: { scenario } },
        store.headers
      )
      const sessionId: string = withSession.payment_collection.payment_sessions[0].id
      return { cartId: cart.id as string, sessionId }
    }

    /** `quantity` T-shirts (all in stock, no back-order line), shipping chosen, a test-card session. */
    async function inStockCartPaidWith(scenario: TestCardScenario, quantity: number) {
      const cart = await createCart(api, store)
      await addLineItem(api, store, cart.id, { variant_id: store.backorderVariantId, quantity })
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionId }, store.headers)
      const { data } = await api.post("/store/payment-collections", { cart_id: cart.id }, store.headers)
      const { data: withSession } = await api.post(
        `/store/payment-collections/${data.payment_collection.id}/payment-sessions`,
        { provider_id: TEST_CARD, data: { scenario } },
        store.headers
      )
      return { cartId: cart.id as string, sessionId: withSession.payment_collection.payment_sessions[0].id as string }
    }

    /** The plugin's oversold records of a cart and the admin feed notifications of an order. */
    async function oversoldBooks(container: MedusaContainer, cartId: string, orderId: string) {
      const lines = await container.resolve<BackorderModuleService>(BACKORDER_MODULE).listOversoldLines({ cart_id: cartId })
      const notifications = await container
        .resolve(Modules.NOTIFICATION)
        .listNotifications({ resource_id: orderId, channel: "feed" })
      return { lines, notifications }
    }

    /** The provider's webhook, through Medusa's own route. */
    const webhook = (body: { type: string; session_id: string; amount?: number }) =>
      api.post(`/hooks/payment/test-card_test`, body)

    async function orderOf(container: MedusaContainer, orderId: string) {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const {
        data: [order],
      } = await query.graph({
        entity: "order",
        fields: ["id", "total", "items.*", "payment_collections.*", "payment_collections.payments.*"],
        filters: { id: orderId },
      })
      return order
    }

    /** The books of a completed back-order cart: its order, its back order, stock and payment. */
    async function expectPlacedByThePlugin(container: MedusaContainer, cartId: string) {
      const footprint = await checkoutFootprint(container, cartId)
      expect(footprint.orders).toHaveLength(1)
      expect(footprint.backorders).toHaveLength(1)
      expect(footprint.backorders[0].status).toBe("pending")
      expect(footprint.backorders[0].source_order_id).toBe(footprint.orders[0].id)
      expect(footprint.drafts).toHaveLength(1)
      expect(footprint.drafts[0].items.map((i: any) => [i.variant_id, num(i.quantity)])).toEqual([[store.backorderVariantId, 3]])

      const order = await orderOf(container, footprint.orders[0].id)
      // only what is in stock, at its price; never a zero-priced back-order line
      expect(order.items.map((i: any) => [i.variant_id, num(i.quantity), num(i.unit_price)]).sort()).toEqual(
        [
          [store.inStockVariantId, 2, 5],
          [store.backorderVariantId, 5, 20],
        ].sort()
      )
      const payments = order.payment_collections.flatMap((pc: any) => pc.payments ?? [])
      expect(payments).toHaveLength(1)
      expect(num(payments[0].amount)).toBeCloseTo(num(order.total), 6)
      expect(payments[0].provider_id).toBe(TEST_CARD)
      // 5 sold + 3 back ordered
      expect(await inventoryLevel(container, store, store.backorderInventoryItemId)).toEqual({ stocked: 5, reserved: 8 })
      return { footprint, order, payments }
    }

    describe("a payment webhook confirms the payment and no storefront completes the cart", () => {
      it("the plugin completes it: the available items in a paid order, the rest a pending back order", async () => {
        const container = getContainer()
        const { cartId, sessionId } = await backorderCartPaidWith("authorize")

        expect((await webhook({ type: "authorized", session_id: sessionId })).status).toBe(200)
        const completed = await eventually(
          () => checkoutFootprint(container, cartId),
          // done once the back order is linked to its order (the run's last steps)
          (f) => f.orders.length > 0 && !!f.backorders[0]?.source_order_id
        )
        expect(completed.orders).toHaveLength(1)
        await expectPlacedByThePlugin(container, cartId)

        // the storefront coming back later gets the same order, nothing twice
        const { data } = await api.post(`/store/carts/${cartId}/complete`, {}, store.headers)
        expect(data.order.id).toBe(completed.orders[0].id)
        await expectPlacedByThePlugin(container, cartId)
      })

      it("after 3-D Secure: the shopper's checkout asks for more, the bank's webhook then completes it once", async () => {
        const container = getContainer()
        const { cartId, sessionId } = await backorderCartPaidWith("3ds")

        // Medusa's payment module answers a session the provider left at requires_more with NOT_ALLOWED
        const first = await api.post(`/store/carts/${cartId}/complete`, {}, store.headers).catch((e: any) => e.response)
        expect(first.status).toBe(400)
        expect(first.data).toEqual({ type: "not_allowed", message: `Session: ${sessionId} was not authorized with the provider.` })
        const { data: waiting } = await api.get(`/store/carts/${cartId}`, store.headers)
        expect(waiting.cart.items.filter((i: any) => i.metadata?.is_backorder)).toHaveLength(1)
        expect(await checkoutFootprint(container, cartId)).toEqual(
          expect.objectContaining({ orders: [], backorders: [], drafts: [], payments: [] })
        )

        // the shopper closed the tab; the webhook arrives, twice as gateways do
        await webhook({ type: "authorized", session_id: sessionId })
        await webhook({ type: "authorized", session_id: sessionId })
        await eventually(
          () => checkoutFootprint(container, cartId),
          // done once the back order is linked to its order (the run's last steps)
          (f) => f.orders.length > 0 && !!f.backorders[0]?.source_order_id
        )
        // let the second delivery finish too
        await new Promise((resolve) => setTimeout(resolve, 1500))
        await expectPlacedByThePlugin(container, cartId)
      })
    })

    describe("the cart is short when the provider's webhook confirms its payment (stock changed after the shopper paid)", () => {
      it("no back-order lines: one order with every paid unit, the short units recorded as oversold, the admin notified once", async () => {
        const container = getContainer()
        const { cartId, sessionId } = await inStockCartPaidWith("3ds", 5)
        // the shopper pays (3-D Secure) and closes the tab; meanwhile another shopper buys 2 of the 5
        const other = await createCart(api, store)
        await addLineItem(api, store, other.id, { variant_id: store.backorderVariantId, quantity: 2 })
        await prepareCheckout(api, store, other.id)
        expect((await completeCart(api, store, other.id)).type).toBe("order")

        // the bank's webhook, delivered twice as gateways do
        expect((await webhook({ type: "authorized", session_id: sessionId })).status).toBe(200)
        expect((await webhook({ type: "authorized", session_id: sessionId })).status).toBe(200)
        const { orders } = await eventually(
          () => checkoutFootprint(container, cartId),
          (f) => f.orders.length > 0
        )
        const orderId: string = orders[0].id
        await eventually(
          () => oversoldBooks(container, cartId, orderId),
          (books) => books.notifications.length > 0
        )
        // let the second delivery and Medusa's delayed processing of both finish
        await new Promise((resolve) => setTimeout(resolve, 1500))

        const footprint = await checkoutFootprint(container, cartId)
        expect(footprint.orders).toHaveLength(1)
        expect(footprint.backorders).toEqual([])
        const order = await orderOf(container, orderId)
        expect(order.items.map((i: any) => [i.variant_id, num(i.quantity), num(i.unit_price)])).toEqual([[store.backorderVariantId, 5, 20]])
        const payments = order.payment_collections.flatMap((pc: any) => pc.payments ?? [])
        expect(payments).toHaveLength(1)
        expect(num(payments[0].amount)).toBeCloseTo(num(order.total), 6)

        const { lines, notifications } = await oversoldBooks(container, cartId, orderId)
        expect(lines.map((l: any) => [l.order_id, l.variant_id, num(l.ordered_quantity), num(l.oversold_quantity)])).toEqual([
          [orderId, store.backorderVariantId, 5, 2],
        ])
        expect(notifications).toHaveLength(1)
        expect(notifications[0]).toEqual(expect.objectContaining({ channel: "feed", template: "admin-ui", resource_type: "order" }))
        expect(notifications[0].data.title).toMatch(/^Order #\d+ is oversold$/)
        expect(notifications[0].data.description).toContain("2 × Medusa T-Shirt")
        // the dashboard's notification list shows it, and the admin API lists the oversold units
        const { data: feed } = await api.get("/admin/notifications?limit=100", admin)
        expect(feed.notifications.filter((n: any) => n.id === notifications[0].id)).toHaveLength(1)
        const { data: listed } = await api.get(`/admin/oversold-lines?order_id=${orderId}`, admin)
        expect(listed).toEqual({
          oversold_lines: [expect.objectContaining({ order_id: orderId, variant_id: store.backorderVariantId, ordered_quantity: 5, oversold_quantity: 2 })],
          count: 1,
          limit: 20,
          offset: 0,
        })
        expect((await api.get("/admin/oversold-lines").catch((e: any) => e.response)).status).toBe(401)
        const bad = await api.get("/admin/oversold-lines?limit=-1", admin).catch((e: any) => e.response)
        expect(bad.status).toBe(400)
        expect(bad.data.type).toBe("invalid_data")
        // 2 sold to the other shopper + 5 to this one: 2 units promised past stock
        expect(await inventoryLevel(container, store, store.backorderInventoryItemId)).toEqual({ stocked: 5, reserved: 7 })
      })

      it("with back-order lines: the paid order, its pending back order, and the short in-stock units recorded as oversold", async () => {
        const container = getContainer()
        const { cartId, sessionId } = await backorderCartPaidWith("3ds")
        // stock counted again after the shopper paid: 3, not 5
        await setStock(api, admin, store, store.backorderInventoryItemId, 3)

        await webhook({ type: "authorized", session_id: sessionId })
        await webhook({ type: "authorized", session_id: sessionId })
        const { orders } = await eventually(
          () => checkoutFootprint(container, cartId),
          (f) => f.orders.length > 0 && !!f.backorders[0]?.source_order_id
        )
        const orderId: string = orders[0].id
        await eventually(
          () => oversoldBooks(container, cartId, orderId),
          (books) => books.notifications.length > 0
        )
        await new Promise((resolve) => setTimeout(resolve, 1500))

        const footprint = await checkoutFootprint(container, cartId)
        expect(footprint.orders).toHaveLength(1)
        expect(footprint.backorders.map((b: any) => [b.status, b.source_order_id])).toEqual([["pending", orderId]])
        expect(footprint.drafts[0].items.map((i: any) => [i.variant_id, num(i.quantity)])).toEqual([[store.backorderVariantId, 3]])
        const order = await orderOf(container, orderId)
        expect(order.items.map((i: any) => [i.variant_id, num(i.quantity), num(i.unit_price)]).sort()).toEqual(
          [
            [store.inStockVariantId, 2, 5],
            [store.backorderVariantId, 5, 20],
          ].sort()
        )
        const payments = order.payment_collections.flatMap((pc: any) => pc.payments ?? [])
        expect(payments).toHaveLength(1)
        expect(num(payments[0].amount)).toBeCloseTo(num(order.total), 6)

        const { lines, notifications } = await oversoldBooks(container, cartId, orderId)
        expect(lines.map((l: any) => [l.order_id, l.variant_id, num(l.ordered_quantity), num(l.oversold_quantity)])).toEqual([
          [orderId, store.backorderVariantId, 5, 2],
        ])
        expect(notifications).toHaveLength(1)
        // 5 ordered + 3 back ordered against 3 stocked
        expect(await inventoryLevel(container, store, store.backorderInventoryItemId)).toEqual({ stocked: 3, reserved: 8 })
      })
    })

    describe("other confirmations a gateway sends", () => {
      it("captured at once (auto-capture): the webhook's completion is the plugin's, the capture is the order's", async () => {
        const container = getContainer()
        const { cartId, sessionId } = await backorderCartPaidWith("authorize")
        // a gateway reports the amount it captured: what the cart charges now
        const { data } = await api.get(`/store/carts/${cartId}`, store.headers)
        await webhook({ type: "captured", session_id: sessionId, amount: data.cart.total })
        await eventually(
          () => checkoutFootprint(container, cartId),
          (f) => f.orders.length > 0 && !!f.backorders[0]?.source_order_id && !!f.payments[0]?.captured_at
        )
        const { payments } = await expectPlacedByThePlugin(container, cartId)
        expect(payments[0].captured_at).toBeTruthy()
      })

      it("a deferred authorisation: checkout places the order and the back order, the webhook authorises the order's payment later", async () => {
        const container = getContainer()
        const { cartId, sessionId } = await backorderCartPaidWith("pending")
        const { data } = await api.post(`/store/carts/${cartId}/complete`, {}, store.headers)
        expect(data.type).toBe("order")
        expect(data.backorder.status).toBe("pending")
        expect((await checkoutFootprint(container, cartId)).payments).toEqual([])

        await webhook({ type: "authorized", session_id: sessionId })
        await eventually(
          () => checkoutFootprint(container, cartId),
          (f) => f.payments.length > 0
        )
        await expectPlacedByThePlugin(container, cartId)
      })
    })

    describe("a merchant's own call of Medusa's completeCartWorkflow", () => {
      it("is refused for a cart with back-order lines before anything is created or authorised; the store route then completes it", async () => {
        const container = getContainer()
        const { cartId } = await backorderCartPaidWith("authorize")

        const { errors } = await completeCartWorkflow(container).run({ input: { id: cartId }, throwOnError: false })
        expect(errors[0]?.error?.message).toContain("holds back-ordered items; it can only be completed by the backorder plugin's checkout")
        expect(await checkoutFootprint(container, cartId)).toEqual(
          expect.objectContaining({ orders: [], backorders: [], drafts: [], payments: [] })
        )
        const { payments } = await cartPayments(container, cartId)
        expect(payments).toEqual([])
        expect(await inventoryLevel(container, store, store.backorderInventoryItemId)).toEqual({ stocked: 5, reserved: 0 })

        const { data } = await api.post(`/store/carts/${cartId}/complete`, {}, store.headers)
        expect(data.type).toBe("order")
        await expectPlacedByThePlugin(container, cartId)
      })

      it("a short cart without back-order lines is placed by Medusa as it would be, and its short units recorded as oversold, the admin notified once", async () => {
        const container = getContainer()
        const { cartId } = await inStockCartPaidWith("authorize", 5)
        const other = await createCart(api, store)
        await addLineItem(api, store, other.id, { variant_id: store.backorderVariantId, quantity: 2 })
        await prepareCheckout(api, store, other.id)
        expect((await completeCart(api, store, other.id)).type).toBe("order")

        const { result } = await completeCartWorkflow(container).run({ input: { id: cartId } })
        const order = await orderOf(container, result.id)
        expect(order.items.map((i: any) => [i.variant_id, num(i.quantity)])).toEqual([[store.backorderVariantId, 5]])
        // a replay of Medusa's completion (the cart is completed) records nothing more
        await completeCartWorkflow(container).run({ input: { id: cartId } })
        await eventually(
          () => oversoldBooks(container, cartId, result.id),
          (books) => books.notifications.length > 0
        )
        await new Promise((resolve) => setTimeout(resolve, 500))
        const { lines, notifications } = await oversoldBooks(container, cartId, result.id)
        expect(lines.map((l: any) => [l.order_id, l.variant_id, num(l.ordered_quantity), num(l.oversold_quantity)])).toEqual([
          [result.id, store.backorderVariantId, 5, 2],
        ])
        expect(notifications).toHaveLength(1)
        expect(await inventoryLevel(container, store, store.backorderInventoryItemId)).toEqual({ stocked: 5, reserved: 7 })
        // the other shopper's cart was not short: nothing recorded for it
        expect((await oversoldBooks(container, other.id, "none")).lines).toEqual([])
      })

      it("still completes carts without back-order lines exactly as Medusa does", async () => {
        const container = getContainer()
        const cart = await createCart(api, store)
        await addLineItem(api, store, cart.id, { variant_id: store.inStockVariantId, quantity: 2 })
        await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionId }, store.headers)
        const { data } = await api.post("/store/payment-collections", { cart_id: cart.id }, store.headers)
        await api.post(
          `/store/payment-collections/${data.payment_collection.id}/payment-sessions`,
          { provider_id: TEST_CARD, data: { scenario: "authorize" } },
          store.headers
        )
        const { result } = await completeCartWorkflow(container).run({ input: { id: cart.id } })
        expect((await orderOf(container, result.id)).items).toHaveLength(1)
      })
    })

    describe("the payment fails at checkout", () => {
      /** Places nothing and keeps the back-order lines: the cart is as the shopper left it. */
      async function expectNothingPlaced(container: MedusaContainer, cartId: string) {
        const { data } = await api.get(`/store/carts/${cartId}`, store.headers)
        expect(data.cart.completed_at).toBeNull()
        const backorderLines = data.cart.items.filter((i: any) => i.metadata?.is_backorder)
        expect(backorderLines.map((i: any) => [i.variant_id, i.quantity])).toEqual([[store.backorderVariantId, 3]])
        expect(await checkoutFootprint(container, cartId)).toEqual(
          expect.objectContaining({ orders: [], backorders: [], drafts: [], payments: [] })
        )
        expect(await inventoryLevel(container, store, store.backorderInventoryItemId)).toEqual({ stocked: 5, reserved: 0 })
      }

      it("a declined card gets exactly Medusa's answer for the same card, and nothing is placed", async () => {
        const container = getContainer()
        const { cartId, sessionId } = await backorderCartPaidWith("decline")
        const declined = await api.post(`/store/carts/${cartId}/complete`, {}, store.headers).catch((e: any) => e.response)

        // the same card on a cart Medusa completes alone (setting off, no back-order lines)
        await api.post("/admin/backorder-settings", { enabled: false }, admin)
        const plain = await createCart(api, store)
        await addLineItem(api, store, plain.id, { variant_id: store.inStockVariantId, quantity: 2 })
        await api.post(`/store/carts/${plain.id}/shipping-methods`, { option_id: store.shippingOptionId }, store.headers)
        const { data: collection } = await api.post("/store/payment-collections", { cart_id: plain.id }, store.headers)
        const { data: plainSession } = await api.post(
          `/store/payment-collections/${collection.payment_collection.id}/payment-sessions`,
          { provider_id: TEST_CARD, data: { scenario: "decline" } },
          store.headers
        )
        const medusa = await api.post(`/store/carts/${plain.id}/complete`, {}, store.headers).catch((e: any) => e.response)

        expect(declined.status).toBe(medusa.status)
        expect(declined.data).toEqual({
          ...medusa.data,
          message: medusa.data.message.replace(plainSession.payment_collection.payment_sessions[0].id, sessionId),
        })
        await expectNothingPlaced(container, cartId)
      })

      it("a gateway failure answers Medusa's payment error shape { type: \"cart\", cart, error } with the back-order lines still in the cart", async () => {
        const container = getContainer()
        const { cartId } = await backorderCartPaidWith("gateway_error")
        const { status, data } = await api.post(`/store/carts/${cartId}/complete`, {}, store.headers)
        expect(status).toBe(200)
        expect(data.type).toBe("cart")
        expect(data.error).toEqual(expect.objectContaining({ type: "payment_authorization_error" }))
        expect(data.cart.items.filter((i: any) => i.metadata?.is_backorder)).toHaveLength(1)
        await expectNothingPlaced(container, cartId)
      })
    })

    describe("input no shop sells is refused with a 400, and changes nothing", () => {
      const refused = (request: Promise<unknown>) => request.then(() => ({ status: 200, data: null as any }), (e: any) => e.response)

      it("quantities beyond what PostgreSQL stores, or beyond the back-order ceiling (10,000 by default)", async () => {
        const cart = await createCart(api, store)
        for (const [quantity, message] of [
          [1e12, "quantity must be at most 2147483647"],
          [2 ** 31, "quantity must be at most 2147483647"],
          [2 ** 31 - 1, "At most 10000 units of Medusa T-Shirt (L) can be back ordered in one cart"],
          [10_006, "At most 10000 units of Medusa T-Shirt (L) can be back ordered in one cart"],
        ] as const) {
          const answer = await refused(
            api.post(
              `/store/carts/${cart.id}/line-items`,
              { variant_id: store.backorderVariantId, quantity, metadata: { backorder: "accept" } },
              store.headers
            )
          )
          expect(answer.status).toBe(400)
          expect(answer.data).toEqual({ type: "invalid_data", message: expect.stringContaining(message) })
        }
        expect((await api.get(`/store/carts/${cart.id}`, store.headers)).data.cart.items).toEqual([])

        // within the ceiling it is accepted, as far as the per-shopper limit (max_outstanding_per_customer,
        // 100 by default) goes; raising the back-order line past the ceiling is refused
        const accepted = await addAccepting(api, store, cart.id, store.backorderVariantId, 10_005)
        const backorderLine = accepted.items.find((i: any) => i.metadata?.is_backorder)
        expect(backorderLine.quantity).toBe(100)
        const raised = await refused(
          api.post(`/store/carts/${cart.id}/line-items/${backorderLine.id}`, { quantity: 10_001 }, store.headers)
        )
        expect(raised.status).toBe(400)
        expect(raised.data.type).toBe("invalid_data")
        const after = (await api.get(`/store/carts/${cart.id}`, store.headers)).data.cart
        expect(after.items.map((i: any) => i.quantity).sort((a: number, b: number) => a - b)).toEqual([5, 100])
      })

      it("a shipping amount above the ceiling (100,000 by default) for the charge and its preview", async () => {
        const container = getContainer()
        const placed = await placePendingBackorder(api, container, store, admin)
        const charge = await refused(
          api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 1e300, payment: "record" }, admin)
        )
        expect(charge.status).toBe(400)
        expect(charge.data).toEqual({ type: "invalid_data", message: "shipping_amount must be at most 100000" })
        const preview = await refused(
          api.get(`/admin/backorders/${placed.backorderId}/charge-preview?shipping_amount=100000.01`, admin)
        )
        expect(preview.status).toBe(400)
        const { data } = await api.get(`/admin/backorders/${placed.backorderId}`, admin)
        expect(data.backorder.status).toBe("pending")
        expect(data.backorder.order.shipping_methods).toEqual([])
        expect(data.backorder.payment_collection_id).toBeNull()
      })
    })

    describe("Medusa's own Draft Orders and order screens on a pending back order", () => {
      const answer = (request: Promise<{ status: number; data: any }>) =>
        request.then(({ status, data }) => ({ status, data }), (e: any) => e.response)

      it("deleting, converting, editing or canceling its draft is refused (409) and changes nothing; the back order stays chargeable", async () => {
        const container = getContainer()
        const placed = await placePendingBackorder(api, container, store, admin)
        const reservedBefore = await inventoryLevel(container, store, store.backorderInventoryItemId)

        const attempts = [
          ["deleting the draft would leave its reserved units behind", () => api.delete(`/admin/draft-orders/${placed.draftOrderId}`, admin)],
          ["charge it in Backorders instead", () => api.post(`/admin/draft-orders/${placed.draftOrderId}/convert-to-order`, {}, admin)],
          ["its items are the back-ordered units", () => api.post(`/admin/draft-orders/${placed.draftOrderId}/edit`, {}, admin)],
          ["it releases the units and closes the back order", () => api.post(`/admin/orders/${placed.draftOrderId}/cancel`, {}, admin)],
        ] as const
        for (const [reason, request] of attempts) {
          const refused = await answer(request())
          expect(refused.status).toBe(409)
          expect(refused.data).toEqual({
            type: "conflict",
            code: "invalid_state_error",
            message: expect.stringContaining(`holds the pending back order ${placed.backorderId}`),
          })
          expect(refused.data.message).toContain(reason)
        }
        const { data } = await api.get(`/admin/backorders/${placed.backorderId}`, admin)
        expect(data.backorder.status).toBe("pending")
        expect(data.backorder.order).toEqual(expect.objectContaining({ status: "draft", is_draft_order: true }))
        expect(data.backorder.order.items.map((i: any) => i.quantity)).toEqual([3])
        expect(await inventoryLevel(container, store, store.backorderInventoryItemId)).toEqual(reservedBefore)

        const charged = await api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 5, payment: "record" }, admin)
        expect(charged.data.backorder.status).toBe("charged")
        // units reserved once: the checkout reservations were swapped for the order's
        expect(await inventoryLevel(container, store, store.backorderInventoryItemId)).toEqual(reservedBefore)
      })

      it("order edits, claims, exchanges, returns, fulfilment and owner changes of its draft are refused (409) and change nothing; ordinary orders still get them", async () => {
        const container = getContainer()
        const placed = await placePendingBackorder(api, container, store, admin)
        const draftId = placed.draftOrderId
        const draftFields = "?fields=id,status,is_draft_order,email,customer_id,sales_channel_id,*items,*fulfillments"
        const { data: before } = await api.get(`/admin/orders/${draftId}${draftFields}`, admin)
        const reservedBefore = await inventoryLevel(container, store, store.backorderInventoryItemId)
        const fulfil = (orderId: string, itemId: string) =>
          api.post(`/admin/orders/${orderId}/fulfillments`, { items: [{ id: itemId, quantity: 1 }] }, admin)

        const attempts = [
          ["its items are the back-ordered units", () => api.post("/admin/order-edits", { order_id: draftId }, admin)],
          ["it has nothing delivered to claim", () => api.post("/admin/claims", { order_id: draftId, type: "refund" }, admin)],
          ["it has nothing delivered to exchange", () => api.post("/admin/exchanges", { order_id: draftId }, admin)],
          ["it has nothing delivered to return", () => api.post("/admin/returns", { order_id: draftId }, admin)],
          ["charge it in Backorders first (the charge makes it an order", () => fulfil(draftId, before.order.items[0].id)],
          ["its units are reserved for this customer in this sales channel", () => api.post(`/admin/draft-orders/${draftId}`, { customer_id: "cus_someone_else" }, admin)],
          ["its units are reserved for this customer in this sales channel", () => api.post(`/admin/draft-orders/${draftId}`, { sales_channel_id: store.salesChannelId }, admin)],
          ["charge or cancel the back order in Backorders instead", () => api.post(`/admin/orders/${draftId}/complete`, {}, admin)],
        ] as const
        for (const [reason, request] of attempts) {
          const refused = await answer(request())
          expect({ status: refused.status, reason }).toEqual({ status: 409, reason })
          expect(refused.data).toEqual({
            type: "conflict",
            code: "invalid_state_error",
            message: expect.stringContaining(`Order ${draftId} holds the pending back order ${placed.backorderId}: `),
          })
          expect(refused.data.message).toContain(reason)
        }

        // nothing changed on the draft, its units or the back order
        const { data: after } = await api.get(`/admin/orders/${draftId}${draftFields}`, admin)
        expect(after.order).toEqual(before.order)
        expect(after.order.fulfillments).toEqual([])
        const { data: changes } = await api.get(`/admin/orders/${draftId}/changes`, admin)
        expect(changes.order_changes).toEqual([])
        expect(await inventoryLevel(container, store, store.backorderInventoryItemId)).toEqual(reservedBefore)
        expect((await api.get(`/admin/backorders/${placed.backorderId}`, admin)).data.backorder.status).toBe("pending")
        // its email and addresses stay editable (the shopper's typo)
        const renamed = await api.post(`/admin/draft-orders/${draftId}`, { email: "ada.lovelace@example.com" }, admin)
        expect(renamed.data.draft_order.email).toBe("ada.lovelace@example.com")

        // the same routes on ordinary orders
        async function ordinaryOrder() {
          const cart = await createCart(api, store)
          await addLineItem(api, store, cart.id, { variant_id: store.inStockVariantId, quantity: 2 })
          await prepareCheckout(api, store, cart.id)
          const { order } = await completeCart(api, store, cart.id)
          return order as { id: string; items: { id: string }[] }
        }
        expect((await api.post("/admin/order-edits", { order_id: (await ordinaryOrder()).id }, admin)).status).toBe(200)
        expect((await api.post("/admin/claims", { order_id: (await ordinaryOrder()).id, type: "refund" }, admin)).status).toBe(200)
        expect((await api.post("/admin/exchanges", { order_id: (await ordinaryOrder()).id }, admin)).status).toBe(200)
        expect((await api.post("/admin/returns", { order_id: (await ordinaryOrder()).id }, admin)).status).toBe(200)
        const shipped = await ordinaryOrder()
        expect((await fulfil(shipped.id, shipped.items[0].id)).status).toBe(200)
        expect((await api.post(`/admin/orders/${(await ordinaryOrder()).id}/complete`, {}, admin)).status).toBe(200)
        const { data: plainDraft } = await api.post(
          "/admin/draft-orders",
          { region_id: store.regionId, email: "grace@example.com", sales_channel_id: store.salesChannelId },
          admin
        )
        const moved = await api.post(`/admin/draft-orders/${plainDraft.draft_order.id}`, { sales_channel_id: store.salesChannelId }, admin)
        expect(moved.status).toBe(200)
      })

      it("leaves ordinary draft orders alone", async () => {
        const { data } = await api.post(
          "/admin/draft-orders",
          { region_id: store.regionId, email: "ada@example.com", sales_channel_id: store.salesChannelId },
          admin
        )
        const deleted = await api.delete(`/admin/draft-orders/${data.draft_order.id}`, admin)
        expect(deleted.status).toBe(200)
      })

      it("a draft awaiting its payment link: Medusa's order screen can't cancel it (409); code canceling it closes the back order", async () => {
        const container = getContainer()
        const placed = await placePendingBackorder(api, container, store, admin)
        await api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 5, payment: "link" }, admin)
        // the draft waits for its payment: Medusa's screen is guarded as for a pending back order
        const refused = await answer(api.post(`/admin/orders/${placed.draftOrderId}/cancel`, {}, admin))
        expect(refused.status).toBe(409)
        expect(refused.data.message).toContain(`holds the back order awaiting payment ${placed.backorderId}`)
        await cancelOrderWorkflow(container).run({ input: { order_id: placed.draftOrderId } })
        const { data } = await eventually<any>(
          () => api.get(`/admin/backorders/${placed.backorderId}`, admin),
          ({ data }) => data.backorder.status === "canceled"
        )
        expect(data.backorder.status).toBe("canceled")
        expect(data.backorder.canceled_at).not.toBeNull()
      })

      it("the source order canceled in Medusa's order screen: the back order stays pending, and its view says the source was canceled", async () => {
        const container = getContainer()
        const placed = await placePendingBackorder(api, container, store, admin)
        expect((await api.post(`/admin/orders/${placed.sourceOrderId}/cancel`, {}, admin)).status).toBe(200)
        const { data } = await api.get(`/admin/backorders/${placed.backorderId}`, admin)
        expect(data.backorder.status).toBe("pending")
        expect(data.backorder.source_order).toEqual(expect.objectContaining({ id: placed.sourceOrderId, status: "canceled" }))
      })

      it("a pending draft canceled by code (Medusa's cancelOrderWorkflow) closes the back order: canceled, its units released", async () => {
        const container = getContainer()
        const placed = await placePendingBackorder(api, container, store, admin)
        const reserved = (await inventoryLevel(container, store, store.backorderInventoryItemId)).reserved
        await cancelOrderWorkflow(container).run({ input: { order_id: placed.draftOrderId } })
        const { data } = await eventually<any>(
          () => api.get(`/admin/backorders/${placed.backorderId}`, admin),
          ({ data }) => data.backorder.status === "canceled"
        )
        expect(data.backorder.status).toBe("canceled")
        expect((await inventoryLevel(container, store, store.backorderInventoryItemId)).reserved).toBe(reserved - 3)
        const late = await answer(
          api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 5, payment: "record" }, admin)
        )
        expect(late.status).toBe(409)
      })

      it("a draft converted outside the plugin (code calling Medusa's workflow) can be neither charged nor canceled: 409", async () => {
        const container = getContainer()
        const placed = await placePendingBackorder(api, container, store, admin)
        await convertDraftOrderWorkflow(container).run({ input: { id: placed.draftOrderId } })

        for (const request of [
          api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 5, payment: "record" }, admin),
          api.post(`/admin/backorders/${placed.backorderId}/cancel`, {}, admin),
        ]) {
          const refused = await answer(request)
          expect(refused.status).toBe(409)
          expect(refused.data.message).toContain("is no longer a draft: it was changed outside the plugin")
        }
        const { data } = await api.get(`/admin/backorders/${placed.backorderId}`, admin)
        expect(data.backorder.status).toBe("pending")
        expect(data.backorder.order.shipping_methods).toEqual([])
      })
    })

    describe("a region change keeps the shopper's answer", () => {
      async function usdRegion() {
        const { data } = await api.post(
          "/admin/regions",
          { name: "United States", currency_code: "usd", countries: ["us"], payment_providers: ["pp_system_default"] },
          admin
        )
        return data.region.id as string
      }

      it("the back-order line survives with its quantity, re-priced in the new currency, still the plugin's record", async () => {
        const container = getContainer()
        const regionId = await usdRegion()
        await setVariantPrices(api, admin, container, store.backorderVariantId, [
          { currency_code: "eur", amount: 20 },
          { currency_code: "usd", amount: 22 },
        ])
        await setVariantPrices(api, admin, container, store.inStockVariantId, [
          { currency_code: "eur", amount: 5 },
          { currency_code: "usd", amount: 6 },
        ])
        const cart = await createCart(api, store)
        await addLineItem(api, store, cart.id, { variant_id: store.inStockVariantId, quantity: 2 })
        const before = await addAccepting(api, store, cart.id, store.backorderVariantId, 8)
        const backorderLine = before.items.find((i: any) => i.metadata?.is_backorder)

        const { data } = await api.post(`/store/carts/${cart.id}`, { region_id: regionId }, store.headers)
        expect(data.cart.currency_code).toBe("usd")
        expect(data.backorder_lines_removed).toBeUndefined()
        const kept = data.cart.items.find((i: any) => i.metadata?.is_backorder)
        expect(kept).toEqual(
          expect.objectContaining({ id: backorderLine.id, quantity: 3, unit_price: 0, variant_id: store.backorderVariantId })
        )
        expect(kept.metadata.backorder_unit_price).toBe(22)
        expect(data.cart.items.find((i: any) => i.variant_id === store.backorderVariantId && !i.metadata?.is_backorder).unit_price).toBe(22)
        expect((await backorderLineRecords(container, cart.id)).map((r: any) => r.line_item_id)).toEqual([backorderLine.id])
        // only what is in stock counts now, in the new currency
        expect(data.cart.item_subtotal).toBe(2 * 6 + 5 * 22)
      })

      it("a back-order line that can't be priced there is removed, and the answer says so", async () => {
        const container = getContainer()
        const regionId = await usdRegion()
        await setVariantPrices(api, admin, container, store.backorderVariantId, [{ currency_code: "eur", amount: 20 }])
        // nothing in stock: the cart holds only the back-order line
        await api.post(
          `/admin/inventory-items/${store.backorderInventoryItemId}/location-levels/${store.stockLocationId}`,
          { stocked_quantity: 0 },
          admin
        )
        const cart = await createCart(api, store)
        const before = await addAccepting(api, store, cart.id, store.backorderVariantId, 4)
        expect(before.items).toHaveLength(1)

        const { data } = await api.post(`/store/carts/${cart.id}`, { region_id: regionId }, store.headers)
        expect(data.cart.items).toEqual([])
        expect(data.backorder_lines_removed).toEqual([
          { line_item_id: before.items[0].id, variant_id: store.backorderVariantId, quantity: 4, reason: "it has no price in USD" },
        ])
        expect(await backorderLineRecords(container, cart.id)).toEqual([])
      })

      it("a shopper logging in sees the back-order line at their customer-group price", async () => {
        const { data: group } = await api.post("/admin/customer-groups", { name: "VIP" }, admin)
        await api.post(
          "/admin/price-lists",
          {
            title: "VIP",
            description: "VIP prices",
            type: "override",
            status: "active",
            rules: { "customer.groups.id": [group.customer_group.id] },
            prices: [{ variant_id: store.backorderVariantId, amount: 15, currency_code: "eur" }],
          },
          admin
        )
        const shopper = { email: "vip@example.com", password: "secret123" }
        const { data: registered } = await api.post("/auth/customer/emailpass/register", shopper)
        const asShopper = (token: string) => ({ headers: { ...store.headers.headers, authorization: `Bearer ${token}` } })
        const { data: created } = await api.post("/store/customers", { email: shopper.email }, asShopper(registered.token))
        await api.post(`/admin/customer-groups/${group.customer_group.id}/customers`, { add: [created.customer.id] }, admin)
        const { data: login } = await api.post("/auth/customer/emailpass", shopper)

        const cart = await createCart(api, store)
        const before = await addAccepting(api, store, cart.id, store.backorderVariantId, 8)
        const backorderLine = before.items.find((i: any) => i.metadata?.is_backorder)
        expect(backorderLine.metadata.backorder_unit_price).toBe(20)

        const { data } = await api.post(`/store/carts/${cart.id}/customer`, {}, asShopper(login.token))
        expect(data.cart.customer_id).toBe(created.customer.id)
        const kept = data.cart.items.find((i: any) => i.metadata?.is_backorder)
        expect(kept).toEqual(expect.objectContaining({ id: backorderLine.id, quantity: 3, unit_price: 0 }))
        expect(kept.metadata.backorder_unit_price).toBe(15)
        expect(data.cart.items.find((i: any) => !i.metadata?.is_backorder).unit_price).toBe(15)
      })

      it("an update without a region change is Medusa's own", async () => {
        const cart = await createCart(api, store)
        await addAccepting(api, store, cart.id, store.backorderVariantId, 8)
        const { data } = await api.post(`/store/carts/${cart.id}`, { email: "grace@example.com" }, store.headers)
        expect(data.cart.email).toBe("grace@example.com")
        expect(data.cart.items).toHaveLength(2)
        expect(data.backorder_lines_removed).toBeUndefined()
      })
    })
  },
})
