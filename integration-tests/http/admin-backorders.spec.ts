import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import {
  fetchShippingOptionForDraftOrderWorkflow,
  processPaymentWorkflow,
} from "@medusajs/medusa/core-flows"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { type AdminHeaders } from "../utils/admin"
import { BACKORDER_MODULE } from "../../src/modules/backorder"
import type BackorderModuleService from "../../src/modules/backorder/service"
import { settleBackorderPaymentWorkflow } from "../../src/workflows/settle-backorder-payment"
import {
  addShippingOptionInNewZone,
  addShippingOptionToSeededZone,
  eventually,
  placePendingBackorder,
  reservedTshirts,
  type PlacedBackorder,
} from "../utils/backorders"
import { seedOncePerSpec, shareFixture, TAX_RATE, type SeededStore } from "../utils/seed"

jest.setTimeout(180 * 1000)

const TSHIRT_PRICE = 20

/** What the tests expect of an order holding `quantity` T-shirts plus `shipping` (tax-exclusive). */
function expectedTotals(quantity: number, shipping: number) {
  const itemSubtotal = quantity * TSHIRT_PRICE
  const itemTax = (itemSubtotal * TAX_RATE) / 100
  const shippingTax = (shipping * TAX_RATE) / 100
  return {
    itemSubtotal,
    tax_total: itemTax + shippingTax,
    shipping_total: shipping + shippingTax,
    total: itemSubtotal + itemTax + shipping + shippingTax,
  }
}

medusaIntegrationTestRunner({
  testSuite: (suite) => {
    const { api, getContainer } = suite
    let admin: AdminHeaders
    let store: SeededStore
    let container: MedusaContainer
    let chargedEvents: { id: string; order_id: string }[]
    let subscribed = false
    /** The draft order whose charge the test breaks between conversion and capture (see the hook below). */
    let sabotage: { draftOrderId: string; backorderId: string } | null = null

    const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error("expected the request to fail") }, (e: any) => e.response)

    const chargedEventsOf = (id: string) => chargedEvents.filter((event) => event.id === id)

    /** Waits until the back order's `backorder.charged` arrived, then a little longer for a duplicate. */
    const settledEventsOf = async (id: string) => {
      await eventually(async () => chargedEventsOf(id).length, (n) => n > 0)
      await new Promise((resolve) => setTimeout(resolve, 1000))
      return chargedEventsOf(id)
    }

    const statusOf = (request: Promise<{ status: number }>) =>
      request.then(
        (response) => response.status,
        (error: any) => error.response?.status
      )

    const getBackorder = async (id: string) => (await api.get(`/admin/backorders/${id}`, admin)).data.backorder

    const queryOrder = async (orderId: string) => {
      const query = container.resolve("query")
      const {
        data: [order],
      } = await query.graph({
        entity: "order",
        fields: [
          "id",
          "status",
          "is_draft_order",
          "total",
          "shipping_methods.*",
          "payment_collections.id",
          "payment_collections.status",
          "payment_collections.amount",
          "payment_collections.payments.id",
          "payment_collections.payments.amount",
          "payment_collections.payments.captured_at",
          "payment_collections.payment_sessions.id",
        ],
        filters: { id: orderId },
      })
      return order
    }

    beforeAll(async () => {
      container = getContainer()
      ;({ store, admin } = await seedOncePerSpec(suite))
    })

    beforeEach(async () => {
      chargedEvents = []
      if (!subscribed) {
        // the in-memory event bus lets the test listen like a merchant's subscriber would
        container.resolve(Modules.EVENT_BUS).subscribe("backorder.charged", async (event: any) => {
          chargedEvents.push(event.data)
        })
        // Failure injection without mocking: a hook of a core workflow the charge runs nested
        // (pricing the shipping option while the draft is edited; it runs more than once per
        // charge, hence once only). For the sabotaged draft it removes the back order record,
        // so the charge's own status update fails for real later, after the conversion.
        // Every other charge passes through untouched.
        fetchShippingOptionForDraftOrderWorkflow.hooks.setPricingContext(async (input: any, { container }: any) => {
          if (sabotage && input.order_id === sabotage.draftOrderId) {
            const { backorderId } = sabotage
            sabotage = null
            await container.resolve(BACKORDER_MODULE).softDeleteBackorders([backorderId])
          }
          return undefined
        })
        subscribed = true
      }
    })

    describe("authentication", () => {
      it.each([
        ["get", "/admin/backorders"],
        ["get", "/admin/backorders/bo_missing"],
        ["post", "/admin/backorders/bo_missing/charge"],
        ["post", "/admin/backorders/bo_missing/cancel"],
      ])("%s %s answers 401 without an admin", async (method, url) => {
        const response =
          method === "get"
            ? await failure(api.get(url))
            : await failure(api.post(url, { shipping_amount: 5, payment: "record" }))
        expect(response.status).toBe(401)
      })

      it("a charge without an admin changes nothing", async () => {
        const placed = await placePendingBackorder(api, container, store, admin)
        const response = await failure(
          api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 5, payment: "record" })
        )
        expect(response.status).toBe(401)
        const backorder = await getBackorder(placed.backorderId)
        expect(backorder.status).toBe("pending")
        expect(backorder.order.shipping_methods).toEqual([])
      })
    })

    describe("GET /admin/backorders", () => {
      const placed = shareFixture(suite, async () => ({
        first: await placePendingBackorder(api, container, store, admin, { inStock: 1, backordered: 2, email: "first@example.com" }),
        second: await placePendingBackorder(api, container, store, admin, { inStock: 1, backordered: 4, email: "second@example.com" }),
      }))
      let first: PlacedBackorder
      let second: PlacedBackorder

      beforeEach(() => {
        ;({ first, second } = placed.current)
      })

      it("lists back orders oldest first with their source and draft orders", async () => {
        const { data } = await api.get("/admin/backorders", admin)
        expect(data).toEqual({ backorders: expect.any(Array), count: 2, limit: 20, offset: 0 })
        expect(data.backorders.map((b: any) => b.id)).toEqual([first.backorderId, second.backorderId])

        const [oldest] = data.backorders
        expect(oldest).toEqual(
          expect.objectContaining({
            id: first.backorderId,
            status: "pending",
            created_at: expect.any(String),
            email: "first@example.com",
            source_order: { id: first.sourceOrderId, display_id: expect.any(Number), status: "pending" },
            default_shipping_option_id: store.shippingOptionId,
            payment_link: null,
          })
        )
        expect(oldest.order).toEqual(
          expect.objectContaining({
            id: first.draftOrderId,
            display_id: expect.any(Number),
            status: "draft",
            currency_code: "eur",
            subtotal: 40,
            tax_total: 7.6,
            shipping_total: 0,
            total: 47.6,
          })
        )
        expect(oldest.order.items).toEqual([
          expect.objectContaining({
            variant_id: store.backorderVariantId,
            quantity: 2,
            unit_price: TSHIRT_PRICE,
            title: expect.stringContaining("back ordered"),
          }),
        ])
      })

      it("filters by status and by either order id, and pages", async () => {
        await api.post(`/admin/backorders/${first.backorderId}/cancel`, {}, admin)

        const pending = (await api.get("/admin/backorders?status=pending", admin)).data
        expect(pending.count).toBe(1)
        expect(pending.backorders.map((b: any) => b.id)).toEqual([second.backorderId])

        const canceled = (await api.get("/admin/backorders?status=canceled", admin)).data
        expect(canceled.backorders.map((b: any) => b.id)).toEqual([first.backorderId])

        const bySource = (await api.get(`/admin/backorders?order_id=${second.sourceOrderId}`, admin)).data
        expect(bySource.backorders.map((b: any) => b.id)).toEqual([second.backorderId])
        const byDraft = (await api.get(`/admin/backorders?order_id=${first.draftOrderId}`, admin)).data
        expect(byDraft.backorders.map((b: any) => b.id)).toEqual([first.backorderId])

        const page = (await api.get("/admin/backorders?limit=1&offset=1", admin)).data
        expect(page).toEqual({ backorders: [expect.objectContaining({ id: second.backorderId })], count: 2, limit: 1, offset: 1 })
      })

      it.each([
        ["status=shipped"],
        ["limit=-1"],
        ["offset=-5"],
        ["limit=abc"],
        ["limit=1000"],
        ["unknown=1"],
      ])("answers 400 for ?%s", async (qs) => {
        const response = await failure(api.get(`/admin/backorders?${qs}`, admin))
        expect(response.status).toBe(400)
        expect(response.data).toEqual(expect.objectContaining({ type: "invalid_data", message: expect.any(String) }))
      })
    })

    describe("GET /admin/backorders/:id", () => {
      it("answers one back order in the list's shape", async () => {
        const placed = await placePendingBackorder(api, container, store, admin)
        const { data } = await api.get(`/admin/backorders/${placed.backorderId}`, admin)
        const listed = (await api.get("/admin/backorders", admin)).data.backorders[0]
        expect(data).toEqual({ backorder: listed })
      })

      it("answers 404 in Medusa's shape for an unknown id", async () => {
        const response = await failure(api.get("/admin/backorders/bo_unknown", admin))
        expect(response.status).toBe(404)
        expect(response.data).toEqual({ type: "not_found", message: "Back order with id: bo_unknown was not found" })
      })
    })

    describe("POST /admin/backorders/:id/charge with a recorded payment", () => {
      it("adds exactly the shipping entered, converts the draft and records the payment of its total", async () => {
        const placed = await placePendingBackorder(api, container, store, admin, { inStock: 2, backordered: 3 })
        const reservedBefore = await reservedTshirts(container, store)
        expect(reservedBefore).toBe(5)

        const { data } = await api.post(
          `/admin/backorders/${placed.backorderId}/charge`,
          { shipping_amount: 7.5, payment: "record" },
          admin
        )
        const expected = expectedTotals(3, 7.5)
        const { backorder } = data
        expect(backorder.status).toBe("charged")
        expect(backorder.charged_at).toEqual(expect.any(String))
        expect(backorder.payment_link).toBeNull()
        expect(backorder.order.id).toBe(placed.draftOrderId)
        expect(backorder.order.status).toBe("pending")
        expect(backorder.order.is_draft_order).toBe(false)
        expect(backorder.order.shipping_methods).toEqual([
          expect.objectContaining({ shipping_option_id: store.shippingOptionId, amount: 7.5 }),
        ])
        expect(backorder.order.shipping_total).toBeCloseTo(expected.shipping_total, 6)
        expect(backorder.order.tax_total).toBeCloseTo(expected.tax_total, 6)
        expect(backorder.order.total).toBeCloseTo(expected.total, 6)
        expect(backorder.order.items.reduce((sum: number, item: any) => sum + item.subtotal, 0)).toBe(expected.itemSubtotal)

        const order = await queryOrder(placed.draftOrderId)
        expect(order.payment_collections).toHaveLength(1)
        const [collection] = order.payment_collections
        expect(collection.id).toBe(backorder.payment_collection_id)
        expect(collection.status).toBe("completed")
        expect(Number(collection.amount)).toBeCloseTo(expected.total, 6)
        expect(collection.payments).toHaveLength(1)
        expect(Number(collection.payments[0].amount)).toBeCloseTo(expected.total, 6)
        expect(collection.payments[0].captured_at).toBeTruthy()

        // the back-ordered units stay reserved once, not twice
        expect(await reservedTshirts(container, store)).toBe(reservedBefore)
        await eventually(async () => chargedEvents.length, (n) => n > 0)
        expect(chargedEvents).toEqual([{ id: placed.backorderId, order_id: placed.draftOrderId }])
      })

      it("uses any shipping option of the order's region when one is chosen", async () => {
        const express = await addShippingOptionInNewZone(container, store, { name: "Express", country_code: "de", currency_code: "eur", amount: 25 })
        const placed = await placePendingBackorder(api, container, store, admin)
        const { data } = await api.post(
          `/admin/backorders/${placed.backorderId}/charge`,
          { shipping_amount: 0, shipping_option_id: express, payment: "record" },
          admin
        )
        expect(data.backorder.order.shipping_methods).toEqual([
          expect.objectContaining({ shipping_option_id: express, amount: 0 }),
        ])
        expect(data.backorder.order.total).toBeCloseTo(expectedTotals(3, 0).total, 6)
      })

      it("a second charge answers 409 and adds neither shipping nor payment", async () => {
        const placed = await placePendingBackorder(api, container, store, admin)
        await api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 7.5, payment: "record" }, admin)
        const response = await failure(
          api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 9, payment: "record" }, admin)
        )
        expect(response.status).toBe(409)
        expect(response.data).toEqual({
          type: "conflict",
          code: "invalid_state_error",
          message: `Back order ${placed.backorderId} is charged; only a pending or ready back order can be charged, or one whose card was refused.`,
        })
        const order = await queryOrder(placed.draftOrderId)
        expect(order.shipping_methods).toHaveLength(1)
        expect(order.payment_collections.flatMap((pc: any) => pc.payments)).toHaveLength(1)
      })

      it("two concurrent charges: one succeeds, the other answers 409; one shipping method; one payment if the recorded charge won, none if the link did", async () => {
        const placed = await placePendingBackorder(api, container, store, admin)
        const reservedBefore = await reservedTshirts(container, store)
        const results = await Promise.allSettled([
          api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 7.5, payment: "record" }, admin),
          api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 7.5, payment: "link" }, admin),
        ])
        const [recorded, linked] = results.map((r) => (r.status === "fulfilled" ? r.value.status : (r.reason as any).response?.status))
        expect([recorded, linked].sort()).toEqual([200, 409])

        const order = await queryOrder(placed.draftOrderId)
        expect(order.shipping_methods).toHaveLength(1)
        expect(Number(order.shipping_methods[0].amount)).toBe(7.5)
        expect(order.payment_collections).toHaveLength(1)
        // the recorded charge takes exactly one payment; the link, none until the shopper pays
        const payments = order.payment_collections.flatMap((pc: any) => pc.payments)
        if (recorded === 200) {
          expect(payments).toHaveLength(1)
          expect(payments[0].captured_at).toBeTruthy()
          expect((await getBackorder(placed.backorderId)).status).toBe("charged")
        } else {
          expect(payments).toHaveLength(0)
          expect(order.payment_collections[0].status).toBe("not_paid")
          expect((await getBackorder(placed.backorderId)).status).toBe("awaiting_payment")
        }
        expect(await reservedTshirts(container, store)).toBe(reservedBefore)
      })

      it("three concurrent recorded charges: one 200, two 409; one shipping method, one captured payment, one event", async () => {
        const placed = await placePendingBackorder(api, container, store, admin)
        const reservedBefore = await reservedTshirts(container, store)
        const statuses = await Promise.all(
          [7.5, 8, 9].map((amount) =>
            statusOf(api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: amount, payment: "record" }, admin))
          )
        )
        expect(statuses.sort()).toEqual([200, 409, 409])

        const order = await queryOrder(placed.draftOrderId)
        expect(order.shipping_methods).toHaveLength(1)
        expect(order.payment_collections).toHaveLength(1)
        const payments = order.payment_collections.flatMap((pc: any) => pc.payments)
        expect(payments).toHaveLength(1)
        expect(payments[0].captured_at).toBeTruthy()
        expect(Number(payments[0].amount)).toBeCloseTo(
          expectedTotals(3, Number(order.shipping_methods[0].amount)).total,
          6
        )
        expect(await reservedTshirts(container, store)).toBe(reservedBefore)
        expect(await settledEventsOf(placed.backorderId)).toEqual([
          { id: placed.backorderId, order_id: placed.draftOrderId },
        ])
        expect((await getBackorder(placed.backorderId)).status).toBe("charged")
      })

      it("a failure after the conversion rolls the whole charge back: draft again, units reserved once, pending, no payment, no event", async () => {
        const placed = await placePendingBackorder(api, container, store, admin)
        const reservedBefore = await reservedTshirts(container, store)
        sabotage = { draftOrderId: placed.draftOrderId, backorderId: placed.backorderId }
        const startedAt = new Date()
        let status: number
        try {
          status = await statusOf(
            api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 7.5, payment: "record" }, admin)
          )
        } finally {
          sabotage = null
          await container.resolve<BackorderModuleService>(BACKORDER_MODULE).restoreBackorders([placed.backorderId])
        }
        expect(status).toBeGreaterThanOrEqual(400)

        // Note: with the manual provider this also holds if the capture ran before the failure
        // (the rollback cancels the payment and deletes its session, rows included), so this
        // test proves the rollback, not the order of capture and status update; a real
        // gateway would have kept the money, which is why the capture now comes last.
        const captures = await container
          .resolve(Modules.PAYMENT)
          .listCaptures({ created_at: { $gte: startedAt.toISOString() } }, { withDeleted: true })
        expect(captures).toEqual([])
        const order = await queryOrder(placed.draftOrderId)
        expect(order.payment_collections.flatMap((pc: any) => pc.payments ?? [])).toEqual([])
        expect(order.status).toBe("draft")
        expect(order.is_draft_order).toBe(true)
        const backorder = await getBackorder(placed.backorderId)
        expect(backorder.status).toBe("pending")
        expect(backorder.charged_at).toBeNull()
        expect(await reservedTshirts(container, store)).toBe(reservedBefore)
        // the rolled-back run announced nothing: charged again, the back order has exactly the
        // event of this second charge (an event of the first would have arrived before it)
        expect(
          await statusOf(api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 7.5, payment: "record" }, admin))
        ).toBe(200)
        expect(await settledEventsOf(placed.backorderId)).toEqual([{ id: placed.backorderId, order_id: placed.draftOrderId }])
      })

      it("answers 400 when the back order's order has no region, and changes nothing", async () => {
        const placed = await placePendingBackorder(api, container, store, admin)
        await container.resolve(Modules.ORDER).updateOrders([{ id: placed.draftOrderId, region_id: null }])
        const response = await failure(
          api.post(
            `/admin/backorders/${placed.backorderId}/charge`,
            { shipping_amount: 5, shipping_option_id: store.shippingOptionId, payment: "record" },
            admin
          )
        )
        expect(response.status).toBe(400)
        expect(response.data).toEqual({
          type: "invalid_data",
          message: `The order of back order ${placed.backorderId} has no region, so no shipping option can be checked against it.`,
        })
        const backorder = await getBackorder(placed.backorderId)
        expect(backorder.status).toBe("pending")
        expect(backorder.order.status).toBe("draft")
        expect(backorder.order.shipping_methods).toEqual([])
      })

      describe("with bad input", () => {
        const pending = shareFixture(suite, () => placePendingBackorder(api, container, store, admin))

        it.each([
          [{ payment: "record" }],
          [{ shipping_amount: -1, payment: "record" }],
          [{ shipping_amount: "7.5", payment: "record" }],
          [{ shipping_amount: null, payment: "record" }],
          [{ shipping_amount: 7.5 }],
          [{ shipping_amount: 7.5, payment: "card" }],
          [{ shipping_amount: 7.5, payment: "record", unit_price: 1 }],
          [{ shipping_amount: 7.5, payment: "record", shipping_option_id: "so_unknown" }],
        ])("answers 400 for %j and changes nothing", async (body) => {
          const placed = pending.current
            const response = await failure(api.post(`/admin/backorders/${placed.backorderId}/charge`, body, admin))
          expect(response.status).toBe(400)
          expect(response.data).toEqual(expect.objectContaining({ type: "invalid_data", message: expect.any(String) }))
          const backorder = await getBackorder(placed.backorderId)
          expect(backorder.status).toBe("pending")
          expect(backorder.order.status).toBe("draft")
          expect(backorder.order.shipping_methods).toEqual([])
        })
      })

      it("answers 400 for a shipping option outside the order's region and changes nothing", async () => {
        const abroad = await addShippingOptionInNewZone(container, store, { name: "US ground", country_code: "us", currency_code: "usd", amount: 5 })
        const placed = await placePendingBackorder(api, container, store, admin)
        const reservedBefore = await reservedTshirts(container, store)
        const response = await failure(
          api.post(
            `/admin/backorders/${placed.backorderId}/charge`,
            { shipping_amount: 5, shipping_option_id: abroad, payment: "record" },
            admin
          )
        )
        expect(response.status).toBe(400)
        expect(response.data.message).toBe(
          `Shipping option ${abroad} does not ship to the region of back order ${placed.backorderId}.`
        )
        const backorder = await getBackorder(placed.backorderId)
        expect(backorder.status).toBe("pending")
        expect(backorder.order.shipping_methods).toEqual([])
        expect(await reservedTshirts(container, store)).toBe(reservedBefore)
      })

      it("answers 404 for an unknown back order", async () => {
        const response = await failure(
          api.post("/admin/backorders/bo_unknown/charge", { shipping_amount: 1, payment: "record" }, admin)
        )
        expect(response.status).toBe(404)
        expect(response.data).toEqual({ type: "not_found", message: "Back order with id: bo_unknown was not found" })
      })
    })

    describe("the default shipping option", () => {
      it("is the option the source order shipped with, not the region's first", async () => {
        const express = await addShippingOptionToSeededZone(container, store, { name: "Express", amount: 25 })
        const placed = await placePendingBackorder(api, container, store, admin, { shippingOptionId: express })
        const source = await queryOrder(placed.sourceOrderId!)
        expect(source.shipping_methods.map((m: any) => m.shipping_option_id)).toEqual([express])
        expect((await getBackorder(placed.backorderId)).default_shipping_option_id).toBe(express)

        const { data } = await api.post(
          `/admin/backorders/${placed.backorderId}/charge`,
          { shipping_amount: 7.5, payment: "record" },
          admin
        )
        expect(data.backorder.order.shipping_methods).toEqual([
          expect.objectContaining({ shipping_option_id: express, amount: 7.5 }),
        ])
      })

      it("a cart of only back-ordered items with no option chosen: a charge without one answers 400, with one it charges", async () => {
        const placed = await placePendingBackorder(api, container, store, admin, {
          inStock: 0,
          backordered: 3,
          shippingOptionId: null,
        })
        expect(placed.sourceOrderId).toBeNull()
        const before = await getBackorder(placed.backorderId)
        expect(before.source_order).toBeNull()
        expect(before.default_shipping_option_id).toBeNull()

        const response = await failure(
          api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 5, payment: "record" }, admin)
        )
        expect(response.status).toBe(400)
        expect(response.data).toEqual({
          type: "invalid_data",
          message: `Back order ${placed.backorderId} has no shipping option to default to; send shipping_option_id.`,
        })
        const unchanged = await getBackorder(placed.backorderId)
        expect(unchanged.status).toBe("pending")
        expect(unchanged.order.shipping_methods).toEqual([])

        const { data } = await api.post(
          `/admin/backorders/${placed.backorderId}/charge`,
          { shipping_amount: 5, shipping_option_id: store.shippingOptionId, payment: "record" },
          admin
        )
        expect(data.backorder.status).toBe("charged")
        expect(data.backorder.order.total).toBeCloseTo(expectedTotals(3, 5).total, 6)
      })

      it("a cart of only back-ordered items defaults to the option chosen on the cart", async () => {
        const express = await addShippingOptionToSeededZone(container, store, { name: "Express", amount: 25 })
        const placed = await placePendingBackorder(api, container, store, admin, {
          inStock: 0,
          backordered: 2,
          shippingOptionId: express,
        })
        expect(placed.sourceOrderId).toBeNull()
        expect((await getBackorder(placed.backorderId)).default_shipping_option_id).toBe(express)
        const { data } = await api.post(
          `/admin/backorders/${placed.backorderId}/charge`,
          { shipping_amount: 3, payment: "record" },
          admin
        )
        expect(data.backorder.order.shipping_methods).toEqual([
          expect.objectContaining({ shipping_option_id: express, amount: 3 }),
        ])
      })
    })

    describe("POST /admin/backorders/:id/charge with a payment link", () => {
      it("opens the order's payment collection for its total and is charged once the shopper pays", async () => {
        const placed = await placePendingBackorder(api, container, store, admin)
        const { data } = await api.post(
          `/admin/backorders/${placed.backorderId}/charge`,
          { shipping_amount: 4.99, payment: "link" },
          admin
        )
        const expected = expectedTotals(3, 4.99)
        const { backorder } = data
        expect(backorder.status).toBe("awaiting_payment")
        expect(backorder.charged_at).toBeNull()
        expect(backorder.order.total).toBeCloseTo(expected.total, 6)
        expect(backorder.payment_link).toBe(
          `https://storefront.test/payment-collection/${backorder.payment_collection_id}?order_id=${placed.draftOrderId}`
        )
        let order = await queryOrder(placed.draftOrderId)
        expect(order.payment_collections).toHaveLength(1)
        expect(order.payment_collections[0].status).toBe("not_paid")
        expect(Number(order.payment_collections[0].amount)).toBeCloseTo(expected.total, 6)

        // not pending any more: a second charge would add a second shipping method
        const again = await failure(
          api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 4.99, payment: "record" }, admin)
        )
        expect(again.status).toBe(409)

        // the shopper opens the link: the storefront starts a session, the provider's webhook settles it
        const session = await api.post(
          `/store/payment-collections/${backorder.payment_collection_id}/payment-sessions`,
          { provider_id: "pp_system_default" },
          store.headers
        )
        const sessionId = session.data.payment_collection.payment_sessions[0].id
        await processPaymentWorkflow(container).run({
          input: { action: "captured", data: { session_id: sessionId, amount: expected.total } },
        })

        const charged = await eventually(
          () => getBackorder(placed.backorderId),
          (b) => b.status === "charged"
        )
        expect(charged.status).toBe("charged")
        expect(charged.charged_at).toEqual(expect.any(String))
        order = await queryOrder(placed.draftOrderId)
        expect(order.payment_collections[0].status).toBe("completed")
        // one event, the settlement's: the link's charge itself announced nothing
        expect(await settledEventsOf(placed.backorderId)).toEqual([{ id: placed.backorderId, order_id: placed.draftOrderId }])
        expect(chargedEvents).toHaveLength(1)
      })
    })

    describe("settling a paid payment link", () => {
      it("two concurrent deliveries of the capture: one transition to charged, one event", async () => {
        const placed = await placePendingBackorder(api, container, store, admin)
        const { data } = await api.post(
          `/admin/backorders/${placed.backorderId}/charge`,
          { shipping_amount: 4.99, payment: "link" },
          admin
        )
        const collectionId = data.backorder.payment_collection_id
        const session = await api.post(
          `/store/payment-collections/${collectionId}/payment-sessions`,
          { provider_id: "pp_system_default" },
          store.headers
        )
        // the provider authorises and captures in the payment module, which does not emit
        // payment.captured itself: the two deliveries below are the only ones
        const paymentModule = container.resolve(Modules.PAYMENT)
        const payment = await paymentModule.authorizePaymentSession(session.data.payment_collection.payment_sessions[0].id, {})
        await paymentModule.capturePayment({ payment_id: payment.id })

        const runs = await Promise.all([
          settleBackorderPaymentWorkflow(container).run({ input: { payment_id: payment.id } }),
          settleBackorderPaymentWorkflow(container).run({ input: { payment_id: payment.id } }),
        ])
        expect(runs.map((run) => run.result).filter(Boolean)).toEqual([placed.backorderId])
        expect((await getBackorder(placed.backorderId)).status).toBe("charged")
        expect(await settledEventsOf(placed.backorderId)).toEqual([
          { id: placed.backorderId, order_id: placed.draftOrderId },
        ])
      })
    })

    describe("POST /admin/backorders/:id/cancel", () => {
      it("cancels the draft order and releases its units", async () => {
        const placed = await placePendingBackorder(api, container, store, admin, { inStock: 2, backordered: 3 })
        const available = async () =>
          (await api.get(`/store/products?fields=+variants.inventory_quantity`, store.headers)).data.products
            .flatMap((p: any) => p.variants)
            .find((v: any) => v.id === store.backorderVariantId).inventory_quantity
        expect(await reservedTshirts(container, store)).toBe(5)
        expect(await available()).toBe(0)

        const { data } = await api.post(`/admin/backorders/${placed.backorderId}/cancel`, {}, admin)
        expect(data.backorder.status).toBe("canceled")
        expect(data.backorder.canceled_at).toEqual(expect.any(String))
        expect(data.backorder.order.status).toBe("canceled")

        expect(await reservedTshirts(container, store)).toBe(2)
        expect(await available()).toBe(3)

        const again = await failure(api.post(`/admin/backorders/${placed.backorderId}/cancel`, {}, admin))
        expect(again.status).toBe(409)
        const charge = await failure(
          api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 1, payment: "record" }, admin)
        )
        expect(charge.status).toBe(409)
        expect(charge.data.message).toBe(`Back order ${placed.backorderId} is canceled; only a pending or ready back order can be charged, or one whose card was refused.`)
      })

      it("refuses a charged back order with 409 and leaves it charged", async () => {
        const placed = await placePendingBackorder(api, container, store, admin)
        await api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 1, payment: "record" }, admin)
        const response = await failure(api.post(`/admin/backorders/${placed.backorderId}/cancel`, {}, admin))
        expect(response.status).toBe(409)
        expect(response.data.message).toBe(`Back order ${placed.backorderId} is charged; only a pending or ready back order can be canceled, or one awaiting payment.`)
        expect((await getBackorder(placed.backorderId)).order.status).toBe("pending")
      })

      it("answers 404 for an unknown back order and 400 for a body", async () => {
        expect((await failure(api.post("/admin/backorders/bo_unknown/cancel", {}, admin))).status).toBe(404)
        const placed = await placePendingBackorder(api, container, store, admin)
        expect((await failure(api.post(`/admin/backorders/${placed.backorderId}/cancel`, { reason: "x" }, admin))).status).toBe(400)
        expect((await getBackorder(placed.backorderId)).status).toBe("pending")
      })
    })

    describe("through the store", () => {
      it("a back order placed at checkout with the seeded stock as it is is charged with the shipping entered", async () => {
        // 8 T-shirts with 5 on the shelf: Medusa's checkout orders 5, the back order holds 3
        const placed = await placePendingBackorder(api, container, store, admin, { inStock: 5, backordered: 3 })
        const before = await getBackorder(placed.backorderId)
        expect(before.status).toBe("pending")
        expect(before.source_order).toEqual({ id: placed.completion.order.id, display_id: expect.any(Number), status: "pending" })
        expect(before.order.items).toEqual([expect.objectContaining({ quantity: 3 })])

        const { data } = await api.post(
          `/admin/backorders/${placed.backorderId}/charge`,
          { shipping_amount: 6, payment: "record" },
          admin
        )
        expect(data.backorder.status).toBe("charged")
        expect(data.backorder.order.total).toBeCloseTo(expectedTotals(3, 6).total, 6)
        expect(await reservedTshirts(container, store)).toBe(8)
      })
    })
  },
})
