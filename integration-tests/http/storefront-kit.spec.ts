import Medusa, { FetchError } from "@medusajs/js-sdk"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import {
  backorderLabel,
  backorderLaterSubtotal,
  backorderLaterTotal,
  createBackorderKit,
  isBackorderLine,
  splitCartLines,
  type BackorderKit,
} from "../../src/storefront"
import { type AdminHeaders } from "../utils/admin"
import { SHOPPER_ADDRESS } from "../utils/cart"
import { setStock } from "../utils/checkout"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(180 * 1000)

/** The tests' card gateway (root medusa-config.ts): its authorisation is a real payment, captured at once. */
const CARD = "pp_test-card_test"

const SENTENCE_10_OF_5 =
  "There are only 5 of Medusa T-Shirt (L) in stock, and you have added 10, do you want to back order the other 5?"

/** The kit's own errors are the SDK's: a FetchError with the status. */
async function fetchErrorOf(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof FetchError) {
      return error
    }
    throw error
  }
  throw new Error("expected a FetchError")
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbUtils, dbConfig }) => {
    let container: MedusaContainer
    let admin: AdminHeaders
    let store: SeededStore
    let baseUrl: string

    /** A storefront: the real JS SDK with the kit bound to it, as docs/storefront.md shows. */
    function storefront() {
      const config = {
        baseUrl,
        publishableKey: store.publishableKey,
        auth: { type: "jwt" as const, jwtTokenStorageMethod: "memory" as const },
      }
      const sdk = new Medusa(config)
      return { sdk, kit: createBackorderKit(sdk, config) }
    }

    async function newCart(sdk: Medusa, email = "ada@example.com") {
      const { cart } = await sdk.store.cart.create({
        region_id: store.regionId,
        email,
        shipping_address: SHOPPER_ADDRESS,
        billing_address: SHOPPER_ADDRESS,
      })
      return cart
    }

    /** Shipping and a manual-provider payment session through the SDK, as a checkout page does. */
    async function readyToPay(sdk: Medusa, cartId: string) {
      await sdk.store.cart.addShippingMethod(cartId, { option_id: store.shippingOptionId })
      const { cart } = await sdk.store.cart.retrieve(cartId)
      await sdk.store.payment.initiatePaymentSession(cart, { provider_id: "pp_system_default" })
    }

    const tshirt = () => store.backorderVariantId

    beforeAll(async () => {
      container = getContainer()
      baseUrl = (api as any).defaults.baseURL
      // the region offers the card gateway: a payment link is paid only with a provider its region offers
      ;({ store, admin } = await seedOncePerSpec(
        { api, getContainer, dbUtils, dbConfig },
        {
          backordersEnabled: true,
          prepare: ({ store, admin }) =>
            api.post(`/admin/regions/${store.regionId}`, { payment_providers: ["pp_system_default", CARD] }, admin),
        }
      ))
    })

    describe("adding to cart", () => {
      it("returns the prompt read from the 409 body, with every number, and leaves the cart unchanged", async () => {
        const { sdk, kit } = storefront()
        const cart = await newCart(sdk)
        const result = await kit.addLine({ cart_id: cart.id, variant_id: tshirt(), quantity: 10 })

        expect(result).toEqual({
          type: "backorder_prompt",
          prompt: {
            message: SENTENCE_10_OF_5,
            variant_id: tshirt(),
            title: "Medusa T-Shirt (L)",
            sku: "TSHIRT-L",
            requested: 10,
            available: 5,
            backorder_quantity: 5,
            limit_remaining: null,
            limited_by: null,
            ships_on: null,
            backorder_message: null,
          },
        })
        expect((await sdk.store.cart.retrieve(cart.id)).cart.items).toHaveLength(0)
      })

      it("accept: two lines, the back-order line labelled and priced for later; the cart totals only what is in stock", async () => {
        const { sdk, kit } = storefront()
        const cart = await newCart(sdk)
        const result = await kit.addLine({ cart_id: cart.id, variant_id: tshirt(), quantity: 10, answer: "accept" })
        if (result.type !== "cart") throw new Error(`expected a cart, got ${result.type}`)

        const { inStock, backordered } = splitCartLines(result.cart.items)
        expect(inStock.map((item) => item.quantity)).toEqual([5])
        expect(backordered.map((item) => item.quantity)).toEqual([5])
        expect(isBackorderLine(backordered[0])).toBe(true)
        expect(isBackorderLine(inStock[0])).toBe(false)
        expect(backorderLabel(backordered[0])).toBe("back ordered")
        expect(backorderLabel(inStock[0])).toBeNull()
        expect(backordered[0].title).toBe("Medusa T-Shirt (back ordered)")
        expect(backorderLaterTotal(backordered[0])).toBe(100)
        expect(backorderLaterTotal(inStock[0])).toBeNull()
        expect(backorderLaterSubtotal(result.cart.items)).toBe(100)
        // Medusa's totals ignore the back-order line: 5 × 20 EUR is what is charged now
        expect(Number(result.cart.item_subtotal)).toBe(100)
      })

      it("decline: only the available units, one line", async () => {
        const { sdk, kit } = storefront()
        const cart = await newCart(sdk)
        const result = await kit.addLine({
          cart_id: cart.id,
          variant_id: tshirt(),
          quantity: 10,
          metadata: { engraving: "Ada" },
          answer: "decline",
        })
        if (result.type !== "cart") throw new Error(`expected a cart, got ${result.type}`)
        expect(result.cart.items).toEqual([
          expect.objectContaining({ variant_id: tshirt(), quantity: 5, metadata: { engraving: "Ada" } }),
        ])
      })

      it("updating a line above what is available prompts the same way, and accept moves the excess", async () => {
        const { sdk, kit } = storefront()
        const cart = await newCart(sdk)
        const added = await kit.addLine({ cart_id: cart.id, variant_id: tshirt(), quantity: 2 })
        if (added.type !== "cart") throw new Error("expected a cart")
        const line = added.cart.items![0]

        const prompt = await kit.updateLine({ cart_id: cart.id, line_id: line.id, quantity: 8 })
        expect(prompt).toEqual({
          type: "backorder_prompt",
          prompt: expect.objectContaining({ requested: 8, available: 5, backorder_quantity: 3 }),
        })
        const accepted = await kit.updateLine({ cart_id: cart.id, line_id: line.id, quantity: 8, answer: "accept" })
        if (accepted.type !== "cart") throw new Error("expected a cart")
        const { inStock, backordered } = splitCartLines(accepted.cart.items)
        expect([inStock[0].quantity, backordered[0].quantity]).toEqual([5, 3])
      })

      it("throws the SDK's FetchError for other errors (an unknown variant: 400)", async () => {
        const { sdk, kit } = storefront()
        const cart = await newCart(sdk)
        const error = await fetchErrorOf(kit.addLine({ cart_id: cart.id, variant_id: "variant_nope", quantity: 1 }))
        expect(error.status).toBe(400)
        const invalid = await fetchErrorOf(
          kit.addLine({ cart_id: cart.id, variant_id: tshirt(), quantity: 10, metadata: { backorder: "maybe" } })
        )
        expect(invalid.status).toBe(400)
      })
    })

    describe("completing the cart", () => {
      it("returns the order and the pending back order", async () => {
        const { sdk, kit } = storefront()
        const cart = await newCart(sdk)
        await kit.addLine({ cart_id: cart.id, variant_id: tshirt(), quantity: 10, answer: "accept" })
        await readyToPay(sdk, cart.id)

        const result = await kit.completeCart(cart.id)
        if (result.type !== "order") throw new Error(`expected an order, got ${JSON.stringify(result)}`)
        expect(result.order.items!.map((item) => item.quantity)).toEqual([5])
        expect(result.backorder).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^bo_/),
            status: "pending",
            draft_order: expect.objectContaining({ items: [expect.objectContaining({ quantity: 5 })] }),
          })
        )
        expect(Number(result.backorder!.draft_order!.shipping_total)).toBe(0)
      })

      it("stock changed at checkout: the items to ask about again, nothing placed; answering again completes", async () => {
        const { sdk, kit } = storefront()
        const cart = await newCart(sdk)
        const added = await kit.addLine({ cart_id: cart.id, variant_id: tshirt(), quantity: 4 })
        if (added.type !== "cart") throw new Error("expected a cart")
        await readyToPay(sdk, cart.id)
        // another shopper took units meanwhile: 2 left on the shelf
        await setStock(api, admin, store, store.backorderInventoryItemId, 2)

        const result = await kit.completeCart(cart.id)
        expect(result).toEqual({
          type: "stock_changed",
          message: expect.stringContaining("only 2 of Medusa T-Shirt (L) available now"),
          items: [{ line_item_id: added.cart.items![0].id, variant_id: tshirt(), requested: 4, available: 2 }],
        })
        if (result.type !== "stock_changed") throw new Error("unreachable")

        const item = result.items[0]
        const answered = await kit.updateLine({
          cart_id: cart.id,
          line_id: item.line_item_id,
          quantity: item.requested,
          answer: "accept",
        })
        if (answered.type !== "cart") throw new Error("expected a cart")
        await sdk.store.payment.initiatePaymentSession(answered.cart, { provider_id: "pp_system_default" })
        const completed = await kit.completeCart(cart.id)
        if (completed.type !== "order") throw new Error(`expected an order, got ${completed.type}`)
        expect(completed.order.items!.map((i) => i.quantity)).toEqual([2])
        expect(completed.backorder?.draft_order?.items.map((i) => i.quantity)).toEqual([2])
      })

      it("a cart of only back-ordered items: the pending back order, no order, no payment needed", async () => {
        const { sdk, kit } = storefront()
        await setStock(api, admin, store, store.backorderInventoryItemId, 0)
        const cart = await newCart(sdk)
        const prompt = await kit.addLine({ cart_id: cart.id, variant_id: tshirt(), quantity: 3 })
        expect(prompt).toEqual({
          type: "backorder_prompt",
          prompt: expect.objectContaining({ available: 0, backorder_quantity: 3 }),
        })
        await kit.addLine({ cart_id: cart.id, variant_id: tshirt(), quantity: 3, answer: "accept" })

        const result = await kit.completeCart(cart.id)
        expect(result).toEqual({
          type: "backorder_only",
          backorder: expect.objectContaining({
            status: "pending",
            draft_order: expect.objectContaining({ items: [expect.objectContaining({ quantity: 3 })] }),
          }),
        })
      })
    })

    describe("my back orders", () => {
      /** A registered, logged-in customer with their own storefront (SDK + kit). */
      async function customer(email: string) {
        const front = storefront()
        await front.sdk.auth.register("customer", "emailpass", { email, password: "secret-1" })
        await front.sdk.store.customer.create({ email, first_name: email.split("@")[0], last_name: "Shopper" })
        await front.sdk.auth.login("customer", "emailpass", { email, password: "secret-1" })
        return front
      }

      async function placeAsCustomer(front: ReturnType<typeof storefront>, email: string, quantity: number) {
        // every back order starts from 1 on the shelf, so `quantity - 1` is back ordered
        const { data } = await api.get(
          `/admin/inventory-items/${store.backorderInventoryItemId}/location-levels`,
          admin
        )
        const reserved = Number(data.inventory_levels[0].reserved_quantity)
        await setStock(api, admin, store, store.backorderInventoryItemId, reserved + 1)
        const cart = await newCart(front.sdk, email)
        await front.kit.addLine({ cart_id: cart.id, variant_id: tshirt(), quantity, answer: "accept" })
        await readyToPay(front.sdk, cart.id)
        const result = await front.kit.completeCart(cart.id)
        if (result.type !== "order" || !result.backorder) throw new Error(`expected a back order, got ${result.type}`)
        return result.backorder
      }

      it("each customer sees only their own, newest first, with status and totals; a guest gets 401", async () => {
        const ada = await customer("ada@example.com")
        const grace = await customer("grace@example.com")
        const adaFirst = await placeAsCustomer(ada, "ada@example.com", 3)
        const graceOnly = await placeAsCustomer(grace, "grace@example.com", 4)
        const adaSecond = await placeAsCustomer(ada, "ada@example.com", 5)

        const mine = await ada.kit.listMyBackorders()
        expect(mine.count).toBe(2)
        expect(mine.backorders.map((b) => b.id)).toEqual([adaSecond.id, adaFirst.id])
        expect(mine.backorders[0]).toEqual(
          expect.objectContaining({
            status: "pending",
            source_order: expect.objectContaining({ id: expect.stringMatching(/^order_/) }),
            payment_link: null,
            order: expect.objectContaining({
              is_draft_order: true,
              currency_code: "eur",
              // 4 back ordered × 20 EUR, 19 % tax, no shipping
              subtotal: 80,
              tax_total: 15.2,
              shipping_total: 0,
              total: 95.2,
              items: [expect.objectContaining({ quantity: 4, title: "Medusa T-Shirt (back ordered)" })],
            }),
          })
        )
        expect(JSON.stringify(mine)).not.toContain(graceOnly.id)

        const hers = await grace.kit.listMyBackorders()
        expect(hers.backorders.map((b) => b.id)).toEqual([graceOnly.id])

        const paged = await ada.kit.listMyBackorders({ limit: 1, offset: 1 })
        expect(paged.backorders.map((b) => b.id)).toEqual([adaFirst.id])
        expect(paged).toEqual(expect.objectContaining({ count: 2, limit: 1, offset: 1 }))

        const guest = storefront()
        expect((await fetchErrorOf(guest.kit.listMyBackorders())).status).toBe(401)
        // a guest can't borrow a customer's id through the query either
        const probing = await api
          .get(`/store/customers/me/backorders?customer_id=${"cus_x"}`, {
            headers: { ...store.headers.headers, authorization: `Bearer ${await ada.sdk.client.getToken()}` },
          })
          .catch((e: any) => e.response)
        expect(probing.status).toBe(400)
        const badLimit = await api
          .get(`/store/customers/me/backorders?limit=abc`, {
            headers: { ...store.headers.headers, authorization: `Bearer ${await ada.sdk.client.getToken()}` },
          })
          .catch((e: any) => e.response)
        expect(badLimit.status).toBe(400)
      })
    })

    describe("paying a payment link", () => {
      it("the shopper pays the link in the storefront and the back order becomes charged, once", async () => {
        const { sdk, kit } = storefront()
        const cart = await newCart(sdk)
        await kit.addLine({ cart_id: cart.id, variant_id: tshirt(), quantity: 7, answer: "accept" })
        await readyToPay(sdk, cart.id)
        const placed = await kit.completeCart(cart.id)
        if (placed.type !== "order" || !placed.backorder) throw new Error("expected a back order")

        // before any charge, the cart's own (paid) collection is no back order's link
        const { data: cartData } = await api.get(`/store/carts/${cart.id}?fields=payment_collection.id`, store.headers)
        const cartCollection = await fetchErrorOf(kit.payBackorderLink(cartData.cart.payment_collection.id, { provider_id: CARD }))
        expect(cartCollection.status).toBe(404)
        expect((await fetchErrorOf(kit.payBackorderLink("pay_col_unknown", { provider_id: CARD }))).status).toBe(404)

        const { data } = await api.post(
          `/admin/backorders/${placed.backorder.id}/charge`,
          { shipping_amount: 5, payment: "link" },
          admin
        )
        const collectionId = data.backorder.payment_collection_id
        expect(data.backorder.payment_link).toContain(`/payment-collection/${collectionId}`)

        // without a provider and without an open session there is nothing to pay with: 400
        const noSession = await fetchErrorOf(kit.payBackorderLink(collectionId, { provider_id: null }))
        expect(noSession.status).toBe(400)
        expect(noSession.message).toContain("no payment session")

        const paid = await kit.payBackorderLink(collectionId, { provider_id: CARD })
        expect(paid).toEqual({
          backorder: { id: placed.backorder.id, order_id: placed.backorder.draft_order!.id },
          payment: expect.objectContaining({ amount: data.backorder.order.total, currency_code: "eur", captured: true }),
        })

        let status = ""
        for (let i = 0; i < 40 && status !== "charged"; i++) {
          status = (await api.get(`/admin/backorders/${placed.backorder.id}`, admin)).data.backorder.status
          if (status !== "charged") await new Promise((r) => setTimeout(r, 250))
        }
        expect(status).toBe("charged")

        // a second click: 409, no second payment
        const again = await fetchErrorOf(kit.payBackorderLink(collectionId, { provider_id: CARD }))
        expect(again.status).toBe(409)
        expect(again.message).toContain("paid already")
        const { data: orderData } = await api.get(
          `/admin/orders/${placed.backorder.draft_order!.id}?fields=payment_collections.payments.id`,
          admin
        )
        expect(orderData.order.payment_collections[0].payments).toHaveLength(1)

        const unknownBody = await api
          .post(`/store/payment-collections/${collectionId}/backorder-payment`, { amount: 1 }, store.headers)
          .catch((e: any) => e.response)
        expect(unknownBody.status).toBe(400)
      })
    })

    it("the manual provider is only authorised: the back order awaits the merchant's capture on the order, which charges it", async () => {
      const { sdk, kit } = storefront()
      const cart = await newCart(sdk)
      await kit.addLine({ cart_id: cart.id, variant_id: tshirt(), quantity: 6, answer: "accept" })
      await readyToPay(sdk, cart.id)
      const placed = await kit.completeCart(cart.id)
      if (placed.type !== "order" || !placed.backorder) throw new Error("expected a back order")
      const { data } = await api.post(
        `/admin/backorders/${placed.backorder.id}/charge`,
        { shipping_amount: 5, payment: "link" },
        admin
      )
      const collectionId = data.backorder.payment_collection_id

      // anyone holding the link can click "Pay"; with the manual provider no money moves, so nothing is captured
      const registered = await kit.payBackorderLink(collectionId, { provider_id: "pp_system_default" })
      expect(registered.payment).toEqual(expect.objectContaining({ amount: data.backorder.order.total, captured: false }))
      await new Promise((r) => setTimeout(r, 1000))
      expect((await api.get(`/admin/backorders/${placed.backorder.id}`, admin)).data.backorder.status).toBe("awaiting_payment")
      const orderFields = "payment_collections.payments.id,payment_collections.payments.captured_at"
      let { data: orderData } = await api.get(`/admin/orders/${placed.backorder.draft_order!.id}?fields=${orderFields}`, admin)
      const [payment] = orderData.order.payment_collections[0].payments
      expect(payment.captured_at).toBeNull()

      // the merchant sees the money arrive and captures it on the order (Medusa's own route)
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      let status = ""
      for (let i = 0; i < 40 && status !== "charged"; i++) {
        status = (await api.get(`/admin/backorders/${placed.backorder.id}`, admin)).data.backorder.status
        if (status !== "charged") await new Promise((r) => setTimeout(r, 250))
      }
      expect(status).toBe("charged")
      ;({ data: orderData } = await api.get(`/admin/orders/${placed.backorder.draft_order!.id}?fields=${orderFields}`, admin))
      expect(orderData.order.payment_collections[0].payments).toHaveLength(1)
    })

    it("two clicks on Pay at once: one payment captured, the other click answered 409", async () => {
      const { sdk, kit } = storefront()
      const cart = await newCart(sdk)
      await kit.addLine({ cart_id: cart.id, variant_id: tshirt(), quantity: 6, answer: "accept" })
      await readyToPay(sdk, cart.id)
      const placed = await kit.completeCart(cart.id)
      if (placed.type !== "order" || !placed.backorder) throw new Error("expected a back order")
      const { data } = await api.post(
        `/admin/backorders/${placed.backorder.id}/charge`,
        { shipping_amount: 5, payment: "link" },
        admin
      )
      const collectionId = data.backorder.payment_collection_id

      const clicks = await Promise.allSettled([
        kit.payBackorderLink(collectionId, { provider_id: CARD }),
        kit.payBackorderLink(collectionId, { provider_id: CARD }),
      ])
      expect(clicks.filter((click) => click.status === "fulfilled")).toHaveLength(1)
      const refused = clicks.find((click): click is PromiseRejectedResult => click.status === "rejected")
      expect(refused?.reason).toBeInstanceOf(FetchError)
      expect(refused?.reason.status).toBe(409)
      const { data: orderData } = await api.get(
        `/admin/orders/${placed.backorder.draft_order!.id}?fields=payment_collections.payments.id,payment_collections.payments.captured_at`,
        admin
      )
      const payments = orderData.order.payment_collections[0].payments
      expect(payments).toHaveLength(1)
      expect(payments[0].captured_at).toEqual(expect.any(String))
    })

    it("isEnabled reads the store setting", async () => {
      const kit: BackorderKit = storefront().kit
      expect(await kit.isEnabled()).toBe(true)
    })
  },
})
