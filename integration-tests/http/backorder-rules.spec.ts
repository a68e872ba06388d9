import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { BACKORDER_MODULE } from "../../src/modules/backorder"
import type BackorderModuleService from "../../src/modules/backorder/service"
import { type AdminHeaders } from "../utils/admin"
import { createCart, prepareCheckout, SHOPPER_ADDRESS } from "../utils/cart"
import { addAccepting, insertBackorderLine, inventoryLevel, setStock } from "../utils/checkout"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(240 * 1000)

const NO_THROW = { validateStatus: () => true }

/** A date `days` from today (UTC), as the API takes it. */
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbUtils, dbConfig }) => {
    let store: SeededStore
    let admin: AdminHeaders
    let productId: string

    beforeAll(async () => {
      ;({ store, admin } = await seedOncePerSpec({ api, getContainer, dbUtils, dbConfig }, { backordersEnabled: true }))
      productId = await productOf(getContainer(), store.backorderVariantId)
    })

    async function productOf(container: MedusaContainer, variantId: string): Promise<string> {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({ entity: "product_variant", fields: ["product_id"], filters: { id: variantId } })
      return data[0].product_id
    }

    const settingsUrl = (variantId = store.backorderVariantId, product = productId) =>
      `/admin/products/${product}/variants/${variantId}/backorder-settings`

    const getSettings = async (variantId?: string) => (await api.get(settingsUrl(variantId), admin)).data.backorder_settings
    const setRules = (body: Record<string, unknown>, variantId?: string) =>
      api.post(settingsUrl(variantId), body, { ...admin, ...NO_THROW })

    describe("a variant's back-order settings (admin API)", () => {
      it("answers the defaults for a variant without settings, and saves each field, null clearing it", async () => {
        expect(await getSettings()).toEqual({
          variant_id: store.backorderVariantId,
          limit: null,
          ships_on: null,
          message: null,
          outstanding: 0,
        })
        const shipsOn = dayFromToday(30)
        const saved = await setRules({ limit: 3, ships_on: shipsOn, message: "Ships in 2–3 weeks" })
        expect(saved.status).toBe(200)
        expect(saved.data.backorder_settings).toEqual({
          variant_id: store.backorderVariantId,
          limit: 3,
          ships_on: shipsOn,
          message: "Ships in 2–3 weeks",
          outstanding: 0,
        })
        // only the fields sent change
        expect((await setRules({ message: null })).data.backorder_settings).toMatchObject({ limit: 3, ships_on: shipsOn, message: null })
        expect((await setRules({ limit: 0 })).data.backorder_settings).toMatchObject({ limit: 0, ships_on: shipsOn })
        expect(await getSettings()).toMatchObject({ limit: 0, ships_on: shipsOn, message: null })
        // another variant is untouched
        expect(await getSettings(store.noBackorderVariantId).catch(() => null)).toBeNull()
      })

      it.each([
        ["an unknown field", { limit: 1, color: "red" }],
        ["a negative limit", { limit: -1 }],
        ["a fractional limit", { limit: 1.5 }],
        ["a limit that is text", { limit: "3" }],
        ["a date that doesn't parse", { ships_on: "next week" }],
        ["an impossible date", { ships_on: "2030-02-30" }],
        ["a date in the past", { ships_on: dayFromToday(-2) }],
        ["a message of 201 characters", { message: "x".repeat(201) }],
      ])("refuses %s with 400 invalid_data and changes nothing", async (_case, body) => {
        await setRules({ limit: 7, message: "kept" })
        const refused = await setRules(body)
        expect(refused.status).toBe(400)
        expect(refused.data).toEqual({ type: "invalid_data", message: expect.any(String) })
        expect(await getSettings()).toMatchObject({ limit: 7, ships_on: null, message: "kept" })
      })

      it("accepts a message of exactly 200 characters and today's date", async () => {
        const saved = await setRules({ message: "x".repeat(200), ships_on: dayFromToday(0) })
        expect(saved.status).toBe(200)
        expect(saved.data.backorder_settings.message).toHaveLength(200)
      })

      it("answers 404 for an unknown product or variant, and for a variant of another product", async () => {
        const otherProduct = await productOf(getContainer(), store.noBackorderVariantId)
        for (const url of [
          settingsUrl("variant_unknown"),
          settingsUrl(store.backorderVariantId, "prod_unknown"),
          settingsUrl(store.backorderVariantId, otherProduct),
        ]) {
          const read = await api.get(url, { ...admin, ...NO_THROW })
          expect(read.status).toBe(404)
          expect(read.data.type).toBe("not_found")
          const write = await api.post(url, { limit: 1 }, { ...admin, ...NO_THROW })
          expect(write.status).toBe(404)
        }
        const backorderModule = getContainer().resolve<BackorderModuleService>(BACKORDER_MODULE)
        expect(await backorderModule.listVariantBackorderSettings({})).toEqual([])
      })

      it("answers 401 without an admin", async () => {
        expect((await api.get(settingsUrl(), NO_THROW)).status).toBe(401)
        expect((await api.post(settingsUrl(), { limit: 1 }, NO_THROW)).status).toBe(401)
        expect((await api.post(settingsUrl(), { limit: 1 }, { ...store.headers, ...NO_THROW })).status).toBe(401)
      })

      it("counts outstanding units: placed back orders count until charged or canceled, and lowering the limit cancels nothing", async () => {
        await setStock(api, admin, store, store.backorderInventoryItemId, 0)
        const cart = await createCart(api, store)
        await addAccepting(api, store, cart.id, store.backorderVariantId, 4)
        await prepareCheckout(api, store, cart.id)
        const completed = await api.post(`/store/carts/${cart.id}/complete`, {}, store.headers)
        expect(completed.data.backorder.status).toBe("pending")
        expect((await getSettings()).outstanding).toBe(4)

        expect((await setRules({ limit: 1 })).data.backorder_settings).toMatchObject({ limit: 1, outstanding: 4 })
        const { data } = await api.get(`/admin/backorders/${completed.data.backorder.id}`, admin)
        expect(data.backorder.status).toBe("pending")

        const canceled = await api.post(`/admin/backorders/${completed.data.backorder.id}/cancel`, {}, admin)
        expect(canceled.data.backorder.status).toBe("canceled")
        expect((await getSettings()).outstanding).toBe(0)
        expect((await inventoryLevel(getContainer(), store, store.backorderInventoryItemId)).reserved).toBe(0)
      })
    })
    /** Units placed on back order of the T-shirt, per status, as the plugin's books hold them. */
    async function placedUnits(container: MedusaContainer) {
      const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
      const items = await backorderModule.listBackorderItems({ variant_id: store.backorderVariantId })
      const backorders = await backorderModule.listBackorders({})
      return { units: items.reduce((sum, item) => sum + Number(item.quantity), 0), backorders: backorders.length }
    }

    const addTshirts = (cartId: string, quantity: number, metadata?: Record<string, unknown>) =>
      api.post(
        `/store/carts/${cartId}/line-items`,
        { variant_id: store.backorderVariantId, quantity, ...(metadata && { metadata }) },
        { ...store.headers, ...NO_THROW }
      )
    const complete = (cartId: string) => api.post(`/store/carts/${cartId}/complete`, {}, { ...store.headers, ...NO_THROW })

    describe("the limit holds", () => {
      it("the prompt offers no more than the limit leaves, with ships_on and message; the seed's sentence stays when the limit doesn't limit", async () => {
        await setStock(api, admin, store, store.backorderInventoryItemId, 2)
        const cart = await createCart(api, store)

        const unlimited = await addTshirts(cart.id, 5)
        expect(unlimited.status).toBe(409)
        expect(unlimited.data).toEqual({
          type: "backorder_confirmation_required",
          message: "There are only 2 of Medusa T-Shirt (L) in stock, and you have added 5, do you want to back order the other 3?",
          backorder: {
            variant_id: store.backorderVariantId,
            title: "Medusa T-Shirt (L)",
            sku: expect.any(String),
            requested: 5,
            available: 2,
            backorder_quantity: 3,
            limit_remaining: null,
            limited_by: null,
            ships_on: null,
            message: null,
          },
        })

        const shipsOn = dayFromToday(20)
        await setRules({ limit: 10, ships_on: shipsOn, message: "Ships in 2–3 weeks" })
        const roomy = await addTshirts(cart.id, 5)
        expect(roomy.data.message).toBe(unlimited.data.message)
        expect(roomy.data.backorder).toMatchObject({ backorder_quantity: 3, limit_remaining: 10, limited_by: null, ships_on: shipsOn, message: "Ships in 2–3 weeks" })

        await setRules({ limit: 1 })
        const limited = await addTshirts(cart.id, 5)
        expect(limited.status).toBe(409)
        expect(limited.data.type).toBe("backorder_confirmation_required")
        expect(limited.data.backorder).toMatchObject({ available: 2, backorder_quantity: 1, limit_remaining: 1, limited_by: "variant_limit" })
        expect(limited.data.message).toBe(
          "There are only 2 of Medusa T-Shirt (L) in stock, and you have added 5. Only 1 more unit can be back ordered " +
            "(the store can back order no more of it): do you want to back order 1?"
        )

        // accepting gets what was offered: 2 in stock, 1 on back order, the other 2 not added
        const accepted = await addTshirts(cart.id, 5, { backorder: "accept" })
        expect(accepted.status).toBe(200)
        const lines = accepted.data.cart.items.map((item: any) => [item.quantity, !!item.metadata?.is_backorder]).sort()
        expect(lines).toEqual([[1, true], [2, false]])
      })

      it("with nothing left, answers backorder_limit_reached offering the available units only, and 'decline' adds them", async () => {
        await setStock(api, admin, store, store.backorderInventoryItemId, 2)
        await setRules({ limit: 0 })
        const cart = await createCart(api, store)
        const reached = await addTshirts(cart.id, 5)
        expect(reached.status).toBe(409)
        expect(reached.data.type).toBe("backorder_limit_reached")
        expect(reached.data.backorder).toMatchObject({ available: 2, backorder_quantity: 0, limit_remaining: 0, limited_by: "variant_limit" })
        expect(reached.data.message).toMatch(/do you want to add the 2 in stock\?$/)
        // the kit's header turns it into a 200, as the other questions
        const asked = await api.post(
          `/store/carts/${cart.id}/line-items`,
          { variant_id: store.backorderVariantId, quantity: 5 },
          { headers: { ...store.headers.headers, "x-backorder-question-status": "200" } }
        )
        expect(asked.data.type).toBe("backorder_limit_reached")

        const accepted = await addTshirts(cart.id, 5, { backorder: "accept" })
        expect(accepted.data.cart.items.map((item: any) => [item.quantity, !!item.metadata?.is_backorder])).toEqual([[2, false]])
        expect(await getContainer().resolve<BackorderModuleService>(BACKORDER_MODULE).listBackorderLines({ cart_id: cart.id })).toEqual([])
      })

      it("accepting recounts under the cart's lock: units placed since the prompt are no longer offered", async () => {
        await setStock(api, admin, store, store.backorderInventoryItemId, 0)
        await setRules({ limit: 3 })
        const late = await createCart(api, store)
        expect((await addTshirts(late.id, 3)).data.backorder.backorder_quantity).toBe(3)

        const early = await createCart(api, store, { email: "early@example.com" })
        await addAccepting(api, store, early.id, store.backorderVariantId, 2)
        expect((await complete(early.id)).data.backorder.status).toBe("pending")

        const accepted = await addTshirts(late.id, 3, { backorder: "accept" })
        expect(accepted.data.cart.items.map((item: any) => item.quantity)).toEqual([1])
      })

      it("checks the limit per variant over all of a cart's back-order lines at completion (lines with different metadata included)", async () => {
        await setStock(api, admin, store, store.backorderInventoryItemId, 0)
        const cart = await createCart(api, store)
        await addTshirts(cart.id, 2, { backorder: "accept", engraving: "A" })
        await addTshirts(cart.id, 2, { backorder: "accept", engraving: "B" })
        const backorderLines = (await api.get(`/store/carts/${cart.id}`, store.headers)).data.cart.items
        expect(backorderLines).toHaveLength(2)
        // the limit set after the lines were added: checkout is what holds it
        await setRules({ limit: 3 })

        const refused = await complete(cart.id)
        expect(refused.status).toBe(409)
        expect(refused.data).toEqual({
          type: "backorder_limit_exceeded",
          message: expect.stringContaining("only 3 of Medusa T-Shirt (L) can be back ordered now, and your cart has 4"),
          items: [
            {
              variant_id: store.backorderVariantId,
              line_item_ids: expect.arrayContaining(backorderLines.map((line: any) => line.id)),
              requested: 4,
              available: 3,
              limited_by: "variant_limit",
            },
          ],
        })
        expect(await placedUnits(getContainer())).toEqual({ units: 0, backorders: 0 })
        expect((await inventoryLevel(getContainer(), store, store.backorderInventoryItemId)).reserved).toBe(0)

        // the shopper lowers the lines to what is left and completes
        await api.post(`/store/carts/${cart.id}/line-items/${backorderLines[0].id}`, { quantity: 1 }, store.headers)
        const placed = await complete(cart.id)
        expect(placed.status).toBe(200)
        expect(await placedUnits(getContainer())).toEqual({ units: 3, backorders: 1 })
      })

      it("holds across carts: limit 3, 0 in stock, 5 carts of 2 completed together place at most 3 units, the others get 409", async () => {
        await setStock(api, admin, store, store.backorderInventoryItemId, 0)
        await setRules({ limit: 3 })
        const carts: string[] = []
        for (let i = 0; i < 5; i++) {
          const cart = await createCart(api, store, { email: `shopper-${i}@example.com` })
          const accepted = await addAccepting(api, store, cart.id, store.backorderVariantId, 2)
          expect(accepted.items.map((item: any) => item.quantity)).toEqual([2])
          carts.push(cart.id)
        }

        const answers = await Promise.all(carts.map(complete))

        const placed = answers.filter((answer) => answer.status === 200)
        const refused = answers.filter((answer) => answer.status === 409)
        expect(placed).toHaveLength(1)
        expect(refused).toHaveLength(4)
        for (const answer of refused) {
          expect(answer.data.type).toBe("backorder_limit_exceeded")
          expect(answer.data.items).toEqual([expect.objectContaining({ requested: 2, available: 1, limited_by: "variant_limit" })])
        }
        const books = await placedUnits(getContainer())
        expect(books).toEqual({ units: 2, backorders: 1 })
        expect((await inventoryLevel(getContainer(), store, store.backorderInventoryItemId)).reserved).toBe(books.units)
        expect((await getSettings()).outstanding).toBe(2)
      })

      it("a back-order line raised past the limit answers backorder_limit_reached and stays as it was", async () => {
        await setStock(api, admin, store, store.backorderInventoryItemId, 0)
        await setRules({ limit: 3 })
        const cart = await createCart(api, store)
        const [line] = (await addAccepting(api, store, cart.id, store.backorderVariantId, 2)).items
        const raised = await api.post(`/store/carts/${cart.id}/line-items/${line.id}`, { quantity: 5 }, { ...store.headers, ...NO_THROW })
        expect(raised.status).toBe(409)
        expect(raised.data.type).toBe("backorder_limit_reached")
        expect(raised.data.backorder).toMatchObject({ requested: 5, backorder_quantity: 1 })
        expect(raised.data.message).toBe(
          "Only 1 more of Medusa T-Shirt (L) can be back ordered (the store can back order no more of it): this back-order line can hold at most 3."
        )
        expect((await api.get(`/store/carts/${cart.id}`, store.headers)).data.cart.items[0].quantity).toBe(2)
        expect((await api.post(`/store/carts/${cart.id}/line-items/${line.id}`, { quantity: 3 }, store.headers)).status).toBe(200)
      })
    })

    describe("no back order from nobody", () => {
      it.each([
        ["no e-mail", { shipping_address: SHOPPER_ADDRESS }],
        ["no shipping address", { email: "ada@example.com" }],
        ["neither", {}],
      ])("a cart of back-order lines with %s answers 400 and places nothing", async (_case, contact) => {
        await setStock(api, admin, store, store.backorderInventoryItemId, 0)
        const { data } = await api.post("/store/carts", { region_id: store.regionId, ...contact }, store.headers)
        await addAccepting(api, store, data.cart.id, store.backorderVariantId, 2)
        const refused = await complete(data.cart.id)
        expect(refused.status).toBe(400)
        expect(refused.data).toEqual({ type: "invalid_data", message: expect.stringMatching(/^A cart with back-ordered items needs/) })
        expect(await placedUnits(getContainer())).toEqual({ units: 0, backorders: 0 })
        expect((await inventoryLevel(getContainer(), store, store.backorderInventoryItemId)).reserved).toBe(0)
        expect((await api.get(`/store/carts/${data.cart.id}`, store.headers)).data.cart.completed_at).toBeNull()
      })

      it("10,000 units: the prompt offers the per-shopper limit, and a cart holding 10,000 gets 409 and reserves nothing", async () => {
        await setStock(api, admin, store, store.backorderInventoryItemId, 0)
        const cart = await createCart(api, store)
        const prompt = await addTshirts(cart.id, 10_000)
        expect(prompt.status).toBe(409)
        expect(prompt.data.backorder).toMatchObject({ backorder_quantity: 100, limit_remaining: null, limited_by: "customer_limit" })

        const flooded = await createCart(api, store)
        await insertBackorderLine(getContainer(), flooded.id, store.backorderVariantId, 10_000)
        const refused = await complete(flooded.id)
        expect(refused.status).toBe(409)
        expect(refused.data.type).toBe("backorder_limit_exceeded")
        expect(refused.data.items).toEqual([expect.objectContaining({ requested: 10_000, available: 100, limited_by: "customer_limit" })])
        expect(await placedUnits(getContainer())).toEqual({ units: 0, backorders: 0 })
        expect((await inventoryLevel(getContainer(), store, store.backorderInventoryItemId)).reserved).toBe(0)
      })

      it("20 carts from one e-mail completed together can't pass the per-shopper limit (100)", async () => {
        await setStock(api, admin, store, store.backorderInventoryItemId, 0)
        const carts: string[] = []
        for (let i = 0; i < 20; i++) {
          // the same shopper, whatever the case of the address
          const cart = await createCart(api, store, { email: i % 2 ? "Mallory@Example.com" : "mallory@example.com" })
          await addAccepting(api, store, cart.id, store.backorderVariantId, 10)
          carts.push(cart.id)
        }
        const answers = await Promise.all(carts.map(complete))
        expect(answers.filter((answer) => answer.status === 200)).toHaveLength(10)
        const refused = answers.filter((answer) => answer.status === 409)
        expect(refused).toHaveLength(10)
        expect(refused.every((answer) => answer.data.items[0].limited_by === "customer_limit")).toBe(true)
        const books = await placedUnits(getContainer())
        expect(books).toEqual({ units: 100, backorders: 10 })
        expect((await inventoryLevel(getContainer(), store, store.backorderInventoryItemId)).reserved).toBe(100)
      })
    })
    describe("when it ships, everywhere the shopper and the admin look", () => {
      /** A registered, logged-in customer's headers (publishable key and bearer token). */
      async function customerHeaders(email: string) {
        const password = "secret-1"
        const registered = await api.post("/auth/customer/emailpass/register", { email, password })
        const withToken = (token: string) => ({ headers: { ...store.headers.headers, authorization: `Bearer ${token}` } })
        await api.post("/store/customers", { email, first_name: "Ada", last_name: "Lovelace" }, withToken(registered.data.token))
        const login = await api.post("/auth/customer/emailpass", { email, password })
        return withToken(login.data.token)
      }

      it("the back-order line, the draft order's line, the admin views and My back orders carry ships_on and message; a later change shows on open carts and pending back orders", async () => {
        await setStock(api, admin, store, store.backorderInventoryItemId, 0)
        const first = dayFromToday(10)
        await setRules({ ships_on: first, message: "Ships in 2–3 weeks" })
        const ada = await customerHeaders("ada@example.com")

        // the shopper can't write the keys
        const cart = (await api.post("/store/carts", { region_id: store.regionId, email: "ada@example.com", shipping_address: SHOPPER_ADDRESS }, ada)).data.cart
        const forged = await api.post(
          `/store/carts/${cart.id}/line-items`,
          { variant_id: store.backorderVariantId, quantity: 1, metadata: { backorder_ships_on: "2020-01-01" } },
          { ...ada, ...NO_THROW }
        )
        expect(forged.status).toBe(400)
        expect(forged.data.type).toBe("invalid_data")

        const accepted = await api.post(
          `/store/carts/${cart.id}/line-items`,
          { variant_id: store.backorderVariantId, quantity: 2, metadata: { backorder: "accept" } },
          ada
        )
        expect(accepted.data.cart.items[0].metadata).toEqual({
          is_backorder: true,
          backorder_unit_price: 20,
          backorder_ships_on: first,
          backorder_message: "Ships in 2–3 weeks",
        })
        const placed = (await api.post(`/store/carts/${cart.id}/complete`, {}, ada)).data
        expect(placed.backorder.draft_order.items[0].metadata).toMatchObject({ backorder_ships_on: first, backorder_message: "Ships in 2–3 weeks" })

        // another cart still open with a back-order line of the variant
        const open = await createCart(api, store, { email: "grace@example.com" })
        await addAccepting(api, store, open.id, store.backorderVariantId, 1)

        const later = dayFromToday(40)
        await setRules({ ships_on: later, message: "Ships in 6 weeks" })

        const openLine = (await api.get(`/store/carts/${open.id}`, store.headers)).data.cart.items[0]
        expect(openLine.metadata).toMatchObject({ backorder_ships_on: later, backorder_message: "Ships in 6 weeks" })
        const shown = { ships_on: later, backorder_message: "Ships in 6 weeks" }
        const adminView = (await api.get(`/admin/backorders/${placed.backorder.id}`, admin)).data.backorder
        expect(adminView.order.items).toEqual([expect.objectContaining(shown)])
        const queue = (await api.get(`/admin/backorders`, admin)).data.backorders
        expect(queue[0].order.items).toEqual([expect.objectContaining(shown)])
        const mine = (await api.get("/store/customers/me/backorders", ada)).data.backorders
        expect(mine).toHaveLength(1)
        expect(mine[0].order.items).toEqual([expect.objectContaining(shown)])

        // clearing the message takes it off everywhere
        await setRules({ message: null })
        expect((await api.get(`/store/carts/${open.id}`, store.headers)).data.cart.items[0].metadata).toEqual({
          is_backorder: true,
          backorder_unit_price: 20,
          backorder_ships_on: later,
        })
        expect((await api.get(`/admin/backorders/${placed.backorder.id}`, admin)).data.backorder.order.items[0]).toMatchObject({
          ships_on: later,
          backorder_message: null,
        })
      })
      it("GET /store/backorder-settings/variants lists the date and message of the variants asked for (those with either), and refuses bad input", async () => {
        const shipsOn = dayFromToday(5)
        await setRules({ ships_on: shipsOn, message: "Ships in a week" })
        const url = `/store/backorder-settings/variants?variant_ids=${store.backorderVariantId},${store.noBackorderVariantId}`
        expect((await api.get(url, store.headers)).data).toEqual({
          variants: [{ variant_id: store.backorderVariantId, ships_on: shipsOn, message: "Ships in a week" }],
        })
        const bad = await api.get("/store/backorder-settings/variants?variant_ids=", { ...store.headers, ...NO_THROW })
        expect(bad.status).toBe(400)
        expect(bad.data.type).toBe("invalid_data")
        expect((await api.get(url, NO_THROW)).status).toBe(400)
      })
    })
  },
})
