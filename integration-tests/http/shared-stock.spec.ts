import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  FeatureFlag,
  getVariantAvailability,
  Modules,
  ProductStatus,
} from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createProductsWorkflow, createReservationsStep } from "@medusajs/medusa/core-flows"
import { send } from "../utils/add-to-cart"
import { createCart, prepareCheckout } from "../utils/cart"
import { inventoryLevel, numeric as num, reopenPaymentSession } from "../utils/checkout"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(300 * 1000)

// This spec's app runs with Medusa's Caching Module on (the root medusa-config reads it), as a
// store that enables caching does: Medusa's query cache must not feed the plugin's stock reads.
process.env.BACKORDER_TEST_CACHING = "1"

type Answer = { status: number; data: any }

/**
 * One inventory item behind several variants: the seed's T-shirt item (5 in stock) also backs a
 * second product, "Medusa T-Shirt Team" (B, backorderable, 1 unit of the item), and a kit, the
 * "Medusa T-Shirt Two-Pack" (2 units of the item, which Medusa sells as usual).
 */
type SharedStock = { a: string; b: string; twoPack: string; item: string }

async function linkSharedVariants(container: MedusaContainer, store: SeededStore): Promise<SharedStock> {
  const product = (title: string, sku: string, amount: number, requiredQuantity: number) => ({
    title,
    status: ProductStatus.PUBLISHED,
    shipping_profile_id: store.shippingProfileId,
    options: [{ title: "Size", values: ["L"] }],
    sales_channels: [{ id: store.salesChannelId }],
    variants: [
      {
        title: "L",
        sku,
        options: { Size: "L" },
        prices: [{ currency_code: "eur", amount }],
        manage_inventory: true,
        allow_backorder: true,
        inventory_items: [{ inventory_item_id: store.backorderInventoryItemId, required_quantity: requiredQuantity }],
      },
    ],
  })
  const {
    result: [team, twoPack],
  } = await createProductsWorkflow(container).run({
    input: {
      products: [product("Medusa T-Shirt Team", "TSHIRT-TEAM-L", 20, 1), product("Medusa T-Shirt Two-Pack", "TSHIRT-2PACK-L", 35, 2)],
    },
  })
  return { a: store.backorderVariantId, b: team.variants[0].id, twoPack: twoPack.variants[0].id, item: store.backorderInventoryItemId }
}

/**
 * Another checkout, caught between reserving its units and the end of its workflow: Medusa's
 * own reservation step, then a step that waits for the test. Until the workflow ends, its
 * events (which invalidate Medusa's query cache) are held back, as they are for a completion
 * that has already given back its stock locks.
 */
let heldCheckoutGate: Promise<void> = Promise.resolve()
const waitForTheTestStep = createStep("shared-stock-test-wait", async () => {
  await heldCheckoutGate
  return new StepResponse(null)
})
const heldCheckoutWorkflow = createWorkflow(
  "shared-stock-test-held-checkout",
  (input: { inventory_item_id: string; location_id: string; quantity: number }) => {
    const reservations = createReservationsStep([input])
    waitForTheTestStep()
    return new WorkflowResponse(reservations)
  }
)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbUtils, dbConfig }) => {
    let store: SeededStore
    let shared: SharedStock

    beforeAll(async () => {
      ;({ store } = await seedOncePerSpec(
        { api, getContainer, dbUtils, dbConfig },
        {
          backordersEnabled: true,
          prepare: async (seeded) => {
            shared = await linkSharedVariants(getContainer(), seeded.store)
          },
        }
      ))
    })

    // Every test starts from the seeded database, restored behind Medusa's back: its cache must
    // start empty too, or it would answer with another test's stock.
    beforeEach(async () => {
      await getContainer().resolve(Modules.CACHING).clear({ tags: ["*"] })
    })

    const answer = (request: Promise<{ status: number; data: any }>): Promise<Answer> =>
      request.then(
        ({ status, data }) => ({ status, data }),
        (e: any) => ({ status: e.response?.status ?? 0, data: e.response?.data ?? String(e) })
      )
    const complete = (cartId: string) => answer(api.post(`/store/carts/${cartId}/complete`, {}, store.headers))
    const add = (cartId: string, variantId: string, quantity: number, metadata?: Record<string, unknown>) =>
      send(api, store, `/store/carts/${cartId}/line-items`, { variant_id: variantId, quantity, ...(metadata && { metadata }) })
    const getCart = async (cartId: string) => (await api.get(`/store/carts/${cartId}`, store.headers)).data.cart
    const newCart = async (overrides: Record<string, unknown> = {}) =>
      (await createCart(api, store, { email: `shopper-${Math.random().toString(36).slice(2)}@example.com`, ...overrides }))
        .id as string

    /** A cart filled through the line-item routes (prompted as a shopper is), ready to pay. */
    async function shopperCart(lines: [variantId: string, quantity: number][]) {
      const cartId = await newCart()
      for (const [variantId, quantity] of lines) {
        const added = await add(cartId, variantId, quantity)
        expect(added.status).toBe(200)
      }
      await prepareCheckout(api, store, cartId)
      return cartId
    }

    /** A cart created with its items (POST /store/carts: no prompt on that route), ready to pay. */
    async function cartCreatedWith(lines: [variantId: string, quantity: number][]) {
      const cartId = await newCart({ items: lines.map(([variant_id, quantity]) => ({ variant_id, quantity })) })
      await prepareCheckout(api, store, cartId)
      return cartId
    }

    /** The shopper re-answers a 409 backorder_stock_changed with "accept" for each short line. */
    async function acceptStockChange(cartId: string, conflict: Answer) {
      for (const item of conflict.data.items) {
        await api.post(
          `/store/carts/${cartId}/line-items/${item.line_item_id}`,
          { quantity: item.requested, metadata: { backorder: "accept" } },
          store.headers
        )
      }
      await reopenPaymentSession(api, store, cartId)
    }

    /** Units of the shared item in paid orders (the two-pack counts 2 a unit), in back orders, and its level. */
    async function books(container: MedusaContainer) {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data: orders } = await query.graph({
        entity: "order",
        fields: ["id", "items.*"],
        filters: { is_draft_order: false },
      })
      const { data: drafts } = await query.graph({
        entity: "order",
        fields: ["id", "items.*"],
        filters: { is_draft_order: true },
      })
      const unitsOfItem = (list: any[]) =>
        list
          .flatMap((order) => order.items ?? [])
          .reduce((sum: number, line: any) => {
            const perUnit = line.variant_id === shared.twoPack ? 2 : [shared.a, shared.b].includes(line.variant_id) ? 1 : 0
            return sum + perUnit * num(line.quantity)
          }, 0)
      return {
        orders: orders.length,
        soldInStock: unitsOfItem(orders),
        backordered: unitsOfItem(drafts),
        level: await inventoryLevel(container, store, shared.item),
      }
    }

    describe("one inventory item of 5 behind variants A and B (and a two-pack kit)", () => {
      it("a cart with A×5 gets the prompt for all 5 of B: nothing of the item is left for it", async () => {
        const cartId = await newCart()
        expect((await add(cartId, shared.a, 5)).status).toBe(200)

        const prompted = await add(cartId, shared.b, 5)
        expect(prompted.status).toBe(409)
        expect(prompted.data).toEqual({
          type: "backorder_confirmation_required",
          message:
            "There are only 0 of Medusa T-Shirt Team (L) in stock, and you have added 5, do you want to back order the other 5?",
          backorder: {
            variant_id: shared.b,
            title: "Medusa T-Shirt Team (L)",
            sku: "TSHIRT-TEAM-L",
            requested: 5,
            available: 0,
            backorder_quantity: 5,
            limit_remaining: null,
            limited_by: null,
            ships_on: null,
            message: null,
          },
        })
        // the prompt changed nothing
        expect((await getCart(cartId)).items.map((item: any) => [item.variant_id, item.quantity])).toEqual([[shared.a, 5]])

        expect((await add(cartId, shared.b, 5, { backorder: "accept" })).status).toBe(200)
        const lines = (await getCart(cartId)).items.map((item: any) => [item.variant_id, item.quantity, !!item.metadata?.is_backorder])
        expect(lines.sort()).toEqual([[shared.a, 5, false], [shared.b, 5, true]].sort())

        await prepareCheckout(api, store, cartId)
        const placed = await complete(cartId)
        expect(placed.status).toBe(200)
        expect(placed.data.order.items).toEqual([expect.objectContaining({ variant_id: shared.a, quantity: 5 })])
        expect(placed.data.backorder.draft_order.items).toEqual([expect.objectContaining({ variant_id: shared.b, quantity: 5 })])
        expect(await books(getContainer())).toEqual({ orders: 1, soldInStock: 5, backordered: 5, level: { stocked: 5, reserved: 10 } })
      })

      it("raising A's line counts B's units on the item (the update route)", async () => {
        const cartId = await newCart()
        expect((await add(cartId, shared.a, 3)).status).toBe(200)
        expect((await add(cartId, shared.b, 2)).status).toBe(200)
        const lineA = (await getCart(cartId)).items.find((item: any) => item.variant_id === shared.a)

        const prompted = await send(api, store, `/store/carts/${cartId}/line-items/${lineA.id}`, { quantity: 4 })
        expect(prompted.status).toBe(409)
        expect(prompted.data.backorder).toEqual(expect.objectContaining({ variant_id: shared.a, requested: 4, available: 3, backorder_quantity: 1 }))
      })

      it("a kit's units count against A: two two-packs (4 of the item) leave 1 for A", async () => {
        const cartId = await newCart()
        // the kit is Medusa's to sell (no prompt), but it draws on the same item
        expect((await add(cartId, shared.twoPack, 2)).status).toBe(200)
        const prompted = await add(cartId, shared.a, 5)
        expect(prompted.status).toBe(409)
        expect(prompted.data.backorder).toEqual(expect.objectContaining({ variant_id: shared.a, requested: 5, available: 1, backorder_quantity: 4 }))
      })

      it("a cart created with A×5 + B×5 (no prompt on that route): the re-check answers 409 and sells nothing; once answered, 5 sold and 5 back ordered", async () => {
        const container = getContainer()
        const cartId = await cartCreatedWith([
          [shared.a, 5],
          [shared.b, 5],
        ])

        const told = await complete(cartId)
        expect(told.status).toBe(409)
        expect(told.data.type).toBe("backorder_stock_changed")
        // each line is counted against the item with every other line's units
        expect(told.data.items).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ variant_id: shared.a, requested: 5, available: 0 }),
            expect.objectContaining({ variant_id: shared.b, requested: 5, available: 0 }),
          ])
        )
        expect(told.data.items).toHaveLength(2)
        expect(await books(container)).toEqual({ orders: 0, soldInStock: 0, backordered: 0, level: { stocked: 5, reserved: 0 } })
        expect((await getCart(cartId)).completed_at).toBeNull()

        await acceptStockChange(cartId, told)
        const placed = await complete(cartId)
        expect(placed.status).toBe(200)
        expect(placed.data.backorder.status).toBe("pending")
        expect(await books(container)).toEqual({ orders: 1, soldInStock: 5, backordered: 5, level: { stocked: 5, reserved: 10 } })
      })

      it("a cart created with two two-packs + A×3: the re-check counts the kit's 4 units, A is told 1 is available", async () => {
        const container = getContainer()
        const cartId = await cartCreatedWith([
          [shared.twoPack, 2],
          [shared.a, 3],
        ])
        const told = await complete(cartId)
        expect(told.status).toBe(409)
        expect(told.data.items).toEqual([expect.objectContaining({ variant_id: shared.a, requested: 3, available: 1 })])
        expect(told.data.message).toContain("only 1 of Medusa T-Shirt (L) available now, and your cart has 3")
        expect(await books(container)).toEqual({ orders: 0, soldInStock: 0, backordered: 0, level: { stocked: 5, reserved: 0 } })
      })

      it("two carts, A×5 and B×5, completed together: exactly 5 sold, the other cart is told; reserved +5", async () => {
        const container = getContainer()
        const carts = [await shopperCart([[shared.a, 5]]), await shopperCart([[shared.b, 5]])]

        const answers = await Promise.all(carts.map(complete))
        expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
        const loser = answers.find((a) => a.status === 409)!
        expect(loser.data.type).toBe("backorder_stock_changed")
        expect(loser.data.items).toEqual([expect.objectContaining({ requested: 5, available: 0 })])
        expect(await books(container)).toEqual({ orders: 1, soldInStock: 5, backordered: 0, level: { stocked: 5, reserved: 5 } })
      })
    })

    describe("with Medusa's Caching Module on", () => {
      it("runs with the Caching Module and its feature flag", () => {
        expect(FeatureFlag.isFeatureEnabled("caching")).toBe(true)
        expect(getContainer().resolve(Modules.CACHING, { allowUnregistered: true })).toBeTruthy()
      })

      it("two carts for the last 5, completed together: exactly 5 sold, the other cart is told", async () => {
        const container = getContainer()
        const carts = [await shopperCart([[shared.a, 5]]), await shopperCart([[shared.a, 5]])]

        const answers = await Promise.all(carts.map(complete))
        expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
        expect(answers.find((a) => a.status === 409)!.data.items).toEqual([expect.objectContaining({ requested: 5, available: 0 })])
        expect(await books(container)).toEqual({ orders: 1, soldInStock: 5, backordered: 0, level: { stocked: 5, reserved: 5 } })
      })

      it("a checkout that reserved the last 5 but whose workflow has not ended: the next cart's re-check sees them sold, though Medusa's cache does not yet", async () => {
        const container = getContainer()
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const medusaSays = async () =>
          (await getVariantAvailability(query, { variant_ids: [shared.a], sales_channel_id: store.salesChannelId }))[shared.a]
            .availability
        const cartId = await shopperCart([[shared.a, 5]])
        expect(await medusaSays()).toBe(5)

        let letHeldCheckoutFinish = () => undefined as void
        heldCheckoutGate = new Promise<void>((resolve) => {
          letHeldCheckoutFinish = resolve
        })
        const held = heldCheckoutWorkflow(container).run({
          input: { inventory_item_id: shared.item, location_id: store.stockLocationId, quantity: 5 },
        })
        try {
          const reserved = async () => (await inventoryLevel(container, store, shared.item)).reserved
          for (let tries = 0; (await reserved()) < 5 && tries < 100; tries++) {
            await new Promise((resolve) => setTimeout(resolve, 100))
          }
          expect(await reserved()).toBe(5)
          // the premise: Medusa's cached availability still counts the 5 as in stock
          expect(await medusaSays()).toBe(5)

          const told = await complete(cartId)
          expect(told.status).toBe(409)
          expect(told.data.type).toBe("backorder_stock_changed")
          expect(told.data.items).toEqual([expect.objectContaining({ requested: 5, available: 0 })])
          expect(await books(container)).toEqual({ orders: 0, soldInStock: 0, backordered: 0, level: { stocked: 5, reserved: 5 } })
        } finally {
          letHeldCheckoutFinish()
          await held
        }
      })

      it("one after the other: the second cart (filled while 5 were in stock) is told, and a new add is prompted", async () => {
        const container = getContainer()
        const first = await shopperCart([[shared.a, 5]])
        const second = await shopperCart([[shared.a, 5]])

        expect((await complete(first)).status).toBe(200)
        const told = await complete(second)
        expect(told.status).toBe(409)
        expect(told.data.items).toEqual([expect.objectContaining({ requested: 5, available: 0 })])

        const prompted = await add(await newCart(), shared.a, 1)
        expect(prompted.status).toBe(409)
        expect(prompted.data.backorder).toEqual(expect.objectContaining({ requested: 1, available: 0, backorder_quantity: 1 }))
        expect(await books(container)).toEqual({ orders: 1, soldInStock: 5, backordered: 0, level: { stocked: 5, reserved: 5 } })
      })
    })
  },
})
