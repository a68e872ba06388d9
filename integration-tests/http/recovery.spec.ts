// A run killed in the middle of a charge or a cancel leaves its back order claimed (`charging`,
// `canceling`). These tests leave the books exactly as a killed run leaves them, with Medusa's
// own workflows and the plugin's module service, then recover through the route and the job.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  addDraftOrderShippingMethodsWorkflow,
  beginDraftOrderEditWorkflow,
  cancelOrderWorkflow,
  confirmDraftOrderEditWorkflow,
  convertDraftOrderWorkflow,
  createOrUpdateOrderPaymentCollectionWorkflow,
  markPaymentCollectionAsPaid,
} from "@medusajs/medusa/core-flows"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { recoverStaleBackorderClaims } from "../../src/jobs/recover-stale-backorder-claims"
import { BACKORDER_MODULE } from "../../src/modules/backorder"
import type BackorderModuleService from "../../src/modules/backorder/service"
import type { AdminHeaders } from "../utils/admin"
import { placePendingBackorder, reservedTshirts, type PlacedBackorder } from "../utils/backorders"
import { completeCart, createCart, prepareCheckout } from "../utils/cart"
import { placeBackorderWorkflow } from "../../src/workflows/place-backorder"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(240 * 1000)

const BACKORDERED = 3

medusaIntegrationTestRunner({
  testSuite: (suite) => {
    const { api, getContainer } = suite
    let admin: AdminHeaders
    let store: SeededStore
    let container: MedusaContainer

    const backorders = () => container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => {
          throw new Error("expected the request to fail")
        },
        (e: any) => e.response
      )
    const getBackorder = async (id: string) => (await api.get(`/admin/backorders/${id}`, admin)).data.backorder
    const recover = (id: string) => api.post(`/admin/backorders/${id}/recover`, {}, admin)

    beforeAll(async () => {
      container = getContainer()
      ;({ store, admin } = await seedOncePerSpec(suite, { backordersEnabled: true }))
    })

    /* ---- a killed run's books, made with Medusa's own workflows ---- */

    const draftLineIds = async (draftOrderId: string): Promise<string[]> => {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const {
        data: [order],
      } = await query.graph({ entity: "order", fields: ["id", "items.*"], filters: { id: draftOrderId } })
      return (order.items ?? []).map((item: { id: string }) => item.id)
    }

    /**
     * The app runs the scheduled job `recover-stale-backorder-claims` at second 0 of every minute,
     * and a claim goes stale by itself once the lock's lifetime has passed: a test that crossed a
     * minute between taking its claim and recovering it would find the job had recovered it
     * first. So claims are taken only between seconds 3 and 20, leaving each test 40 s.
     */
    const clearOfTheScheduledJob = async () => {
      while (new Date().getSeconds() < 3 || new Date().getSeconds() > 20) {
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
    }
    /** The claim a charge (or cancel) takes first; the run then dies, so the claim ages past the lock's lifetime. */
    const claimNow = (placed: PlacedBackorder, transition: "claim_charge" | "claim_cancel") =>
      backorders().transitionBackorder(placed.backorderId, transition)
    const claim = async (placed: PlacedBackorder, transition: "claim_charge" | "claim_cancel") => {
      await clearOfTheScheduledJob()
      return claimNow(placed, transition)
    }
    const ageClaim = async (placed: PlacedBackorder) => {
      const lifetime = backorders().getClaimLifetime()
      await backorders().updateBackorders({ id: placed.backorderId, claimed_at: new Date(Date.now() - 2 * lifetime * 1000) })
    }

    const addShipping = async (placed: PlacedBackorder, { confirm }: { confirm: boolean }) => {
      await beginDraftOrderEditWorkflow(container).run({ input: { order_id: placed.draftOrderId } })
      await addDraftOrderShippingMethodsWorkflow(container).run({
        input: { order_id: placed.draftOrderId, shipping_option_id: store.shippingOptionId, custom_amount: 7.5 },
      })
      if (confirm) {
        await confirmDraftOrderEditWorkflow(container).run({ input: { order_id: placed.draftOrderId, confirmed_by: "" } })
      }
    }
    const dropCheckoutReservations = async (placed: PlacedBackorder) =>
      container.resolve(Modules.INVENTORY).deleteReservationItemsByLineItem(await draftLineIds(placed.draftOrderId))
    const convert = async (placed: PlacedBackorder) => {
      await convertDraftOrderWorkflow(container).run({ input: { id: placed.draftOrderId } })
      await createOrUpdateOrderPaymentCollectionWorkflow(container).run({ input: { order_id: placed.draftOrderId } })
    }
    const capture = async (placed: PlacedBackorder) => {
      const { payment_collections } = await readOrder(placed.draftOrderId)
      await markPaymentCollectionAsPaid(container).run({
        input: { payment_collection_id: payment_collections[0].id, order_id: placed.draftOrderId },
      })
    }

    /** A charge killed at each point of its work, as its books show it. */
    const deadCharges: Record<string, (placed: PlacedBackorder) => Promise<void>> = {
      "right after its claim": async () => undefined,
      "with its draft edit open": (placed) => addShipping(placed, { confirm: false }),
      "after confirming the shipping and deleting the checkout reservations": async (placed) => {
        await addShipping(placed, { confirm: true })
        await dropCheckoutReservations(placed)
      },
    }

    /* ---- the books ---- */

    const readOrder = async (orderId: string) => {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const {
        data: [order],
      } = await query.graph({
        entity: "order",
        fields: [
          "id",
          "status",
          "is_draft_order",
          "total",
          "shipping_methods.id",
          "shipping_methods.amount",
          "payment_collections.id",
          "payment_collections.status",
          "payment_collections.payments.id",
          "payment_collections.payments.captured_at",
        ],
        filters: { id: orderId },
      })
      return order
    }

    const books = async (placed: PlacedBackorder) => {
      const order = await readOrder(placed.draftOrderId)
      const openEdits = await container
        .resolve(Modules.ORDER)
        .listOrderChanges({ order_id: placed.draftOrderId, status: ["pending", "requested"] })
      const reservations = await container
        .resolve(Modules.INVENTORY)
        .listReservationItems({ line_item_id: await draftLineIds(placed.draftOrderId) })
      return {
        backorder: await getBackorder(placed.backorderId),
        order,
        open_edits: openEdits.length,
        reserved_on_draft: reservations.reduce((sum, r) => sum + Number(r.quantity), 0),
        reserved: await reservedTshirts(container, store),
      }
    }

    const place = async () => {
      const placed = await placePendingBackorder(api, container, store, admin, { inStock: 2, backordered: BACKORDERED })
      return { placed, reserved: await reservedTshirts(container, store) }
    }

    /** After recovery to pending: a new charge works and adds exactly one shipping method. */
    const expectChargeableAgain = async (placed: PlacedBackorder, reserved: number) => {
      const { data } = await api.post(
        `/admin/backorders/${placed.backorderId}/charge`,
        { shipping_amount: 5, payment: "record" },
        admin
      )
      expect(data.backorder.status).toBe("charged")
      const after = await books(placed)
      expect(after.order.is_draft_order).toBe(false)
      expect(after.order.shipping_methods).toHaveLength(1)
      expect(Number(after.order.shipping_methods[0].amount)).toBe(5)
      // 3 × 20 + 5 shipping, 19 % on both
      expect(Number(after.order.total)).toBeCloseTo(77.35, 5)
      expect(after.reserved_on_draft).toBe(BACKORDERED)
      expect(after.reserved).toBe(reserved)
    }

    describe("a charge killed before converting the draft: pending again, chargeable", () => {
      it.each(Object.keys(deadCharges))("killed %s", async (moment) => {
        const { placed, reserved } = await place()
        expect(await claim(placed, "claim_charge")).not.toBeNull()
        await deadCharges[moment](placed)
        await ageClaim(placed)
        expect((await getBackorder(placed.backorderId)).recoverable).toBe(true)

        const { data } = await recover(placed.backorderId)

        expect(data.backorder).toEqual(
          expect.objectContaining({ status: "pending", claimed_at: null, recoverable: false, payment_link: null })
        )
        const after = await books(placed)
        expect(after.order).toEqual(
          expect.objectContaining({ status: "draft", is_draft_order: true, shipping_methods: [] })
        )
        expect(after.open_edits).toBe(0)
        expect(after.reserved_on_draft).toBe(BACKORDERED)
        expect(after.reserved).toBe(reserved)
        await expectChargeableAgain(placed, reserved)
      })
    })

    describe("a charge killed after converting the draft", () => {
      it("with the collection open: awaiting payment, with its link", async () => {
        const { placed, reserved } = await place()
        await claim(placed, "claim_charge")
        await addShipping(placed, { confirm: true })
        await dropCheckoutReservations(placed)
        await convert(placed)
        await ageClaim(placed)

        const { data } = await recover(placed.backorderId)

        const after = await books(placed)
        expect(after.order.is_draft_order).toBe(false)
        expect(after.order.payment_collections).toHaveLength(1)
        const [collection] = after.order.payment_collections
        expect(collection.status).toBe("not_paid")
        expect(data.backorder).toEqual(
          expect.objectContaining({
            status: "awaiting_payment",
            claimed_at: null,
            payment_collection_id: collection.id,
            payment_link: `https://storefront.test/payment-collection/${collection.id}?order_id=${placed.draftOrderId}`,
          })
        )
        expect(after.order.shipping_methods).toHaveLength(1)
        expect(after.reserved_on_draft).toBe(BACKORDERED)
        expect(after.reserved).toBe(reserved)
      })

      it("right after the conversion, before any collection: awaiting payment on one collection", async () => {
        const { placed, reserved } = await place()
        await claim(placed, "claim_charge")
        await addShipping(placed, { confirm: true })
        await dropCheckoutReservations(placed)
        await convertDraftOrderWorkflow(container).run({ input: { id: placed.draftOrderId } })
        const before = await readOrder(placed.draftOrderId)
        await ageClaim(placed)

        const { data } = await recover(placed.backorderId)

        const after = await books(placed)
        // the conversion's own collection, opened for the total (Medusa's
        // createOrUpdateOrderPaymentCollectionWorkflow reuses a not-paid one): exactly one
        const open = after.order.payment_collections.filter((c: any) => c.status === "not_paid")
        expect(open).toHaveLength(1)
        expect(after.order.payment_collections.map((c: any) => c.id)).toEqual(before.payment_collections.map((c: any) => c.id))
        expect(data.backorder.status).toBe("awaiting_payment")
        expect(data.backorder.payment_collection_id).toBe(open[0].id)
        expect(after.reserved).toBe(reserved)
      })

      it("with the payment captured: charged, and nothing paid twice", async () => {
        const { placed, reserved } = await place()
        await claim(placed, "claim_charge")
        await addShipping(placed, { confirm: true })
        await dropCheckoutReservations(placed)
        await convert(placed)
        await capture(placed)
        await ageClaim(placed)

        const { data } = await recover(placed.backorderId)

        const after = await books(placed)
        expect(after.order.payment_collections).toHaveLength(1)
        const [collection] = after.order.payment_collections
        expect(collection.status).toBe("completed")
        expect(collection.payments).toHaveLength(1)
        expect(data.backorder).toEqual(
          expect.objectContaining({
            status: "charged",
            claimed_at: null,
            payment_collection_id: collection.id,
            charged_at: expect.any(String),
          })
        )
        expect(after.reserved).toBe(reserved)
      })

      it("whose draft was canceled meanwhile: canceled", async () => {
        const { placed, reserved } = await place()
        await claim(placed, "claim_charge")
        await cancelOrderWorkflow(container).run({ input: { order_id: placed.draftOrderId } })
        await ageClaim(placed)

        const { data } = await recover(placed.backorderId)

        expect(data.backorder).toEqual(expect.objectContaining({ status: "canceled", canceled_at: expect.any(String) }))
        const after = await books(placed)
        expect(after.reserved_on_draft).toBe(0)
        expect(after.reserved).toBe(reserved - BACKORDERED)
      })
    })

    describe("a cancel killed", () => {
      it("after Medusa canceled the draft: canceled", async () => {
        const { placed, reserved } = await place()
        await claim(placed, "claim_cancel")
        await cancelOrderWorkflow(container).run({ input: { order_id: placed.draftOrderId } })
        await ageClaim(placed)

        const { data } = await recover(placed.backorderId)

        expect(data.backorder).toEqual(
          expect.objectContaining({ status: "canceled", claimed_at: null, canceled_at: expect.any(String) })
        )
        const after = await books(placed)
        expect(after.order.status).toBe("canceled")
        expect(after.reserved_on_draft).toBe(0)
        expect(after.reserved).toBe(reserved - BACKORDERED)
      })

      it("after deleting the reservations, before canceling the draft: pending, its units reserved again", async () => {
        const { placed, reserved } = await place()
        await claim(placed, "claim_cancel")
        await dropCheckoutReservations(placed)
        await ageClaim(placed)

        const { data } = await recover(placed.backorderId)

        expect(data.backorder).toEqual(expect.objectContaining({ status: "pending", claimed_at: null }))
        const after = await books(placed)
        expect(after.order.status).toBe("draft")
        expect(after.reserved_on_draft).toBe(BACKORDERED)
        expect(after.reserved).toBe(reserved)
        const { data: canceled } = await api.post(`/admin/backorders/${placed.backorderId}/cancel`, {}, admin)
        expect(canceled.backorder.status).toBe("canceled")
        expect(await reservedTshirts(container, store)).toBe(reserved - BACKORDERED)
      })
    })

    describe("the scheduled job", () => {
      /** Two dead charges: one before conversion, one after. */
      const deadRuns = async () => {
        const early = await place()
        const late = await place()
        await claim(early.placed, "claim_charge")
        await addShipping(early.placed, { confirm: true })
        await dropCheckoutReservations(early.placed)
        await claimNow(late.placed, "claim_charge")
        await addShipping(late.placed, { confirm: true })
        await dropCheckoutReservations(late.placed)
        await convert(late.placed)
        await ageClaim(early.placed)
        await ageClaim(late.placed)
        return { early, late, reserved: await reservedTshirts(container, store) }
      }

      const expectRecovered = async ({ early, late, reserved }: Awaited<ReturnType<typeof deadRuns>>) => {
        const earlyBooks = await books(early.placed)
        expect(earlyBooks.backorder.status).toBe("pending")
        expect(earlyBooks.order.shipping_methods).toEqual([])
        expect(earlyBooks.reserved_on_draft).toBe(BACKORDERED)
        const lateBooks = await books(late.placed)
        expect(lateBooks.backorder.status).toBe("awaiting_payment")
        expect(lateBooks.order.payment_collections.filter((c: any) => c.status === "not_paid")).toHaveLength(1)
        expect(lateBooks.reserved_on_draft).toBe(BACKORDERED)
        // the early one's units were reserved again, the late one's by its conversion: once each
        expect(lateBooks.reserved).toBe(reserved + BACKORDERED)
      }

      it("run twice recovers each back order once", async () => {
        const dead = await deadRuns()
        const first = await recoverStaleBackorderClaims(container)
        const second = await recoverStaleBackorderClaims(container)

        expect(first.recovered).toEqual(
          expect.arrayContaining([
            { id: dead.early.placed.backorderId, status: "pending" },
            { id: dead.late.placed.backorderId, status: "awaiting_payment" },
          ])
        )
        expect(first.recovered).toHaveLength(2)
        expect(first.failed).toEqual([])
        expect(second).toEqual({ recovered: [], skipped: [], failed: [] })
        await expectRecovered(dead)
      })

      it("run twice at once (two instances) recovers each back order exactly once", async () => {
        const dead = await deadRuns()
        const runs = await Promise.all([recoverStaleBackorderClaims(container), recoverStaleBackorderClaims(container)])

        const recovered = runs.flatMap((run) => run.recovered)
        expect(recovered.map((r) => r.id).sort()).toEqual([dead.early.placed.backorderId, dead.late.placed.backorderId].sort())
        expect(runs.flatMap((run) => run.failed)).toEqual([])
        await expectRecovered(dead)
      })

      it("and Retry at once: one recovers, the other finds nothing to do", async () => {
        const { placed, reserved } = await place()
        await claim(placed, "claim_charge")
        await addShipping(placed, { confirm: true })
        await dropCheckoutReservations(placed)
        await ageClaim(placed)

        const [job, retry] = await Promise.all([
          recoverStaleBackorderClaims(container),
          recover(placed.backorderId).then(
            (response) => response.status,
            (error: any) => error.response?.status
          ),
        ])

        const jobRecovered = job.recovered.filter((r) => r.id === placed.backorderId).length
        expect(jobRecovered + (retry === 200 ? 1 : 0)).toBe(1)
        if (retry !== 200) {
          expect(retry).toBe(409)
        }
        const after = await books(placed)
        expect(after.backorder.status).toBe("pending")
        expect(after.order.shipping_methods).toEqual([])
        expect(after.reserved).toBe(reserved)
      })
    })

    describe("a completion killed after placing the draft order, before recording the back order", () => {
      /** Drafts holding this cart's back-ordered units (their lines name the cart). */
      const draftsOfCart = async (cartId: string) => {
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({
          entity: "order",
          fields: ["id", "is_draft_order", "status", "items.*"],
          filters: { is_draft_order: true },
        })
        return data.filter((order: any) => (order.items ?? []).some((item: any) => item?.metadata?.source_cart_id === cartId))
      }

      it("leaves no orphan: the retry completes with one draft, one back order, reserved = ordered + back ordered", async () => {
        // another cart's pending back order: its draft is no orphan
        const other = await placePendingBackorder(api, container, store, admin, { inStock: 0, backordered: 1 })
        const inventory = container.resolve(Modules.INVENTORY)
        const [level] = await inventory.listInventoryLevels({
          inventory_item_id: store.backorderInventoryItemId,
          location_id: store.stockLocationId,
        })
        const reservedBefore = Number(level.reserved_quantity)
        // exactly 2 available: the shopper takes 2 from stock and back orders 3
        await api.post(
          `/admin/inventory-items/${store.backorderInventoryItemId}/location-levels/${store.stockLocationId}`,
          { stocked_quantity: reservedBefore + 2 },
          admin
        )
        const cart = await createCart(api, store)
        await api.post(
          `/store/carts/${cart.id}/line-items`,
          { variant_id: store.backorderVariantId, quantity: 2 + BACKORDERED, metadata: { backorder: "accept" } },
          store.headers
        )
        await prepareCheckout(api, store, cart.id)

        // the killed completion: the plugin's placement ran up to the draft and its reservations,
        // and the process died before the back order was recorded (nor the cart completed)
        const { result: orphan } = await placeBackorderWorkflow(container).run({
          input: { cart_id: cart.id, items: [{ variant_id: store.backorderVariantId, quantity: BACKORDERED }] },
        })
        await backorders().deleteBackorders(orphan.backorder_id)
        expect(await draftsOfCart(cart.id)).toHaveLength(1)
        expect(await reservedTshirts(container, store)).toBe(reservedBefore + BACKORDERED)

        const completion = await completeCart(api, store, cart.id)

        expect(completion.type).toBe("order")
        expect(completion.backorder).toEqual(expect.objectContaining({ status: "pending" }))
        const drafts = await draftsOfCart(cart.id)
        expect(drafts).toHaveLength(1)
        expect(drafts[0].id).toBe(completion.backorder.draft_order.id)
        const records = await backorders().listBackorders({ cart_id: cart.id })
        expect(records).toHaveLength(1)
        expect(records[0].draft_order_id).toBe(drafts[0].id)
        // 2 ordered (the order's reservation) + 3 back ordered (the draft's), nothing of the orphan
        expect(await reservedTshirts(container, store)).toBe(reservedBefore + 2 + BACKORDERED)
        const draftReservations = await inventory.listReservationItems({ line_item_id: await draftLineIds(drafts[0].id) })
        expect(draftReservations.map((r) => Number(r.quantity))).toEqual([BACKORDERED])
        expect(await draftsOfCart(other.cartId)).toEqual([expect.objectContaining({ id: other.draftOrderId, status: "draft" })])
      })
    })

    describe("what recovery refuses", () => {
      it("a fresh claim (its run may still be working): 409, nothing changed", async () => {
        const { placed, reserved } = await place()
        await claim(placed, "claim_charge")
        await addShipping(placed, { confirm: true })

        const response = await failure(recover(placed.backorderId))

        expect(response.status).toBe(409)
        expect(response.data).toEqual({
          type: "conflict",
          code: "invalid_state_error",
          message: expect.stringContaining("may still be working"),
        })
        const after = await books(placed)
        expect(after.backorder).toEqual(expect.objectContaining({ status: "charging", recoverable: false, claimed_at: expect.any(String) }))
        expect(after.order.shipping_methods).toHaveLength(1)
        expect(after.reserved).toBe(reserved)
        expect(await recoverStaleBackorderClaims(container)).toEqual({ recovered: [], skipped: [], failed: [] })
      })

      it("a back order that is not claimed: 409", async () => {
        const { placed } = await place()
        const response = await failure(recover(placed.backorderId))
        expect(response.status).toBe(409)
        expect(response.data.message).toBe(
          `Back order ${placed.backorderId} is pending; only a back order left charging or canceling by a run that stopped can be recovered.`
        )
        expect((await getBackorder(placed.backorderId)).status).toBe("pending")
      })

      it("an unknown back order: 404 in Medusa's shape", async () => {
        const response = await failure(recover("bo_missing"))
        expect(response.status).toBe(404)
        expect(response.data).toEqual({ type: "not_found", message: "Back order with id: bo_missing was not found" })
      })

      it("unknown fields: 400", async () => {
        const response = await failure(api.post("/admin/backorders/bo_missing/recover", { force: true }, admin))
        expect(response.status).toBe(400)
        expect(response.data.type).toBe("invalid_data")
      })

      it("no admin: 401, nothing changed", async () => {
        const { placed } = await place()
        await claim(placed, "claim_charge")
        await ageClaim(placed)
        const response = await failure(api.post(`/admin/backorders/${placed.backorderId}/recover`, {}))
        expect(response.status).toBe(401)
        expect((await getBackorder(placed.backorderId)).status).toBe("charging")
      })
    })
  },
})
