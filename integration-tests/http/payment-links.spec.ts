import { Modules } from "@medusajs/framework/utils"
import { WorkflowManager } from "@medusajs/framework/orchestration"
import type { MedusaContainer } from "@medusajs/framework/types"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { BACKORDER_MODULE } from "../../src/modules/backorder"
import type BackorderModuleService from "../../src/modules/backorder/service"
import { reconcilePaidBackorderLinks } from "../../src/jobs/reconcile-paid-backorder-links"
import { type AdminHeaders } from "../utils/admin"
import { eventually, placePendingBackorder, reservedTshirts, type PlacedBackorder } from "../utils/backorders"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(180 * 1000)

/** The tests' card gateway (root medusa-config.ts): its authorisation is a real payment, captured by the link route. */
const CARD = "pp_test-card_test"
/** Medusa's manual provider: authorises anything, no money moves. */
const MANUAL = "pp_system_default"

type StepDefinition = { action?: string; continueOnPermanentFailure?: boolean; next?: StepDefinition | StepDefinition[] }

/** A workflow's steps in the order they run (depth first, as its definition nests them). */
function stepsOf(definition: StepDefinition): StepDefinition[] {
  const steps: StepDefinition[] = definition.action ? [definition] : []
  const next = definition.next ? (Array.isArray(definition.next) ? definition.next : [definition.next]) : []
  return steps.concat(next.flatMap(stepsOf))
}

medusaIntegrationTestRunner({
  testSuite: (suite) => {
    const { api, getContainer } = suite
    let admin: AdminHeaders
    let store: SeededStore
    let container: MedusaContainer
    /** Ids of the orders Medusa announced as placed (`order.placed`), in order of arrival. */
    const placedOrders: string[] = []
    const chargedEvents: { id: string; order_id: string }[] = []

    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => {
          throw new Error("expected the request to fail")
        },
        (e: any) => e.response
      )

    const getBackorder = async (id: string) => (await api.get(`/admin/backorders/${id}`, admin)).data.backorder

    const pay = (collectionId: string, body: { provider_id?: string }) =>
      api.post(`/store/payment-collections/${collectionId}/backorder-payment`, body, store.headers)

    /** A pending back order (2 in stock, 3 back ordered) charged with a payment link of 5 shipping. */
    async function awaitingLink(email = "ada@example.com"): Promise<{ placed: PlacedBackorder; collectionId: string; backorder: any }> {
      const placed = await placePendingBackorder(api, container, store, admin, { email })
      const { data } = await api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 5, payment: "link" }, admin)
      expect(data.backorder.status).toBe("awaiting_payment")
      return { placed, collectionId: data.backorder.payment_collection_id, backorder: data.backorder }
    }

    /** The collection's sessions and payments, straight from the books. */
    async function collectionBooks(collectionId: string) {
      const query = container.resolve("query")
      const {
        data: [collection],
      } = await query.graph({
        entity: "payment_collection",
        fields: [
          "id",
          "status",
          "payment_sessions.id",
          "payment_sessions.provider_id",
          "payment_sessions.status",
          "payments.id",
          "payments.provider_id",
          "payments.captured_at",
          "payments.canceled_at",
        ],
        filters: { id: collectionId },
      })
      return collection as {
        status: string
        payment_sessions: { id: string; provider_id: string; status: string }[]
        payments: { id: string; provider_id: string; captured_at: unknown; canceled_at: unknown }[]
      }
    }

    async function orderOf(orderId: string) {
      const query = container.resolve("query")
      const {
        data: [order],
      } = await query.graph({ entity: "order", fields: ["id", "status", "is_draft_order"], filters: { id: orderId } })
      return order as { id: string; status: string; is_draft_order: boolean }
    }

    /** Events are delivered asynchronously: wait for the first, then a little longer for a duplicate. */
    async function placedEventsOf(orderId: string) {
      await eventually(async () => placedOrders.filter((id) => id === orderId).length, (n) => n > 0)
      await new Promise((resolve) => setTimeout(resolve, 1000))
      return placedOrders.filter((id) => id === orderId)
    }

    async function chargedEventsOf(backorderId: string) {
      await eventually(async () => chargedEvents.filter((event) => event.id === backorderId).length, (n) => n > 0)
      await new Promise((resolve) => setTimeout(resolve, 1000))
      return chargedEvents.filter((event) => event.id === backorderId)
    }

    beforeAll(async () => {
      container = getContainer()
      ;({ store, admin } = await seedOncePerSpec(suite, {
        backordersEnabled: true,
        prepare: ({ store, admin }) =>
          api.post(`/admin/regions/${store.regionId}`, { payment_providers: [MANUAL, CARD] }, admin),
      }))
      const eventBus = container.resolve(Modules.EVENT_BUS)
      eventBus.subscribe("order.placed", async (event: any) => {
        placedOrders.push(event.data.id)
      })
      eventBus.subscribe("backorder.charged", async (event: any) => {
        chargedEvents.push(event.data)
      })
    })

    describe("a provider the order's region doesn't offer", () => {
      it("a provider that doesn't exist: 400 in Medusa's error shape, nothing changed", async () => {
        const { placed, collectionId } = await awaitingLink()
        const response = await failure(pay(collectionId, { provider_id: "pp_nonexistent_nope" }))
        expect(response.status).toBe(400)
        expect(response.data).toEqual({
          type: "invalid_data",
          message: `Payment provider pp_nonexistent_nope is not offered in the order's region ${store.regionId}.`,
        })
        const books = await collectionBooks(collectionId)
        expect(books.status).toBe("not_paid")
        expect(books.payment_sessions).toEqual([])
        expect(books.payments).toEqual([])
        expect((await getBackorder(placed.backorderId)).status).toBe("awaiting_payment")
      })

      it("a registered provider the region doesn't offer, asked for or on the storefront's session: 400, nothing paid", async () => {
        const { placed, collectionId } = await awaitingLink()
        await api.post(`/admin/regions/${store.regionId}`, { payment_providers: [MANUAL] }, admin)

        const asked = await failure(pay(collectionId, { provider_id: CARD }))
        expect(asked.status).toBe(400)
        expect(asked.data).toEqual({
          type: "invalid_data",
          message: `Payment provider ${CARD} is not offered in the order's region ${store.regionId}.`,
        })
        expect((await collectionBooks(collectionId)).payment_sessions).toEqual([])

        // Medusa's own session route does not check an order's region; the pay route does
        await api.post(`/store/payment-collections/${collectionId}/payment-sessions`, { provider_id: CARD }, store.headers)
        const onSession = await failure(pay(collectionId, {}))
        expect(onSession.status).toBe(400)
        expect(onSession.data.type).toBe("invalid_data")
        const books = await collectionBooks(collectionId)
        expect(books.payments).toEqual([])
        expect(books.payment_sessions).toEqual([expect.objectContaining({ provider_id: CARD, status: "pending" })])
        expect((await getBackorder(placed.backorderId)).status).toBe("awaiting_payment")
      })
    })

    describe("canceled in Medusa", () => {
      it("a link whose order was canceled, before the order.canceled handler ran: 409, nothing paid", async () => {
        const { placed, collectionId } = await awaitingLink()
        // the Order Module's own cancel: what Medusa's cancel does to the order, without its event
        await container.resolve(Modules.ORDER).cancel(placed.draftOrderId)
        expect((await getBackorder(placed.backorderId)).status).toBe("awaiting_payment")

        const response = await failure(pay(collectionId, { provider_id: CARD }))
        expect(response.status).toBe(409)
        expect(response.data).toEqual({
          type: "conflict",
          code: "invalid_state_error",
          message: `Back order ${placed.backorderId}'s order ${placed.draftOrderId} was canceled; its payment link can no longer be paid.`,
        })
        const books = await collectionBooks(collectionId)
        expect(books.payments).toEqual([])
        expect(books.payment_sessions).toEqual([])
      })

      it("a canceled payment collection: 409, nothing paid", async () => {
        const { placed, collectionId } = await awaitingLink()
        await container.resolve(Modules.PAYMENT).updatePaymentCollections(collectionId, { status: "canceled" })

        const response = await failure(pay(collectionId, { provider_id: CARD }))
        expect(response.status).toBe(409)
        expect(response.data.message).toBe(
          `Back order ${placed.backorderId}'s payment collection ${collectionId} was canceled; its payment link can no longer be paid.`
        )
        const books = await collectionBooks(collectionId)
        expect(books.payments).toEqual([])
        expect(books.payment_sessions).toEqual([])
      })
    })

    describe("which providers capture", () => {
      it("a payment only authorised with the manual provider is replaced by a card payment: one capture, the manual one canceled", async () => {
        const { placed, collectionId, backorder } = await awaitingLink()
        const manual = await pay(collectionId, { provider_id: MANUAL })
        expect(manual.data.payment).toEqual(expect.objectContaining({ captured: false, amount: backorder.order.total }))
        // a second manual payment adds nothing: 409
        const again = await failure(pay(collectionId, { provider_id: MANUAL }))
        expect(again.status).toBe(409)

        const card = await pay(collectionId, { provider_id: CARD })
        expect(card.data.payment).toEqual(expect.objectContaining({ captured: true, amount: backorder.order.total }))

        const charged = await eventually(
          () => getBackorder(placed.backorderId),
          (b) => b.status === "charged"
        )
        expect(charged.status).toBe("charged")
        const books = await collectionBooks(collectionId)
        expect(books.status).toBe("completed")
        const captured = books.payments.filter((payment) => payment.captured_at)
        expect(captured).toEqual([expect.objectContaining({ id: card.data.payment.id, provider_id: CARD, canceled_at: null })])
        expect(books.payments.find((payment) => payment.id === manual.data.payment.id)?.canceled_at).toEqual(expect.anything())
        expect(await chargedEventsOf(placed.backorderId)).toEqual([{ id: placed.backorderId, order_id: placed.draftOrderId }])
      })

      it("the payment_link_capture_providers option decides which providers capture", async () => {
        const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE) as unknown as {
          options_: { payment_link_capture_providers?: string[] }
        }
        const options = backorderModule.options_
        const before = options.payment_link_capture_providers
        options.payment_link_capture_providers = [MANUAL]
        try {
          // the card is not listed: only authorised, the back order keeps waiting
          const first = await awaitingLink("grace@example.com")
          const card = await pay(first.collectionId, { provider_id: CARD })
          expect(card.data.payment.captured).toBe(false)
          expect((await collectionBooks(first.collectionId)).payments).toEqual([
            expect.objectContaining({ provider_id: CARD, captured_at: null }),
          ])

          // the listed provider captures: charged
          const second = await awaitingLink("alan@example.com")
          const manual = await pay(second.collectionId, { provider_id: MANUAL })
          expect(manual.data.payment.captured).toBe(true)
          const charged = await eventually(
            () => getBackorder(second.placed.backorderId),
            (b) => b.status === "charged"
          )
          expect(charged.status).toBe("charged")
          expect((await getBackorder(first.placed.backorderId)).status).toBe("awaiting_payment")
        } finally {
          options.payment_link_capture_providers = before
        }
      })
    })

    describe("after the capture", () => {
      it("nothing after the capture can fail the run that captured: every later step continues on permanent failure", () => {
        const steps = stepsOf(WorkflowManager.getWorkflow("pay-backorder-link").flow_ as StepDefinition)
        const capture = steps.findIndex((step) => /capture-payment/.test(step.action ?? ""))
        expect(capture).toBeGreaterThan(-1)
        const after = steps.slice(capture + 1)
        expect(after.map((step) => step.action)).toEqual(
          expect.arrayContaining([expect.stringMatching(/emit-event/), expect.stringMatching(/release-leased-lock/)])
        )
        expect(after.filter((step) => !step.continueOnPermanentFailure).map((step) => step.action)).toEqual([])
      })

      it("the reconcile job charges a back order whose collection was captured without the event: once, even run twice at once", async () => {
        const { placed, collectionId } = await awaitingLink()
        const { data } = await api.post(
          `/store/payment-collections/${collectionId}/payment-sessions`,
          { provider_id: CARD },
          store.headers
        )
        // the payment module captures without emitting payment.captured: nothing settles it
        const paymentModule = container.resolve(Modules.PAYMENT)
        const payment = await paymentModule.authorizePaymentSession(data.payment_collection.payment_sessions[0].id, {})
        await paymentModule.capturePayment({ payment_id: payment.id })
        expect((await collectionBooks(collectionId)).status).toBe("completed")
        expect((await getBackorder(placed.backorderId)).status).toBe("awaiting_payment")

        const runs = await Promise.all([reconcilePaidBackorderLinks(container), reconcilePaidBackorderLinks(container)])
        expect(runs.flatMap((run) => run.settled)).toEqual([placed.backorderId])
        expect(runs.flatMap((run) => run.failed)).toEqual([])
        const charged = await getBackorder(placed.backorderId)
        expect(charged.status).toBe("charged")
        expect(charged.order.is_draft_order).toBe(false)
        expect(await placedEventsOf(placed.draftOrderId)).toEqual([placed.draftOrderId])
        expect(await chargedEventsOf(placed.backorderId)).toEqual([{ id: placed.backorderId, order_id: placed.draftOrderId }])

        const later = await reconcilePaidBackorderLinks(container)
        expect(later).toEqual({ settled: [], skipped: [], failed: [] })
      })

      it("a run that captured and died before settling: the shopper's retry settles it (charged once, one payment) and hears 'paid already'", async () => {
        const { placed, collectionId } = await awaitingLink()
        const { data } = await api.post(
          `/store/payment-collections/${collectionId}/payment-sessions`,
          { provider_id: CARD },
          store.headers
        )
        // what a pay run killed right after its capture leaves: captured, payment.captured never emitted
        const paymentModule = container.resolve(Modules.PAYMENT)
        const payment = await paymentModule.authorizePaymentSession(data.payment_collection.payment_sessions[0].id, {})
        await paymentModule.capturePayment({ payment_id: payment.id })
        expect((await getBackorder(placed.backorderId)).status).toBe("awaiting_payment")

        const retry = await failure(api.post(`/store/payment-collections/${collectionId}/backorder-payment`, {}, store.headers))
        expect(retry.status).toBe(409)
        expect(retry.data.message).toBe(`Back order ${placed.backorderId} is paid already.`)
        const charged = await getBackorder(placed.backorderId)
        expect(charged.status).toBe("charged")
        expect(charged.order.is_draft_order).toBe(false)
        expect((await collectionBooks(collectionId)).payments.filter((row: { captured_at: unknown }) => row.captured_at)).toHaveLength(1)
        expect(await chargedEventsOf(placed.backorderId)).toEqual([{ id: placed.backorderId, order_id: placed.draftOrderId }])
        expect(await reconcilePaidBackorderLinks(container)).toEqual({ settled: [], skipped: [], failed: [] })
      })

      it("a run killed between the card's authorisation and its capture: the retry pays anew, captured once, the left hold cancelled", async () => {
        const { placed, collectionId } = await awaitingLink()
        const { data } = await api.post(
          `/store/payment-collections/${collectionId}/payment-sessions`,
          { provider_id: CARD },
          store.headers
        )
        // what the killed run left: an authorised card payment, never captured
        const left = await container
          .resolve(Modules.PAYMENT)
          .authorizePaymentSession(data.payment_collection.payment_sessions[0].id, {})

        await api.post(`/store/payment-collections/${collectionId}/payment-sessions`, { provider_id: CARD }, store.headers)
        const paid = await api.post(`/store/payment-collections/${collectionId}/backorder-payment`, {}, store.headers)
        expect(paid.status).toBe(200)
        expect(paid.data.payment.captured).toBe(true)
        expect(paid.data.payment.id).not.toBe(left.id)
        const charged = await eventually(() => getBackorder(placed.backorderId), (b) => b.status === "charged")
        expect(charged.status).toBe("charged")
        const payments = (await collectionBooks(collectionId)).payments as { id: string; captured_at: unknown; canceled_at: unknown }[]
        expect(payments.filter((row) => row.captured_at).map((row) => row.id)).toEqual([paid.data.payment.id])
        expect(payments.find((row) => row.id === left.id)?.canceled_at).toBeTruthy()
        expect(await chargedEventsOf(placed.backorderId)).toEqual([{ id: placed.backorderId, order_id: placed.draftOrderId }])
      })
    })

    describe("shipping before payment", () => {
      it("a link keeps the back order a draft (no order.placed, one reservation, Medusa's screens guarded); the capture converts it once", async () => {
        const placed = await placePendingBackorder(api, container, store, admin)
        const reservedBefore = await reservedTshirts(container, store)
        const { data } = await api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 5, payment: "link" }, admin)
        const collectionId = data.backorder.payment_collection_id

        expect(await orderOf(placed.draftOrderId)).toEqual(expect.objectContaining({ status: "draft", is_draft_order: true }))
        expect(await reservedTshirts(container, store)).toBe(reservedBefore)
        const shown = await getBackorder(placed.backorderId)
        expect(shown.status).toBe("awaiting_payment")
        expect(shown.payment_link).toBe(
          `https://storefront.test/payment-collection/${collectionId}?order_id=${placed.draftOrderId}`
        )
        expect(shown.order).toEqual(expect.objectContaining({ is_draft_order: true, total: data.backorder.order.total }))

        // Medusa's own screens can't convert or cancel it behind the plugin's back
        const convert = await failure(api.post(`/admin/draft-orders/${placed.draftOrderId}/convert-to-order`, {}, admin))
        expect(convert.status).toBe(409)
        expect(convert.data.message).toContain(`holds the back order awaiting payment ${placed.backorderId}`)
        expect((await failure(api.post(`/admin/orders/${placed.draftOrderId}/cancel`, {}, admin))).status).toBe(409)

        // a recorded charge of another back order announces its order: once that event is in,
        // an order.placed of the link's draft would have been delivered before it
        const sentinel = await placePendingBackorder(api, container, store, admin, { email: "sentinel@example.com" })
        await api.post(`/admin/backorders/${sentinel.backorderId}/charge`, { shipping_amount: 1, payment: "record" }, admin)
        expect(await placedEventsOf(sentinel.draftOrderId)).toEqual([sentinel.draftOrderId])
        expect(placedOrders.filter((id) => id === placed.draftOrderId)).toEqual([])
        const reservedMeanwhile = await reservedTshirts(container, store)

        const paid = await pay(collectionId, { provider_id: CARD })
        expect(paid.data.payment.captured).toBe(true)
        const charged = await eventually(
          () => getBackorder(placed.backorderId),
          (b) => b.status === "charged"
        )
        expect(charged.status).toBe("charged")
        expect(await placedEventsOf(placed.draftOrderId)).toEqual([placed.draftOrderId])
        expect(await orderOf(placed.draftOrderId)).toEqual(expect.objectContaining({ status: "pending", is_draft_order: false }))
        // reserved once: the conversion's reservations replaced checkout's
        expect(await reservedTshirts(container, store)).toBe(reservedMeanwhile)
        const lineIds = charged.order.items.map((item: { id: string }) => item.id)
        const reservations = await container.resolve(Modules.INVENTORY).listReservationItems({ line_item_id: lineIds })
        expect(reservations.map((r: any) => Number(r.quantity))).toEqual([3])
        expect(await chargedEventsOf(placed.backorderId)).toEqual([{ id: placed.backorderId, order_id: placed.draftOrderId }])
      })

      it("a back order awaiting its link can be canceled in Backorders: the draft canceled, its units released, the link no longer payable", async () => {
        const { placed, collectionId } = await awaitingLink()
        const reservedBefore = await reservedTshirts(container, store)
        const { data } = await api.post(`/admin/backorders/${placed.backorderId}/cancel`, {}, admin)
        expect(data.backorder.status).toBe("canceled")
        expect(data.backorder.order.status).toBe("canceled")
        expect(await reservedTshirts(container, store)).toBe(reservedBefore - 3)

        const response = await failure(pay(collectionId, { provider_id: CARD }))
        expect(response.status).toBe(409)
        expect((await collectionBooks(collectionId)).payments).toEqual([])
      })
    })

    describe("paying while the admin cancels", () => {
      it("a payment and a cancel at once: either charged and the cancel refused, or canceled with no money kept", async () => {
        const { placed, collectionId } = await awaitingLink()
        const reservedBefore = await reservedTshirts(container, store)
        const [payment, cancel] = await Promise.all([
          pay(collectionId, { provider_id: CARD }).then(
            (r) => r,
            (e: any) => e.response
          ),
          api.post(`/admin/backorders/${placed.backorderId}/cancel`, {}, admin).then(
            (r) => r,
            (e: any) => e.response
          ),
        ])
        // let a capture's settlement run, if there was one
        await new Promise((resolve) => setTimeout(resolve, 2000))
        const backorder = await getBackorder(placed.backorderId)
        const books = await collectionBooks(collectionId)
        const query = container.resolve("query")
        const {
          data: [order],
        } = await query.graph({
          entity: "order",
          fields: ["id", "status", "is_draft_order", "payment_collections.payments.id", "payment_collections.payments.refunds.amount", "payment_collections.payments.captures.amount", "payment_collections.payments.canceled_at"],
          filters: { id: placed.draftOrderId },
        })
        const payments = (order.payment_collections ?? []).flatMap((collection: any) => collection.payments ?? [])
        const sum = (rows: any[] | undefined) => (rows ?? []).reduce((total, row) => total + Number(row.amount), 0)
        if (backorder.status === "charged") {
          expect(cancel.status).toBe(409)
          expect(payment.status).toBe(200)
          expect(books.payments.filter((p) => p.captured_at && !p.canceled_at)).toHaveLength(1)
          expect(order.is_draft_order).toBe(false)
          expect(await reservedTshirts(container, store)).toBe(reservedBefore)
        } else {
          expect(backorder.status).toBe("canceled")
          expect(cancel.status).toBe(200)
          expect(order.status).toBe("canceled")
          // every payment made meanwhile is canceled, or captured and refunded in full
          for (const made of payments) {
            expect(made.canceled_at !== null || sum(made.refunds) === sum(made.captures)).toBe(true)
          }
          expect(placedOrders.filter((id) => id === placed.draftOrderId)).toEqual([])
          expect(await reservedTshirts(container, store)).toBe(reservedBefore - 3)
        }
      })
    })

    describe("the link's page", () => {
      it("GET answers what the link pays for (the draft order and the collection), 404 for any other collection", async () => {
        const { placed, collectionId, backorder } = await awaitingLink()
        const { data } = await api.get(`/store/payment-collections/${collectionId}/backorder-payment`, store.headers)
        expect(data.backorder).toEqual(
          expect.objectContaining({
            id: placed.backorderId,
            status: "awaiting_payment",
            order: expect.objectContaining({ id: placed.draftOrderId, is_draft_order: true, total: backorder.order.total }),
          })
        )
        expect(data.payment_collection).toEqual({ id: collectionId, status: "not_paid", amount: backorder.order.total, currency_code: "eur" })
        const unknown = await failure(api.get(`/store/payment-collections/pay_col_unknown/backorder-payment`, store.headers))
        expect(unknown.status).toBe(404)
      })
    })
  },
})
