import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { BACKORDER_MODULE } from "../../src/modules/backorder"
import type BackorderModuleService from "../../src/modules/backorder/service"
import { stockLockKey } from "../../src/modules/backorder/service"
import { type AdminHeaders } from "../utils/admin"
import { createCart, prepareCheckout } from "../utils/cart"
import { inventoryLevel, numeric as num, reopenPaymentSession } from "../utils/checkout"
import { placePendingBackorder } from "../utils/backorders"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(300 * 1000)

// The merchant's handler on Medusa's own hook (one per hook in the app): a test can make the
// completion fail after the plugin took its stock locks.
let failBeforePayment: ((cartId: string) => void) | null = null
;(completeCartWorkflow.hooks as any).beforePaymentAuthorization(async ({ input }: { input: { id: string } }) => {
  failBeforePayment?.(input.id)
})

type Answer = { status: number; data: any }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbUtils, dbConfig }) => {
    let store: SeededStore
    let admin: AdminHeaders

    beforeAll(async () => {
      ;({ store, admin } = await seedOncePerSpec({ api, getContainer, dbUtils, dbConfig }, { backordersEnabled: true }))
    })

    beforeEach(() => {
      failBeforePayment = null
    })

    const answer = (request: Promise<{ status: number; data: any }>): Promise<Answer> =>
      request.then(
        ({ status, data }) => ({ status, data }),
        (e: any) => ({ status: e.response?.status ?? 0, data: e.response?.data ?? String(e) })
      )

    const complete = (cartId: string) => answer(api.post(`/store/carts/${cartId}/complete`, {}, store.headers))

    /** A shopper's cart with `quantity` T-shirts (the answer "accept" if given), ready to pay. */
    async function shopperCart(quantity: number, { accept = false, variantId = store.backorderVariantId } = {}) {
      const cart = await createCart(api, store, { email: `shopper-${Math.random().toString(36).slice(2)}@example.com` })
      await api.post(
        `/store/carts/${cart.id}/line-items`,
        { variant_id: variantId, quantity, ...(accept && { metadata: { backorder: "accept" } }) },
        store.headers
      )
      await prepareCheckout(api, store, cart.id)
      return cart.id as string
    }

    /** The shopper re-answers a 409 backorder_stock_changed with "accept" for each short line. */
    async function acceptStockChange(cartId: string, conflict: Answer) {
      let cart: any
      for (const item of conflict.data.items) {
        const { data } = await api.post(
          `/store/carts/${cartId}/line-items/${item.line_item_id}`,
          { quantity: item.requested, metadata: { backorder: "accept" } },
          store.headers
        )
        cart = data.cart
      }
      // Medusa drops the payment sessions when the total moves; a cart of only back-ordered items pays nothing now
      if (Number(cart.total) > 0) {
        await reopenPaymentSession(api, store, cartId)
      }
    }

    /** What was sold of the T-shirt: paid orders, pending back orders, the stock level. */
    async function books(container: MedusaContainer) {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data: orders } = await query.graph({
        entity: "order",
        fields: ["id", "is_draft_order", "status", "items.*"],
        filters: { is_draft_order: false },
      })
      const tshirtLines = orders.flatMap((order: any) =>
        (order.items ?? []).filter((item: any) => item.variant_id === store.backorderVariantId)
      )
      const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
      const backorders = await backorderModule.listBackorders({ status: "pending" })
      const { data: drafts } = backorders.length
        ? await query.graph({
            entity: "order",
            fields: ["id", "status", "items.*"],
            filters: { id: backorders.map((b) => b.draft_order_id) },
          })
        : { data: [] as any[] }
      const backorderedLines = drafts.flatMap((draft: any) => draft.items ?? [])
      return {
        orders,
        soldInStock: tshirtLines.reduce((sum: number, item: any) => sum + num(item.quantity), 0),
        soldPrices: [...new Set(tshirtLines.map((item: any) => num(item.unit_price)))],
        backorders,
        backordered: backorderedLines.reduce((sum: number, item: any) => sum + num(item.quantity), 0),
        backorderedPrices: [...new Set(backorderedLines.map((item: any) => num(item.unit_price)))],
        level: await inventoryLevel(container, store, store.backorderInventoryItemId),
      }
    }

    /** Whether nobody holds the T-shirt's stock lock: a probe takes and gives it back at once. */
    async function stockLockIsFree(container: MedusaContainer) {
      const locking = container.resolve(Modules.LOCKING)
      try {
        await locking.acquire(stockLockKey(store.backorderInventoryItemId), { ownerId: "probe", expire: 5 })
      } catch {
        return false
      }
      await locking.release(stockLockKey(store.backorderInventoryItemId), { ownerId: "probe" })
      return true
    }

    describe("two carts of 5 on a 5-unit variant, no shortfall when they were filled", () => {
      it("concurrently: one order of 5, the other 409 backorder_stock_changed; once it accepts, a pending back order of 5", async () => {
        const container = getContainer()
        const carts = [await shopperCart(5), await shopperCart(5)]

        const answers = await Promise.all(carts.map(complete))
        expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
        const loserIndex = answers.findIndex((a) => a.status === 409)
        const loser = answers[loserIndex]
        expect(loser.data).toEqual({
          type: "backorder_stock_changed",
          message: expect.stringContaining("only 0 of Medusa T-Shirt (L) available now, and your cart has 5"),
          items: [expect.objectContaining({ variant_id: store.backorderVariantId, requested: 5, available: 0 })],
        })
        expect(answers[1 - loserIndex].data.type).toBe("order")
        expect(answers[1 - loserIndex].data.backorder).toBeUndefined()

        let ledger = await books(container)
        expect(ledger.soldInStock).toBe(5)
        expect(ledger.orders).toHaveLength(1)
        expect(ledger.level).toEqual({ stocked: 5, reserved: 5 })
        // nothing changed for the loser
        const loserCart = (await api.get(`/store/carts/${carts[loserIndex]}`, store.headers)).data.cart
        expect(loserCart.completed_at).toBeNull()
        expect(loserCart.items.map((i: any) => i.quantity)).toEqual([5])

        await acceptStockChange(carts[loserIndex], loser)
        const placed = await complete(carts[loserIndex])
        expect(placed.status).toBe(200)
        expect(placed.data.backorder.status).toBe("pending")

        ledger = await books(container)
        expect(ledger.soldInStock).toBe(5)
        expect(ledger.backordered).toBe(5)
        expect(ledger.backorderedPrices).toEqual([20])
        expect(ledger.level).toEqual({ stocked: 5, reserved: 10 })
      })

      it("one after the other: the second is told, nothing is sold twice", async () => {
        const container = getContainer()
        const first = await shopperCart(5)
        const second = await shopperCart(5)

        expect((await complete(first)).data.type).toBe("order")
        const told = await complete(second)
        expect(told.status).toBe(409)
        expect(told.data.type).toBe("backorder_stock_changed")
        expect(told.data.items).toEqual([expect.objectContaining({ requested: 5, available: 0 })])

        const ledger = await books(container)
        expect(ledger.soldInStock).toBe(5)
        expect(ledger.level).toEqual({ stocked: 5, reserved: 5 })
        expect(await stockLockIsFree(container)).toBe(true)
      })
    })

    it("two carts of 5 + 5 back ordered, concurrently: 5 sold in stock in all, the loser is told; reserved 20 once it accepts", async () => {
      const container = getContainer()
      const carts = [await shopperCart(10, { accept: true }), await shopperCart(10, { accept: true })]

      const answers = await Promise.all(carts.map(complete))
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
      const loserIndex = answers.findIndex((a) => a.status === 409)
      expect(answers[loserIndex].data.items).toEqual([expect.objectContaining({ requested: 5, available: 0 })])

      let ledger = await books(container)
      expect(ledger.soldInStock).toBe(5)
      expect(ledger.backordered).toBe(5)
      expect(ledger.level).toEqual({ stocked: 5, reserved: 10 })

      await acceptStockChange(carts[loserIndex], answers[loserIndex])
      expect((await complete(carts[loserIndex])).status).toBe(200)
      ledger = await books(container)
      expect(ledger.soldInStock).toBe(5)
      expect(ledger.soldPrices).toEqual([20])
      expect(ledger.backorders).toHaveLength(2)
      expect(ledger.backordered).toBe(15)
      expect(ledger.level).toEqual({ stocked: 5, reserved: 20 })
    })

    it("10 carts of 1 on 5 units, concurrently: exactly 5 orders, 5 answers 409", async () => {
      const container = getContainer()
      const carts: string[] = []
      for (let i = 0; i < 10; i++) {
        carts.push(await shopperCart(1))
      }

      const answers = await Promise.all(carts.map(complete))
      expect(answers.filter((a) => a.status === 200 && a.data.type === "order")).toHaveLength(5)
      const told = answers.filter((a) => a.status === 409)
      expect(told).toHaveLength(5)
      for (const conflict of told) {
        expect(conflict.data.type).toBe("backorder_stock_changed")
      }

      const ledger = await books(container)
      expect(ledger.orders).toHaveLength(5)
      expect(ledger.soldInStock).toBe(5)
      expect(ledger.level).toEqual({ stocked: 5, reserved: 5 })
      expect(await stockLockIsFree(container)).toBe(true)
    })

    it("20 shoppers buying 1–3 at once: never more sold in stock than stocked; every other unit ends in a pending back order", async () => {
      const container = getContainer()
      const wanted = Array.from({ length: 20 }, (_, i) => 1 + ((i * 7 + 3) % 3))
      const carts: string[] = []
      for (const quantity of wanted) {
        carts.push(await shopperCart(quantity))
      }
      const requested = wanted.reduce((a, b) => a + b, 0)

      // every round completes the open carts at once; the shoppers told accept the new split
      let open = carts
      for (let round = 0; open.length && round < 6; round++) {
        const answers = await Promise.all(open.map(complete))
        for (const a of answers) {
          expect([200, 409]).toContain(a.status)
        }
        const ledger = await books(container)
        expect(ledger.soldInStock).toBeLessThanOrEqual(5)
        expect(ledger.level.reserved).toBe(ledger.soldInStock + ledger.backordered)
        const next: string[] = []
        for (const [i, a] of answers.entries()) {
          if (a.status === 409) {
            expect(a.data.type).toBe("backorder_stock_changed")
            await acceptStockChange(open[i], a)
            next.push(open[i])
          }
        }
        open = next
      }
      expect(open).toEqual([])

      const ledger = await books(container)
      expect(ledger.soldInStock).toBe(5)
      expect(ledger.soldPrices).toEqual([20])
      expect(ledger.backordered).toBe(requested - 5)
      expect(ledger.backorderedPrices).toEqual([20])
      expect(ledger.level).toEqual({ stocked: 5, reserved: requested })
      // no paid order holds a zero-priced line
      for (const order of ledger.orders) {
        for (const item of order.items ?? []) {
          expect(num(item.unit_price)).toBeGreaterThan(0)
        }
      }
    })

    it("carts of different variants don't wait for each other: one completes while the other's stock lock is held", async () => {
      const container = getContainer()
      // the mug becomes a second backorderable variant
      await container.resolve(Modules.PRODUCT).updateProductVariants(store.noBackorderVariantId, { allow_backorder: true })
      const tshirtCart = await shopperCart(2)
      const mugCart = await shopperCart(2, { variantId: store.noBackorderVariantId })

      const locking = container.resolve(Modules.LOCKING)
      await locking.acquire(stockLockKey(store.backorderInventoryItemId), { ownerId: "another-checkout", expire: 60 })
      let tshirtSettled = false
      const tshirtCompletion = complete(tshirtCart).finally(() => {
        tshirtSettled = true
      })
      try {
        const mug = await complete(mugCart)
        expect(mug.status).toBe(200)
        expect(mug.data.type).toBe("order")
        // the T-shirt's completion is still waiting for its item's lock
        expect(tshirtSettled).toBe(false)
      } finally {
        await locking.release(stockLockKey(store.backorderInventoryItemId), { ownerId: "another-checkout" })
      }
      const tshirt = await tshirtCompletion
      expect(tshirt.status).toBe(200)
      expect(tshirt.data.type).toBe("order")
      expect((await books(container)).level).toEqual({ stocked: 5, reserved: 2 })
    })

    it("re-checks a cart created with items (POST /store/carts) like any other", async () => {
      const container = getContainer()
      const created = await createCart(api, store, { items: [{ variant_id: store.backorderVariantId, quantity: 10 }] })
      const cartId = created.id
      await prepareCheckout(api, store, cartId)

      const told = await complete(cartId)
      expect(told.status).toBe(409)
      expect(told.data.items).toEqual([expect.objectContaining({ requested: 10, available: 5 })])
      expect((await books(container)).level).toEqual({ stocked: 5, reserved: 0 })

      await acceptStockChange(cartId, told)
      const placed = await complete(cartId)
      expect(placed.status).toBe(200)
      expect(placed.data.order.items).toEqual([expect.objectContaining({ quantity: 5, unit_price: 20 })])
      expect(placed.data.backorder.draft_order.items).toEqual([expect.objectContaining({ quantity: 5 })])
      expect((await books(container)).level).toEqual({ stocked: 5, reserved: 10 })
    })

    it("keeps Medusa's behaviour for variants the plugin does not act on (the socks: no backorders)", async () => {
      const cartId = await shopperCart(3, { variantId: store.inStockVariantId })
      const done = await complete(cartId)
      expect(done.status).toBe(200)
      expect(done.data.type).toBe("order")
      expect(done.data.backorder).toBeUndefined()
    })

    it("a failure after the stock lock was taken releases it: the next completion of the variant proceeds at once", async () => {
      const container = getContainer()
      const failing = await shopperCart(2)
      const next = await shopperCart(2)
      failBeforePayment = (cartId) => {
        if (cartId === failing) {
          throw new Error("injected failure after the stock lock")
        }
      }

      const failed = await complete(failing)
      expect(failed.status).toBeGreaterThanOrEqual(400)
      expect(await stockLockIsFree(container)).toBe(true)
      expect((await books(container)).level).toEqual({ stocked: 5, reserved: 0 })

      const done = await complete(next)
      expect(done.status).toBe(200)
      expect(done.data.type).toBe("order")
      expect((await books(container)).level).toEqual({ stocked: 5, reserved: 2 })
    })

    describe("claims in the database, whatever the lock provider", () => {
      it("only one of many concurrent claims of a pending back order wins", async () => {
        const container = getContainer()
        const placed = await placePendingBackorder(api, container, store, admin)
        const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
        const claims = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            backorderModule.transitionBackorderStatus(placed.backorderId, "pending", i % 2 ? "charging" : "canceling")
          )
        )
        expect(claims.filter(Boolean)).toHaveLength(1)
      })

      it("a back order another instance is charging (claimed, its lock unseen here) can be neither charged nor canceled", async () => {
        const container = getContainer()
        const placed = await placePendingBackorder(api, container, store, admin)
        const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
        expect(await backorderModule.transitionBackorderStatus(placed.backorderId, "pending", "charging")).toBe(true)

        const charge = await answer(
          api.post(`/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 5, payment: "record" }, admin)
        )
        expect(charge.status).toBe(409)
        expect(charge.data.message).toContain("is being charged; only a pending or ready back order can be charged")
        const cancel = await answer(api.post(`/admin/backorders/${placed.backorderId}/cancel`, {}, admin))
        expect(cancel.status).toBe(409)
        expect(cancel.data.message).toContain("is being charged; only a pending or ready back order can be canceled")

        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const {
          data: [draft],
        } = await query.graph({
          entity: "order",
          fields: ["id", "status", "shipping_methods.id", "payment_collections.id"],
          filters: { id: placed.draftOrderId },
        })
        expect(draft.status).toBe("draft")
        expect(draft.shipping_methods).toEqual([])
        expect(draft.payment_collections ?? []).toEqual([])
        expect((await backorderModule.retrieveBackorder(placed.backorderId)).status).toBe("charging")
      })

      it("a canceled back order can't be charged, and a charge's claim is handed back when the charge fails", async () => {
        const container = getContainer()
        const canceled = await placePendingBackorder(api, container, store, admin)
        expect((await api.post(`/admin/backorders/${canceled.backorderId}/cancel`, {}, admin)).data.backorder.status).toBe(
          "canceled"
        )
        const late = await answer(
          api.post(`/admin/backorders/${canceled.backorderId}/charge`, { shipping_amount: 5, payment: "record" }, admin)
        )
        expect(late.status).toBe(409)

        const failing = await placePendingBackorder(api, container, store, admin, { email: "grace@example.com" })
        const refused = await answer(
          api.post(
            `/admin/backorders/${failing.backorderId}/charge`,
            { shipping_amount: 5, payment: "record", shipping_option_id: "so_does_not_exist" },
            admin
          )
        )
        expect(refused.status).toBeGreaterThanOrEqual(400)
        expect(refused.status).toBeLessThan(500)
        const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
        expect((await backorderModule.retrieveBackorder(failing.backorderId)).status).toBe("pending")
      })
    })
  },
})
