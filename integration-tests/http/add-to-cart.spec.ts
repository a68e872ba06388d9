import Medusa, { FetchError } from "@medusajs/js-sdk"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { enableBackorders, type AdminHeaders } from "../utils/admin"
import { addLineItem, completeCart, createCart, prepareCheckout } from "../utils/cart"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"
import {
  backorderLineRecords,
  createAutomaticItemPromotion,
  lineInternals,
  createTwoItemKit,
  send,
  setVariantPrices,
} from "../utils/add-to-cart"

jest.setTimeout(120 * 1000)

const PROMPT_10_OF_5 = {
  type: "backorder_confirmation_required",
  message:
    "There are only 5 of Medusa T-Shirt (L) in stock, and you have added 10, do you want to back order the other 5?",
  backorder: {
    variant_id: expect.any(String),
    title: "Medusa T-Shirt (L)",
    sku: "TSHIRT-L",
    requested: 10,
    available: 5,
    backorder_quantity: 5,
    limit_remaining: null,
    limited_by: null,
    ships_on: null,
    message: null,
  },
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbUtils, dbConfig }) => {
    let container: MedusaContainer
    let admin: AdminHeaders
    let store: SeededStore

    beforeAll(async () => {
      container = getContainer()
      ;({ store, admin } = await seedOncePerSpec({ api, getContainer, dbUtils, dbConfig }))
    })

    const add = (cartId: string, body: Record<string, unknown>) =>
      send(api, store, `/store/carts/${cartId}/line-items`, body)
    const update = (cartId: string, lineId: string, body: Record<string, unknown>) =>
      send(api, store, `/store/carts/${cartId}/line-items/${lineId}`, body)
    const getCart = async (cartId: string) => (await api.get(`/store/carts/${cartId}`, store.headers)).data.cart
    const tshirt = (quantity: number, metadata?: Record<string, unknown>) => ({
      variant_id: store.backorderVariantId,
      quantity,
      ...(metadata ? { metadata } : {}),
    })
    const linesOf = (cart: any, variantId: string) =>
      cart.items.filter((item: any) => item.variant_id === variantId)
    const inStockLine = (cart: any) =>
      cart.items.find((item: any) => item.variant_id === store.backorderVariantId && !item.metadata?.is_backorder)
    const backorderLine = (cart: any) =>
      cart.items.find((item: any) => item.variant_id === store.backorderVariantId && item.metadata?.is_backorder)
    /** What a test compares to show a request changed nothing. */
    const snapshot = async (cartId: string) => {
      const cart = await getCart(cartId)
      return {
        items: cart.items
          .map((item: any) => ({ id: item.id, quantity: item.quantity, unit_price: item.unit_price, metadata: item.metadata }))
          .sort((a: any, b: any) => a.id.localeCompare(b.id)),
        total: cart.total,
        records: (await backorderLineRecords(container, cartId)).map((r) => r.line_item_id).sort(),
      }
    }

    describe("setting off", () => {
      it("adds more than is in stock like Medusa does: no prompt, one line at full price", async () => {
        const cart = await createCart(api, store)
        const response = await add(cart.id, tshirt(10, { engraving: "Ada", backorder: "accept" }))

        expect(response.status).toBe(200)
        const lines = linesOf(response.data.cart, store.backorderVariantId)
        expect(lines).toHaveLength(1)
        expect(lines[0]).toEqual(expect.objectContaining({ quantity: 10, unit_price: 20, title: "Medusa T-Shirt" }))
        // The answer key is never stored, even when the plugin does not act.
        expect(lines[0].metadata).toEqual({ engraving: "Ada" })
        expect(await backorderLineRecords(container, cart.id)).toHaveLength(0)
      })
    })

    describe("setting off, update route", () => {
      it("raises a line above what is in stock like Medusa does: no prompt, one line at full price, no record", async () => {
        const cart = await createCart(api, store)
        const line = inStockLine(await addLineItem(api, store, cart.id, tshirt(3)))
        const response = await update(cart.id, line.id, { quantity: 9, metadata: { backorder: "accept" } })

        expect(response.status).toBe(200)
        expect(linesOf(response.data.cart, store.backorderVariantId)).toEqual([
          expect.objectContaining({ id: line.id, quantity: 9, unit_price: 20, title: "Medusa T-Shirt" }),
        ])
        expect(await backorderLineRecords(container, cart.id)).toHaveLength(0)
      })
    })

    describe("with the setting on", () => {
      beforeEach(async () => {
        await enableBackorders(api, admin)
      })

      describe("POST /store/carts/:id/line-items", () => {
        it("asks the shopper with a 409 and the exact message and numbers, and leaves the cart unchanged", async () => {
          const cart = await createCart(api, store)
          const response = await add(cart.id, tshirt(10))

          expect(response.status).toBe(409)
          expect(response.data).toEqual(PROMPT_10_OF_5)
          expect(response.data.backorder.variant_id).toBe(store.backorderVariantId)
          expect((await getCart(cart.id)).items).toHaveLength(0)
        })

        it("adds without asking while the cart's in-stock quantity stays within what is available", async () => {
          const cart = await createCart(api, store)
          expect((await add(cart.id, tshirt(3))).status).toBe(200)
          const response = await add(cart.id, tshirt(2))

          expect(response.status).toBe(200)
          expect(linesOf(response.data.cart, store.backorderVariantId)).toEqual([
            expect.objectContaining({ quantity: 5, unit_price: 20 }),
          ])
          expect(await backorderLineRecords(container, cart.id)).toHaveLength(0)
        })

        it("counts the units already in the cart's in-stock lines", async () => {
          const cart = await createCart(api, store)
          await addLineItem(api, store, cart.id, tshirt(3))
          const before = await snapshot(cart.id)
          const response = await add(cart.id, tshirt(5))

          expect(response.status).toBe(409)
          expect(response.data.message).toBe(
            "There are only 2 of Medusa T-Shirt (L) in stock, and you have added 5, do you want to back order the other 3?"
          )
          expect(response.data.backorder).toEqual(
            expect.objectContaining({ requested: 5, available: 2, backorder_quantity: 3 })
          )
          expect(await snapshot(cart.id)).toEqual(before)
        })

        it("decline adds only the available units, merged into the in-stock line as Medusa does", async () => {
          const cart = await createCart(api, store)
          const first = await add(cart.id, tshirt(10, { backorder: "decline" }))
          expect(first.status).toBe(200)
          expect(linesOf(first.data.cart, store.backorderVariantId)).toEqual([
            expect.objectContaining({ quantity: 5, unit_price: 20, metadata: {} }),
          ])

          const cart2 = await createCart(api, store)
          await addLineItem(api, store, cart2.id, tshirt(3))
          const second = await add(cart2.id, tshirt(4, { backorder: "decline" }))
          expect(second.status).toBe(200)
          expect(linesOf(second.data.cart, store.backorderVariantId)).toEqual([
            expect.objectContaining({ quantity: 5, unit_price: 20 }),
          ])
          expect(await backorderLineRecords(container, cart2.id)).toHaveLength(0)
        })

        it("with 0 available: asks with 0, decline adds nothing, accept adds only a back-order line", async () => {
          const cart = await createCart(api, store)
          await addLineItem(api, store, cart.id, tshirt(5))
          const before = await snapshot(cart.id)

          const prompt = await add(cart.id, tshirt(2))
          expect(prompt.status).toBe(409)
          expect(prompt.data.message).toBe(
            "There are only 0 of Medusa T-Shirt (L) in stock, and you have added 2, do you want to back order the other 2?"
          )

          const declined = await add(cart.id, tshirt(2, { backorder: "decline" }))
          expect(declined.status).toBe(200)
          expect(declined.data.cart.id).toBe(cart.id)
          expect(await snapshot(cart.id)).toEqual(before)

          const accepted = await add(cart.id, tshirt(2, { backorder: "accept" }))
          expect(accepted.status).toBe(200)
          expect(inStockLine(accepted.data.cart)).toEqual(expect.objectContaining({ quantity: 5, unit_price: 20 }))
          expect(backorderLine(accepted.data.cart)).toEqual(expect.objectContaining({ quantity: 2, unit_price: 0 }))
          expect(accepted.data.cart.items).toHaveLength(2)
        })

        it("accept splits the line: available units in stock, the rest on a zero-priced back-order line the plugin records", async () => {
          const cart = await createCart(api, store)
          const response = await add(cart.id, tshirt(10, { engraving: "Ada", backorder: "accept" }))

          expect(response.status).toBe(200)
          const lines = linesOf(response.data.cart, store.backorderVariantId)
          expect(lines).toHaveLength(2)
          expect(inStockLine(response.data.cart)).toEqual(
            expect.objectContaining({
              quantity: 5,
              unit_price: 20,
              title: "Medusa T-Shirt",
              metadata: { engraving: "Ada" },
              requires_shipping: true,
            })
          )
          const backordered = backorderLine(response.data.cart)
          expect(backordered).toEqual(
            expect.objectContaining({
              quantity: 5,
              unit_price: 0,
              title: "Medusa T-Shirt (back ordered)",
              variant_title: "L",
              variant_sku: "TSHIRT-L",
              requires_shipping: false,
              metadata: { engraving: "Ada", is_backorder: true, backorder_unit_price: 20 },
            })
          )
          expect(await lineInternals(container, backordered.id)).toEqual(
            expect.objectContaining({ is_custom_price: true, is_discountable: false, requires_shipping: false })
          )
          const records = await backorderLineRecords(container, cart.id)
          expect(records).toEqual([
            expect.objectContaining({ cart_id: cart.id, line_item_id: backordered.id, variant_id: store.backorderVariantId }),
          ])
        })

        it("accept leaves totals, tax and shipping as for the same cart without the back-order line", async () => {
          const split = await createCart(api, store)
          await add(split.id, tshirt(10, { backorder: "accept" }))
          await api.post(`/store/carts/${split.id}/shipping-methods`, { option_id: store.shippingOptionId }, store.headers)

          const plain = await createCart(api, store)
          await addLineItem(api, store, plain.id, tshirt(5))
          await api.post(`/store/carts/${plain.id}/shipping-methods`, { option_id: store.shippingOptionId }, store.headers)

          const [withBackorder, without] = [await getCart(split.id), await getCart(plain.id)]
          expect(withBackorder.items).toHaveLength(2)
          const totals = (cart: any) => ({
            subtotal: cart.subtotal,
            item_subtotal: cart.item_subtotal,
            tax_total: cart.tax_total,
            shipping_total: cart.shipping_total,
            discount_total: cart.discount_total,
            total: cart.total,
          })
          expect(totals(withBackorder)).toEqual(totals(without))
          expect(totals(withBackorder)).toEqual(
            expect.objectContaining({ item_subtotal: 100, tax_total: 19 + 1.9, shipping_total: 11.9, total: 130.9 })
          )
        })

        it("an active automatic promotion adjusts the in-stock line but never the back-order line", async () => {
          const promotion = await createAutomaticItemPromotion(container)
          const split = await createCart(api, store)
          const response = await add(split.id, tshirt(10, { backorder: "accept" }))
          expect(response.status).toBe(200)

          const plain = await createCart(api, store)
          await addLineItem(api, store, plain.id, tshirt(5))

          const [withBackorder, without] = [await getCart(split.id), await getCart(plain.id)]
          expect(inStockLine(withBackorder).adjustments).toEqual([
            expect.objectContaining({ promotion_id: promotion.id, amount: 10 }),
          ])
          expect(backorderLine(withBackorder).adjustments ?? []).toEqual([])
          expect(withBackorder.promotions.map((p: any) => p.id)).toEqual([promotion.id])
          const totals = (cart: any) => ({
            subtotal: cart.subtotal,
            discount_total: cart.discount_total,
            tax_total: cart.tax_total,
            total: cart.total,
          })
          expect(totals(withBackorder)).toEqual(totals(without))
          expect(withBackorder.discount_total).toBeGreaterThan(0)
        })

        it("a second accept adds to the same back-order line and the in-stock line stays at what is available", async () => {
          const cart = await createCart(api, store)
          await add(cart.id, tshirt(10, { backorder: "accept" }))
          const response = await add(cart.id, tshirt(3, { backorder: "accept" }))

          expect(response.status).toBe(200)
          expect(response.data.cart.items).toHaveLength(2)
          expect(inStockLine(response.data.cart).quantity).toBe(5)
          expect(backorderLine(response.data.cart).quantity).toBe(8)
          expect(await backorderLineRecords(container, cart.id)).toHaveLength(1)
        })

        it("splits by the stock at the moment of the answer, not at the prompt", async () => {
          const setStock = (stocked_quantity: number) =>
            api.post(
              `/admin/inventory-items/${store.backorderInventoryItemId}/location-levels/${store.stockLocationId}`,
              { stocked_quantity },
              admin
            )
          const restocked = await createCart(api, store)
          expect((await add(restocked.id, tshirt(10))).status).toBe(409)
          await setStock(20)
          const all = await add(restocked.id, tshirt(10, { backorder: "accept" }))
          expect(all.status).toBe(200)
          expect(all.data.cart.items).toEqual([expect.objectContaining({ quantity: 10, unit_price: 20 })])
          expect(await backorderLineRecords(container, restocked.id)).toHaveLength(0)

          const sold = await createCart(api, store)
          expect((await add(sold.id, tshirt(25))).data.backorder.available).toBe(20)
          await setStock(2)
          const split = await add(sold.id, tshirt(25, { backorder: "accept" }))
          expect(split.status).toBe(200)
          expect(inStockLine(split.data.cart).quantity).toBe(2)
          expect(backorderLine(split.data.cart).quantity).toBe(23)
        })

        it("keeps the shopper's personalization on both lines, and different personalizations stay separate lines", async () => {
          const cart = await createCart(api, store)
          await add(cart.id, tshirt(6, { engraving: "Ada", backorder: "accept" }))
          const response = await add(cart.id, tshirt(2, { engraving: "Grace", backorder: "accept" }))

          expect(response.status).toBe(200)
          const lines = linesOf(response.data.cart, store.backorderVariantId)
          const summary = lines
            .map((l: any) => [l.metadata.engraving, l.metadata.is_backorder ?? false, l.quantity])
            .sort((a: any, b: any) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`))
          expect(summary).toEqual([
            ["Ada", false, 5],
            ["Ada", true, 1],
            ["Grace", true, 2],
          ])
          expect(await backorderLineRecords(container, cart.id)).toHaveLength(2)
        })

        it("accept while an in-stock line of the variant holds part of the stock: tops it up, the rest back ordered", async () => {
          const cart = await createCart(api, store)
          const line = inStockLine(await addLineItem(api, store, cart.id, tshirt(3)))
          const response = await add(cart.id, tshirt(6, { backorder: "accept" }))

          expect(response.status).toBe(200)
          expect(inStockLine(response.data.cart)).toEqual(expect.objectContaining({ id: line.id, quantity: 5, unit_price: 20 }))
          const backordered = backorderLine(response.data.cart)
          expect(backordered).toEqual(expect.objectContaining({ quantity: 4, unit_price: 0 }))
          expect(response.data.cart.items).toHaveLength(2)
          expect((await backorderLineRecords(container, cart.id)).map((r) => r.line_item_id)).toEqual([backordered.id])
        })

        it("leaves a bundle of two inventory items to Medusa: no prompt, one line at full price", async () => {
          const bundleVariantId = await createTwoItemKit(container, store)
          const cart = await createCart(api, store)
          const response = await add(cart.id, { variant_id: bundleVariantId, quantity: 8 })

          expect(response.status).toBe(200)
          expect(linesOf(response.data.cart, bundleVariantId)).toEqual([
            expect.objectContaining({ quantity: 8, unit_price: 40, title: "Medusa Bundle" }),
          ])
          const accepted = await add(cart.id, { variant_id: bundleVariantId, quantity: 2, metadata: { backorder: "accept" } })
          expect(accepted.status).toBe(200)
          expect(linesOf(accepted.data.cart, bundleVariantId)).toEqual([expect.objectContaining({ quantity: 10, unit_price: 40 })])
          expect(await backorderLineRecords(container, cart.id)).toHaveLength(0)
        })

        it("leaves variants without backorders, without managed inventory, and inventory kits to Medusa", async () => {
          const cart = await createCart(api, store)

          const mug = await add(cart.id, { variant_id: store.noBackorderVariantId, quantity: 10 })
          expect(mug.status).toBe(400)
          expect(mug.data).toEqual(expect.objectContaining({ code: "insufficient_inventory", type: "not_allowed" }))

          const sticker = await add(cart.id, { variant_id: store.unmanagedVariantId, quantity: 10 })
          expect(sticker.status).toBe(200)
          const kit = await add(cart.id, { variant_id: store.kitVariantId, quantity: 10 })
          expect(kit.status).toBe(200)

          const items = (await getCart(cart.id)).items
          expect(items.map((i: any) => [i.variant_id, i.quantity, i.unit_price]).sort()).toEqual(
            [
              [store.unmanagedVariantId, 10, 3],
              [store.kitVariantId, 10, 30],
            ].sort()
          )
          expect(await backorderLineRecords(container, cart.id)).toHaveLength(0)
        })
      })

      it("works through the JS SDK as docs/storefront.md shows: FetchError 409 with the prompt, then accept", async () => {
        const sdk = new Medusa({ baseUrl: (api as any).defaults.baseURL, publishableKey: store.publishableKey })
        const { cart } = await sdk.store.cart.create({ region_id: store.regionId })

        const error = await sdk.store.cart
          .createLineItem(cart.id, { variant_id: store.backorderVariantId, quantity: 10 })
          .catch((e: unknown) => e)
        expect(error).toBeInstanceOf(FetchError)
        expect((error as FetchError).status).toBe(409)
        expect((error as FetchError).message).toBe(PROMPT_10_OF_5.message)

        const { cart: updated } = await sdk.store.cart.createLineItem(cart.id, {
          variant_id: store.backorderVariantId,
          quantity: 10,
          metadata: { backorder: "accept" },
        })
        expect(updated.items?.map((item) => [item.title, item.quantity, item.unit_price]).sort()).toEqual([
          ["Medusa T-Shirt (back ordered)", 5, 0],
          ["Medusa T-Shirt", 5, 20],
        ])
      })

      describe("POST /store/carts/:id/line-items/:line_id", () => {
        it("raising an in-stock line above what is available asks; decline caps it; accept moves the excess onto the back-order line", async () => {
          const cart = await createCart(api, store)
          const line = inStockLine(await addLineItem(api, store, cart.id, tshirt(3, { engraving: "Ada" })))
          const before = await snapshot(cart.id)

          const prompt = await update(cart.id, line.id, { quantity: 8 })
          expect(prompt.status).toBe(409)
          expect(prompt.data).toEqual({
            type: "backorder_confirmation_required",
            message:
              "There are only 5 of Medusa T-Shirt (L) in stock, and you have added 8, do you want to back order the other 3?",
            backorder: {
              variant_id: store.backorderVariantId,
              title: "Medusa T-Shirt (L)",
              sku: "TSHIRT-L",
              requested: 8,
              available: 5,
              backorder_quantity: 3,
              limit_remaining: null,
              limited_by: null,
              ships_on: null,
              message: null,
            },
          })
          expect(await snapshot(cart.id)).toEqual(before)

          const declined = await update(cart.id, line.id, { quantity: 8, metadata: { backorder: "decline" } })
          expect(declined.status).toBe(200)
          expect(linesOf(declined.data.cart, store.backorderVariantId)).toEqual([
            expect.objectContaining({ id: line.id, quantity: 5, unit_price: 20, metadata: { engraving: "Ada" } }),
          ])

          const accepted = await update(cart.id, line.id, { quantity: 9, metadata: { backorder: "accept" } })
          expect(accepted.status).toBe(200)
          expect(inStockLine(accepted.data.cart)).toEqual(
            expect.objectContaining({ id: line.id, quantity: 5, unit_price: 20 })
          )
          const backordered = backorderLine(accepted.data.cart)
          expect(backordered).toEqual(
            expect.objectContaining({
              quantity: 4,
              unit_price: 0,
              title: "Medusa T-Shirt (back ordered)",
              metadata: { engraving: "Ada", is_backorder: true, backorder_unit_price: 20 },
            })
          )
          expect((await backorderLineRecords(container, cart.id)).map((r) => r.line_item_id)).toEqual([backordered.id])

          // Raising it again adds to the same back-order line.
          const again = await update(cart.id, line.id, { quantity: 7, metadata: { backorder: "accept" } })
          expect(again.status).toBe(200)
          expect(again.data.cart.items).toHaveLength(2)
          expect(inStockLine(again.data.cart).quantity).toBe(5)
          expect(backorderLine(again.data.cart)).toEqual(expect.objectContaining({ id: backordered.id, quantity: 6 }))
        })

        it("decline with 0 available now removes the line being raised, as documented (decline caps at 0)", async () => {
          const cart = await createCart(api, store)
          const line = inStockLine(await addLineItem(api, store, cart.id, tshirt(3)))
          await addLineItem(api, store, cart.id, { variant_id: store.inStockVariantId, quantity: 1 })
          // the merchant's stock count drops to 0 meanwhile
          await api.post(
            `/admin/inventory-items/${store.backorderInventoryItemId}/location-levels/${store.stockLocationId}`,
            { stocked_quantity: 0 },
            admin
          )

          const prompt = await update(cart.id, line.id, { quantity: 4 })
          expect(prompt.status).toBe(409)
          expect(prompt.data.backorder).toEqual(expect.objectContaining({ requested: 4, available: 0, backorder_quantity: 4 }))

          const declined = await update(cart.id, line.id, { quantity: 4, metadata: { backorder: "decline" } })
          expect(declined.status).toBe(200)
          expect(linesOf(declined.data.cart, store.backorderVariantId)).toEqual([])
          expect(declined.data.cart.items).toEqual([expect.objectContaining({ variant_id: store.inStockVariantId, quantity: 1 })])
          expect(await backorderLineRecords(container, cart.id)).toHaveLength(0)
        })

        it("lowering an in-stock line, or staying within what is available, needs no answer", async () => {
          const cart = await createCart(api, store)
          const line = inStockLine(await addLineItem(api, store, cart.id, tshirt(2)))
          const response = await update(cart.id, line.id, { quantity: 5 })
          expect(response.status).toBe(200)
          expect(inStockLine(response.data.cart).quantity).toBe(5)
        })

        it("a back-order line may change quantity and keeps its price of 0; quantity 0 removes it", async () => {
          const cart = await createCart(api, store)
          const backordered = backorderLine(await addLineItem(api, store, cart.id, tshirt(8, { backorder: "accept" })))

          const raised = await update(cart.id, backordered.id, { quantity: 12 })
          expect(raised.status).toBe(200)
          expect(backorderLine(raised.data.cart)).toEqual(
            expect.objectContaining({ id: backordered.id, quantity: 12, unit_price: 0 })
          )
          expect(inStockLine(raised.data.cart).quantity).toBe(5)
          expect(await lineInternals(container, backordered.id)).toEqual(
            expect.objectContaining({ is_custom_price: true, is_discountable: false, requires_shipping: false })
          )

          const lowered = await update(cart.id, backordered.id, { quantity: 1 })
          expect(backorderLine(lowered.data.cart)).toEqual(expect.objectContaining({ quantity: 1, unit_price: 0 }))

          const removed = await update(cart.id, backordered.id, { quantity: 0 })
          expect(removed.status).toBe(200)
          expect(removed.data.cart.items).toEqual([expect.objectContaining({ quantity: 5, unit_price: 20 })])
        })

        it("refuses to change a back-order line's price or flags, and to mark an ordinary line as back ordered", async () => {
          const cart = await createCart(api, store)
          const splitCart = await addLineItem(api, store, cart.id, tshirt(8, { backorder: "accept" }))
          const backordered = backorderLine(splitCart)
          const ordinary = inStockLine(splitCart)
          const before = await snapshot(cart.id)

          const attempts: [string, Record<string, unknown>][] = [
            [backordered.id, { quantity: 3, unit_price: 20 }],
            [backordered.id, { quantity: 3, metadata: { is_backorder: false } }],
            [backordered.id, { quantity: 3, metadata: { is_backorder: null } }],
            [backordered.id, { quantity: 3, metadata: { backorder_unit_price: 0 } }],
            [ordinary.id, { quantity: 5, metadata: { is_backorder: true } }],
            [ordinary.id, { quantity: 5, unit_price: 0 }],
          ]
          for (const [lineId, body] of attempts) {
            const response = await update(cart.id, lineId, body)
            expect([response.status, response.data.type]).toEqual([400, "invalid_data"])
            expect(response.data.message).toEqual(expect.any(String))
          }
          const added = await add(cart.id, tshirt(1, { is_backorder: true, backorder_unit_price: 0 }))
          expect([added.status, added.data.type]).toEqual([400, "invalid_data"])
          expect(added.data.message).toBe("metadata.is_backorder is set by the store and can not be sent")

          expect(await snapshot(cart.id)).toEqual(before)
        })
      })

      describe("guards", () => {
        it("refuses to back order a variant without a price in the cart's currency, as Medusa refuses to add it", async () => {
          await setVariantPrices(api, admin, container, store.backorderVariantId, [{ currency_code: "usd", amount: 20 }])
          const cart = await createCart(api, store)
          const before = await snapshot(cart.id)

          const response = await add(cart.id, tshirt(8, { backorder: "accept" }))
          expect(response.status).toBe(400)
          expect(response.data).toEqual({
            type: "invalid_data",
            message: "Medusa T-Shirt (L) has no price in EUR and can not be back ordered",
          })
          expect(await snapshot(cart.id)).toEqual(before)
        })

        it("answers 409 conflict in Medusa's error shape when the cart lock is held by another request", async () => {
          const cart = await createCart(api, store)
          const before = await snapshot(cart.id)
          const locking = container.resolve(Modules.LOCKING)
          await locking.acquire(cart.id, { ownerId: "another-request", expire: 30 })
          let response: { status: number; data: any }
          try {
            response = await add(cart.id, tshirt(8, { backorder: "accept" }))
          } finally {
            await locking.release(cart.id, { ownerId: "another-request" })
          }
          expect(response.status).toBe(409)
          expect(response.data).toEqual({
            type: "conflict",
            message: "The cart is being changed by another request. Nothing was changed; please try again.",
          })
          expect(await snapshot(cart.id)).toEqual(before)

          // once the lock is free the same request goes through
          expect((await add(cart.id, tshirt(8, { backorder: "accept" }))).status).toBe(200)
        })

        it.each([
          ["the setting is turned off", async () => { await api.post("/admin/backorder-settings", { enabled: false }, admin) }],
          [
            "the variant no longer allows back orders",
            async () => {
              const query = container.resolve(ContainerRegistrationKeys.QUERY)
              const { data: [variant] } = await query.graph({
                entity: "product_variant",
                fields: ["product_id"],
                filters: { id: store.backorderVariantId },
              })
              await api.post(
                `/admin/products/${variant.product_id}/variants/${store.backorderVariantId}`,
                { allow_backorder: false },
                admin
              )
            },
          ],
        ])("refuses to raise a back-order line once %s; lowering and removing stay allowed", async (_, change) => {
          const cart = await createCart(api, store)
          const backordered = backorderLine(await addLineItem(api, store, cart.id, tshirt(8, { backorder: "accept" })))
          await change()
          const before = await snapshot(cart.id)

          const raised = await update(cart.id, backordered.id, { quantity: 4 })
          expect(raised.status).toBe(400)
          expect(raised.data).toEqual({
            type: "not_allowed",
            message: "Medusa T-Shirt (L) can no longer be back ordered: the back-order line can only be lowered or removed",
          })
          expect(await snapshot(cart.id)).toEqual(before)

          const lowered = await update(cart.id, backordered.id, { quantity: 2 })
          expect(lowered.status).toBe(200)
          expect(backorderLine(lowered.data.cart)).toEqual(expect.objectContaining({ quantity: 2, unit_price: 0 }))
          const removed = await update(cart.id, backordered.id, { quantity: 0 })
          expect(removed.status).toBe(200)
          expect(backorderLine(removed.data.cart)).toBeUndefined()
        })
      })

      describe("bad input", () => {
        it.each([
          ["a fractional quantity", { quantity: 1.5 }],
          ["a fractional quantity above what is available", { quantity: 7.5, metadata: { backorder: "accept" } }],
          ["quantity 0", { quantity: 0 }],
          ["a negative quantity", { quantity: -2 }],
          ["a quantity that is not a number", { quantity: "10" }],
          ["an unknown answer", { quantity: 10, metadata: { backorder: "yes" } }],
          ["an answer that is not a string", { quantity: 10, metadata: { backorder: true } }],
          ["an unknown variant", { variant_id: "variant_does_not_exist", quantity: 10, metadata: { backorder: "accept" } }],
          ["a variant outside the cart's sales channel", { variant_id: "OTHER_CHANNEL", quantity: 10, metadata: { backorder: "accept" } }],
        ])("adding %s answers 400 in Medusa's error shape and changes nothing", async (_, body: Record<string, unknown>) => {
          const cart = await createCart(api, store)
          await addLineItem(api, store, cart.id, tshirt(2))
          const before = await snapshot(cart.id)

          const variantId = body.variant_id === "OTHER_CHANNEL" ? store.otherChannelVariantId : body.variant_id
          const response = await add(cart.id, { ...body, variant_id: variantId ?? store.backorderVariantId })

          expect(response.status).toBe(400)
          expect(response.data).toEqual(expect.objectContaining({ type: "invalid_data", message: expect.any(String) }))
          expect(await snapshot(cart.id)).toEqual(before)
        })

        it.each([
          ["a fractional quantity", { quantity: 2.5 }],
          ["a negative quantity", { quantity: -1 }],
          ["an unknown answer", { quantity: 9, metadata: { backorder: "later" } }],
        ])("updating a line with %s answers 400 and changes nothing", async (_, body: Record<string, unknown>) => {
          const cart = await createCart(api, store)
          const splitCart = await addLineItem(api, store, cart.id, tshirt(8, { backorder: "accept" }))
          const before = await snapshot(cart.id)

          for (const line of [inStockLine(splitCart), backorderLine(splitCart)]) {
            const response = await update(cart.id, line.id, body)
            expect(response.status).toBe(400)
            expect(response.data).toEqual(expect.objectContaining({ type: "invalid_data", message: expect.any(String) }))
          }
          expect(await snapshot(cart.id)).toEqual(before)
        })

        it("an unknown cart or line answers 404", async () => {
          const unknownCart = await add("cart_does_not_exist", tshirt(10, { backorder: "accept" }))
          expect([unknownCart.status, unknownCart.data.type]).toEqual([404, "not_found"])

          const cart = await createCart(api, store)
          const unknownLine = await update(cart.id, "cali_does_not_exist", { quantity: 10, metadata: { backorder: "accept" } })
          expect([unknownLine.status, unknownLine.data.type]).toEqual([404, "not_found"])
        })

        it("a completed cart answers 400 whatever the answer, and changes nothing", async () => {
          const cart = await createCart(api, store)
          const line = inStockLine(await addLineItem(api, store, cart.id, tshirt(2)))
          await prepareCheckout(api, store, cart.id)
          expect((await completeCart(api, store, cart.id)).type).toBe("order")
          const before = await snapshot(cart.id)

          for (const body of [tshirt(10), tshirt(10, { backorder: "accept" }), tshirt(10, { backorder: "decline" })]) {
            const response = await add(cart.id, body)
            expect(response.status).toBe(400)
            expect(response.data).toEqual(expect.objectContaining({ type: "invalid_data" }))
          }
          const updated = await update(cart.id, line.id, { quantity: 10, metadata: { backorder: "accept" } })
          expect(updated.status).toBe(400)
          expect(await snapshot(cart.id)).toEqual(before)
        })
      })
    })
  },
})
