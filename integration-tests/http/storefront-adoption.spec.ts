import Medusa, { FetchError, type FetchArgs, type FetchInput } from "@medusajs/js-sdk"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createBackorderKit, isBackorderOnlyCart, needsShippingAndPayment } from "../../src/storefront"
import { type AdminHeaders } from "../utils/admin"
import { SHOPPER_ADDRESS } from "../utils/cart"
import { cartPayments, setStock } from "../utils/checkout"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(180 * 1000)

/** The tests' card gateway (root medusa-config.ts). */
const CARD = "pp_test-card_test"

/*
 * Issue 22: what a storefront built on Medusa's Next.js starter needs of the plugin and its kit.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbUtils, dbConfig }) => {
    let container: MedusaContainer
    let admin: AdminHeaders
    let store: SeededStore
    let baseUrl: string

    /**
     * A storefront as Medusa's Next.js starter builds one: the SDK, with `client.fetch` wrapped
     * to add the shopper's locale (`src/lib/config.ts` of the dtc-starter), and the kit on it.
     * Every request the wrapper sees is recorded.
     */
    function starterStorefront(locale = "fr-FR") {
      const config = {
        baseUrl,
        publishableKey: store.publishableKey,
        auth: { type: "jwt" as const, jwtTokenStorageMethod: "memory" as const },
      }
      const sdk = new Medusa(config)
      const seen: { path: string; method: string; locale: string | null | undefined }[] = []
      const originalFetch = sdk.client.fetch.bind(sdk.client)
      sdk.client.fetch = async <T,>(input: FetchInput, init?: FetchArgs): Promise<T> => {
        const headers = { "x-medusa-locale": locale, ...(init?.headers ?? {}) }
        seen.push({ path: String(input), method: init?.method ?? "GET", locale: headers["x-medusa-locale"] as string })
        return originalFetch<T>(input, { ...init, headers })
      }
      return { sdk, kit: createBackorderKit(sdk), seen }
    }

    async function newCart(sdk: Medusa) {
      const { cart } = await sdk.store.cart.create({
        region_id: store.regionId,
        email: "guest@example.com",
        shipping_address: SHOPPER_ADDRESS,
        billing_address: SHOPPER_ADDRESS,
      })
      return cart
    }

    async function readyToPay(sdk: Medusa, cartId: string, providerId = "pp_system_default") {
      await sdk.store.cart.addShippingMethod(cartId, { option_id: store.shippingOptionId })
      const { cart } = await sdk.store.cart.retrieve(cartId)
      await sdk.store.payment.initiatePaymentSession(cart, { provider_id: providerId })
    }

    /** A guest's checkout of 10 T-shirts with 5 in stock, accepting the back order. */
    async function guestBackorder() {
      // 5 on the shelf for this cart, whatever earlier carts reserved
      const { data } = await api.get(`/admin/inventory-items/${store.backorderInventoryItemId}/location-levels`, admin)
      await setStock(api, admin, store, store.backorderInventoryItemId, Number(data.inventory_levels[0].reserved_quantity) + 5)
      const front = starterStorefront()
      const cart = await newCart(front.sdk)
      await front.kit.addLine({ cart_id: cart.id, variant_id: store.backorderVariantId, quantity: 10, answer: "accept" })
      await readyToPay(front.sdk, cart.id)
      const done = await front.kit.completeCart(cart.id)
      if (done.type !== "order" || !done.backorder) throw new Error(`expected an order with a back order, got ${done.type}`)
      return { front, backorder: done.backorder }
    }

    async function status(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
      try {
        await promise
      } catch (error) {
        if (error instanceof FetchError) return { status: error.status ?? 0, message: error.message }
        throw error
      }
      throw new Error("expected a FetchError")
    }

    beforeAll(async () => {
      container = getContainer()
      baseUrl = (api as any).defaults.baseURL
      ;({ store, admin } = await seedOncePerSpec(
        { api, getContainer, dbUtils, dbConfig },
        {
          backordersEnabled: true,
          prepare: ({ store, admin }) =>
            api.post(`/admin/regions/${store.regionId}`, { payment_providers: ["pp_system_default", CARD] }, admin),
        }
      ))
    })

    describe("the kit's requests go through the SDK's client.fetch", () => {
      it("add (the prompt), accept, update and complete all pass the storefront's wrapper, with its locale, and keep the prompt's numbers", async () => {
        await setStock(api, admin, store, store.backorderInventoryItemId, 5)
        const { sdk, kit, seen } = starterStorefront("fr-FR")
        const cart = await newCart(sdk)
        seen.length = 0

        const prompt = await kit.addLine({ cart_id: cart.id, variant_id: store.backorderVariantId, quantity: 10 })
        expect(prompt).toEqual({
          type: "backorder_prompt",
          prompt: expect.objectContaining({ requested: 10, available: 5, backorder_quantity: 5 }),
        })
        const accepted = await kit.addLine({ cart_id: cart.id, variant_id: store.backorderVariantId, quantity: 10, answer: "accept" })
        if (accepted.type !== "cart") throw new Error("expected the cart")
        const inStock = accepted.cart.items!.find((item) => !item.metadata?.is_backorder)!
        const updated = await kit.updateLine({ cart_id: cart.id, line_id: inStock.id, quantity: 4 })
        expect(updated.type).toBe("cart")
        await readyToPay(sdk, cart.id)
        const done = await kit.completeCart(cart.id)
        expect(done.type).toBe("order")

        const kitCalls = seen.filter(({ path }) => /line-items|complete/.test(path))
        expect(kitCalls).toEqual([
          { path: `/store/carts/${cart.id}/line-items`, method: "POST", locale: "fr-FR" },
          { path: `/store/carts/${cart.id}/line-items`, method: "POST", locale: "fr-FR" },
          { path: `/store/carts/${cart.id}/line-items/${inStock.id}`, method: "POST", locale: "fr-FR" },
          { path: `/store/carts/${cart.id}/complete`, method: "POST", locale: "fr-FR" },
        ])
      })

      it("a prompt and the settings, too, pass the wrapper", async () => {
        const { sdk, kit, seen } = starterStorefront("de-DE")
        const cart = await newCart(sdk)
        seen.length = 0
        await kit.addLine({ cart_id: cart.id, variant_id: store.backorderVariantId, quantity: 1 })
        await kit.isEnabled()
        expect(seen.map(({ path, locale }) => [path, locale])).toEqual([
          [`/store/carts/${cart.id}/line-items`, "de-DE"],
          ["/store/backorder-settings", "de-DE"],
        ])
      })

      it("other errors are still the SDK's FetchError with Medusa's status", async () => {
        const { sdk, kit } = starterStorefront()
        const cart = await newCart(sdk)
        expect((await status(kit.addLine({ cart_id: cart.id, variant_id: "variant_nope", quantity: 1 }))).status).toBe(400)
        expect((await status(kit.completeCart("cart_nope"))).status).toBe(404)
      })
    })

    describe("a guest's back order: GET /store/backorders/:id?token=", () => {
      it("the completion answers a token and a reference; the token shows the back order to whoever holds it", async () => {
        const { backorder } = await guestBackorder()
        expect(backorder.reference).toMatch(/^BO-[0-9A-Z]{8}$/)
        expect(backorder.token).toMatch(/^[A-Za-z0-9_-]{43}$/)

        // another browser (no cart, no login) with only the id and the token
        const stranger = starterStorefront()
        const seen = await stranger.kit.retrieveBackorder(backorder.id, backorder.token)
        expect(seen).toEqual({
          id: backorder.id,
          reference: backorder.reference,
          status: "pending",
          created_at: expect.any(String),
          source_order: { id: expect.any(String), display_id: expect.any(Number) },
          order: expect.objectContaining({
            is_draft_order: true,
            currency_code: "eur",
            items: [expect.objectContaining({ quantity: 5, unit_price: 20 })],
          }),
          payment_link: null,
          charged_at: null,
          canceled_at: null,
        })
        // the admin sees the same reference the shopper quotes
        const { data } = await api.get(`/admin/backorders/${backorder.id}`, admin)
        expect(data.backorder.reference).toBe(backorder.reference)
      })

      it("a wrong token and an unknown id get the same 404, which does not say whether the id exists", async () => {
        const { backorder } = await guestBackorder()
        const other = await guestBackorder()
        const headers = { headers: { "x-publishable-api-key": store.publishableKey }, validateStatus: () => true }
        const answers = await Promise.all([
          api.get(`/store/backorders/${backorder.id}?token=${"A".repeat(43)}`, headers),
          // another back order's token
          api.get(`/store/backorders/${backorder.id}?token=${other.backorder.token}`, headers),
          // a token cut short
          api.get(`/store/backorders/${backorder.id}?token=${backorder.token.slice(0, 20)}`, headers),
          api.get(`/store/backorders/bo_01NOSUCHBACKORDER00000000?token=${backorder.token}`, headers),
        ])
        for (const answer of answers) {
          expect(answer.status).toBe(404)
          expect(answer.data.type).toBe("not_found")
          expect(answer.data.message).toMatch(/^Back order with id: \S+ was not found$/)
        }
        // the message names the id asked for, never more: the same words for an id that exists
        expect(answers[0].data.message.replace(backorder.id, "ID")).toBe(answers[3].data.message.replace("bo_01NOSUCHBACKORDER00000000", "ID"))
      })

      it("bad input gets 400, never 500: no token, an empty or over-long token, an unknown parameter", async () => {
        const { backorder } = await guestBackorder()
        const headers = { headers: { "x-publishable-api-key": store.publishableKey }, validateStatus: () => true }
        const answers = await Promise.all([
          api.get(`/store/backorders/${backorder.id}`, headers),
          api.get(`/store/backorders/${backorder.id}?token=`, headers),
          api.get(`/store/backorders/${backorder.id}?token=${"x".repeat(500)}`, headers),
          api.get(`/store/backorders/${backorder.id}?token=${backorder.token}&fields=*`, headers),
          api.get(`/store/backorders/${backorder.id}?token[]=a&token[]=b`, headers),
        ])
        expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400])
        for (const answer of answers) {
          expect(answer.data.type).toBe("invalid_data")
        }
      })
    })

    describe("a cart of only back-ordered items", () => {
      it("the kit tells the storefront it needs no shipping and no payment", async () => {
        await setStock(api, admin, store, store.backorderInventoryItemId, 0)
        const { sdk, kit } = starterStorefront()
        const cart = await newCart(sdk)
        expect(isBackorderOnlyCart(cart)).toBe(false)
        const added = await kit.addLine({ cart_id: cart.id, variant_id: store.backorderVariantId, quantity: 2, answer: "accept" })
        if (added.type !== "cart") throw new Error("expected the cart")
        expect(isBackorderOnlyCart(added.cart)).toBe(true)
        expect(needsShippingAndPayment(added.cart)).toBe(false)
        const mixed = await kit.addLine({ cart_id: cart.id, variant_id: store.inStockVariantId, quantity: 1 })
        if (mixed.type !== "cart") throw new Error("expected the cart")
        expect(isBackorderOnlyCart(mixed.cart)).toBe(false)
        expect(needsShippingAndPayment(mixed.cart)).toBe(true)
      })

      it("its completion cancels the payment session opened on it: nothing stays pending, nothing is charged", async () => {
        await setStock(api, admin, store, store.backorderInventoryItemId, 0)
        const { sdk, kit } = starterStorefront()
        const cart = await newCart(sdk)
        await kit.addLine({ cart_id: cart.id, variant_id: store.backorderVariantId, quantity: 2, answer: "accept" })
        // what the starter's checkout did before the recipe: shipping, then the card gateway's session
        await readyToPay(sdk, cart.id, CARD)
        const before = await cartPayments(container, cart.id)
        expect(before.sessions).toHaveLength(1)
        expect(before.sessions[0].amount).toBeGreaterThan(0)

        const done = await kit.completeCart(cart.id)
        expect(done.type).toBe("backorder_only")

        const after = await cartPayments(container, cart.id)
        expect(after.payments).toEqual([])
        // the session is gone (Medusa's deletePaymentSession: the provider's deletePayment released it)
        expect(after.sessions).toEqual([])
        const paymentModule = container.resolve(Modules.PAYMENT)
        expect(await paymentModule.listPaymentSessions({ id: before.sessions[0].id }, { withDeleted: true })).toEqual([])
      })
    })
  },
})
