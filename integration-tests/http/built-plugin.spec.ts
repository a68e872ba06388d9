import fs from "fs"
import path from "path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { completeCartWorkflow, updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { type AdminHeaders } from "../utils/admin"
import { prepareCheckout, SHOPPER_ADDRESS } from "../utils/cart"
import { setStock } from "../utils/checkout"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(120 * 1000)

const pluginRoot = path.resolve(__dirname, "../..")

// Loads the plugin the way a merchant's Medusa does: from its built output (.medusa/server),
// through `plugins: [{ resolve }]`, not from src/.
medusaIntegrationTestRunner({
  cwd: path.join(__dirname, "../built-app"),
  testSuite: ({ api, getContainer, dbConnection, dbUtils, dbConfig }) => {
    let admin: AdminHeaders
    let store: SeededStore

    beforeAll(async () => {
      ;({ store, admin } = await seedOncePerSpec({ api, getContainer, dbUtils, dbConfig }))
    })

    it("is a built package with the exports map Medusa's plugin loader reads", () => {
      const pkg = require(path.join(pluginRoot, "package.json"))
      expect(pkg.exports["./admin"]).toBeDefined()
      expect(pkg.files).toEqual([".medusa/server"])
      for (const built of ["src/modules/backorder/index.js", "src/api/middlewares.js", "src/admin/index.js", "src/admin/index.mjs", "src/links/backorder-source-order.js", "src/subscribers/backorder-payment-captured.js", "src/utils/backorder-payment-webhook.js", "src/workflows/hooks/guard-core-cart-completion.js", "src/workflows/index.js"]) {
        expect(fs.existsSync(path.join(pluginRoot, ".medusa/server", built))).toBe(true)
      }
    })

    it("exports its workflows through the package's ./workflows entry", () => {
      const pkg = require(path.join(pluginRoot, "package.json"))
      const workflows = require(path.join(pluginRoot, pkg.exports["./workflows"]))
      for (const name of ["placeBackorderWorkflow", "completeCartWithBackordersWorkflow", "chargeBackorderWorkflow", "cancelBackorderWorkflow", "addToCartWithBackorderWorkflow"]) {
        expect(typeof workflows[name]).toBe("function")
      }
    })

    it("exports the storefront kit through ./storefront, typed, with no runtime import but @medusajs/js-sdk", () => {
      const pkg = require(path.join(pluginRoot, "package.json"))
      const entry = pkg.exports["./storefront"]
      expect(fs.existsSync(path.join(pluginRoot, entry.types))).toBe(true)
      const dir = path.dirname(path.join(pluginRoot, entry.default))
      const imports = fs
        .readdirSync(dir)
        .filter((file) => file.endsWith(".js"))
        .flatMap((file) => [...fs.readFileSync(path.join(dir, file), "utf8").matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))
      // a browser bundle and a Next.js server action load it: nothing server-side may come with it
      // (since its requests go through the SDK instance it is given, it needs no import at all)
      expect([...new Set(imports)].filter((name) => name !== "@medusajs/js-sdk")).toEqual([])
      const kit = require(path.join(pluginRoot, entry.default))
      for (const name of ["createBackorderKit", "isBackorderLine", "backorderLaterTotal", "backorderLabel", "splitCartLines"]) {
        expect(typeof kit[name]).toBe("function")
      }
      for (const built of ["src/api/store/customers/me/backorders/route.js", "src/api/store/payment-collections/[id]/backorder-payment/route.js"]) {
        expect(fs.existsSync(path.join(pluginRoot, ".medusa/server", built))).toBe(true)
      }
    })

    it("serves the kit's store routes from the built package (a guest gets 401 for my back orders)", async () => {
      const guest = await api.get("/store/customers/me/backorders", store.headers).catch((e: any) => e.response)
      expect(guest.status).toBe(401)
      const unknown = await api
        .post("/store/payment-collections/pay_col_unknown/backorder-payment", {}, store.headers)
        .catch((e: any) => e.response)
      expect(unknown.status).toBe(404)
    })

    it("registers the plugin's module from the built package", async () => {
      const backorderModule = getContainer().resolve("backorder") as { retrieveSettings: () => Promise<unknown> }
      expect(await backorderModule.retrieveSettings()).toEqual({ enabled: false })
    })

    it("runs the plugin's migrations and syncs its link", async () => {
      const { rows } = await dbConnection.raw(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('backorder', 'backorder_line', 'backorder_setting', 'backorder_oversold_line')`
      )
      expect(rows.map((r: { table_name: string }) => r.table_name).sort()).toEqual(["backorder", "backorder_line", "backorder_oversold_line", "backorder_setting"])
      const links = await dbConnection.raw(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE '%backorder%order%'`
      )
      // one link: a back order and its source order
      expect(links.rows).toHaveLength(1)
    })

    it("serves the plugin's admin and store routes", async () => {
      const updated = await api.post("/admin/backorder-settings", { enabled: true }, admin)
      expect(updated.data).toEqual({ settings: { enabled: true } })
      const storeView = await api.get("/store/backorder-settings", store.headers)
      expect(storeView.data).toEqual({ settings: { enabled: true } })
      const unauthenticated = await api.get("/admin/backorder-settings").catch((e: any) => e)
      expect(unauthenticated.response.status).toBe(401)
      const queue = await api.get("/admin/backorders", admin)
      expect(queue.data).toEqual({ backorders: [], count: 0, limit: expect.any(Number), offset: 0 })
    })

    it("applies its middleware on Medusa's own add-to-cart route", async () => {
      await api.post("/admin/backorder-settings", { enabled: true }, admin)
      const { data } = await api.post("/store/carts", { region_id: store.regionId }, store.headers)
      const prompt = await api
        .post(`/store/carts/${data.cart.id}/line-items`, { variant_id: store.backorderVariantId, quantity: 10 }, store.headers)
        .catch((e: any) => e)
      expect(prompt.response.status).toBe(409)
      expect(prompt.response.data.type).toBe("backorder_confirmation_required")
    })

    it("guards Medusa's own completion: its completeCartWorkflow hook handler loads from the build", async () => {
      await api.post("/admin/backorder-settings", { enabled: true }, admin)
      const { data } = await api.post("/store/carts", { region_id: store.regionId }, store.headers)
      await api.post(
        `/store/carts/${data.cart.id}/line-items`,
        { variant_id: store.backorderVariantId, quantity: 10, metadata: { backorder: "accept" } },
        store.headers
      )
      await prepareCheckout(api, store, data.cart.id)
      const { errors } = await completeCartWorkflow(getContainer()).run({ input: { id: data.cart.id }, throwOnError: false })
      expect(errors[0]?.error?.message).toContain("holds back-ordered items")
    })

    it("shares the validate hook: with complete_cart_validate_hook: false the merchant's own handler holds it and calls the plugin's guard", async () => {
      // the app booted, so only one handler was registered: the merchant's (built-app/src/workflows/hooks)
      expect(() => completeCartWorkflow.hooks.validate(async () => undefined)).toThrow(
        "Cannot define multiple hook handlers for the validate hook"
      )
      const container = getContainer()
      await api.post("/admin/backorder-settings", { enabled: true }, admin)

      // the merchant's own rule runs
      const { data: held } = await api.post("/store/carts", { region_id: store.regionId, metadata: { merchant_hold: true } }, store.headers)
      await api.post(`/store/carts/${held.cart.id}/line-items`, { variant_id: store.inStockVariantId, quantity: 1 }, store.headers)
      await prepareCheckout(api, store, held.cart.id)
      const refusedByMerchant = await completeCartWorkflow(container).run({ input: { id: held.cart.id }, throwOnError: false })
      expect(refusedByMerchant.errors[0]?.error?.message).toBe(`Cart ${held.cart.id} is on hold by the merchant.`)

      // and the plugin's guard, through the merchant's handler: Medusa's completion of a cart with
      // back-order lines is refused, nothing is placed; the plugin's checkout then completes it
      // (a back order needs an e-mail and a shipping address)
      const { data } = await api.post(
        "/store/carts",
        { region_id: store.regionId, email: "ada@example.com", shipping_address: SHOPPER_ADDRESS },
        store.headers
      )
      await api.post(
        `/store/carts/${data.cart.id}/line-items`,
        { variant_id: store.backorderVariantId, quantity: 8, metadata: { backorder: "accept" } },
        store.headers
      )
      await prepareCheckout(api, store, data.cart.id)
      const refused = await completeCartWorkflow(container).run({ input: { id: data.cart.id }, throwOnError: false })
      expect(refused.errors[0]?.error?.message).toContain(`Cart ${data.cart.id} holds back-ordered items`)
      const { data: after } = await api.get(`/store/carts/${data.cart.id}`, store.headers)
      expect(after.cart.completed_at).toBeNull()
      const backorderModule = container.resolve("backorder") as { listBackorders: (filters: object) => Promise<unknown[]> }
      expect(await backorderModule.listBackorders({ cart_id: data.cart.id })).toEqual([])

      const completed = await api.post(`/store/carts/${data.cart.id}/complete`, {}, store.headers)
      expect(completed.data.type).toBe("order")
      expect(completed.data.backorder.status).toBe("pending")
    })

    it("shares the setPromotionContext hook: with promotion_context_hook: false the merchant's handler holds it and leaves back-order lines out", async () => {
      // the app booted, so only one handler was registered: the merchant's (built-app/src/workflows/hooks)
      expect(() => updateCartPromotionsWorkflow.hooks.setPromotionContext(async () => undefined)).toThrow(
        "Cannot define multiple hook handlers for the setPromotionContext hook"
      )
      await api.post("/admin/backorder-settings", { enabled: true }, admin)
      const query = getContainer().resolve("query") as { graph: (q: object) => Promise<{ data: any[] }> }
      const { data: [tshirt] } = await query.graph({ entity: "product_variant", fields: ["product_id"], filters: { id: store.backorderVariantId } })
      await api.post(
        "/admin/promotions",
        {
          code: "SHIRT10",
          type: "standard",
          status: "active",
          is_automatic: true,
          rules: [{ attribute: "items.product.id", operator: "in", values: [tshirt.product_id] }],
          application_method: { type: "percentage", target_type: "items", allocation: "across", value: 10 },
        },
        admin
      )
      await setStock(api, admin, store, store.backorderInventoryItemId, 0)
      const { data } = await api.post("/store/carts", { region_id: store.regionId }, store.headers)
      await api.post(`/store/carts/${data.cart.id}/line-items`, { variant_id: store.noBackorderVariantId, quantity: 1 }, store.headers)
      await api.post(
        `/store/carts/${data.cart.id}/line-items`,
        { variant_id: store.backorderVariantId, quantity: 2, metadata: { backorder: "accept" } },
        store.headers
      )
      const { data: after } = await api.get(`/store/carts/${data.cart.id}?fields=*items,*promotions,discount_total`, store.headers)
      expect(after.cart.items.map((item: any) => [item.variant_id, item.quantity, item.unit_price]).sort()).toEqual(
        [
          [store.backorderVariantId, 2, 0],
          [store.noBackorderVariantId, 1, 10],
        ].sort()
      )
      // the T-shirt is only back ordered: the "T-shirt in the cart" promotion does not apply
      expect(after.cart.promotions).toEqual([])
      expect(after.cart.discount_total).toBe(0)
    })

    it("shares the beforePaymentAuthorization hook: with before_payment_authorization_hook: false the merchant's handler holds it and the checkout still sells only what is stocked", async () => {
      // the app booted, so only one handler was registered: the merchant's (built-app/src/workflows/hooks)
      const hooks = completeCartWorkflow.hooks as unknown as { beforePaymentAuthorization: (handler: () => Promise<undefined>) => void }
      expect(() => hooks.beforePaymentAuthorization(async () => undefined)).toThrow(
        "Cannot define multiple hook handlers for the beforePaymentAuthorization hook"
      )
      await api.post("/admin/backorder-settings", { enabled: true }, admin)
      await setStock(api, admin, store, store.backorderInventoryItemId, 1)
      // two carts for the last unit, completed together: the stock locks are held across the completion
      const cartIds: string[] = []
      for (const _ of [1, 2]) {
        const { data } = await api.post("/store/carts", { region_id: store.regionId, email: `shopper-${cartIds.length}@example.com` }, store.headers)
        await api.post(`/store/carts/${data.cart.id}/line-items`, { variant_id: store.backorderVariantId, quantity: 1 }, store.headers)
        await prepareCheckout(api, store, data.cart.id)
        cartIds.push(data.cart.id)
      }
      const answers = await Promise.all(
        cartIds.map((id) => api.post(`/store/carts/${id}/complete`, {}, { ...store.headers, validateStatus: () => true }))
      )
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
      expect(answers.find((a) => a.status === 409)!.data.type).toBe("backorder_stock_changed")
      // the merchant's handler ran in the completion that got that far, and was handed no stock
      // locks to release: the checkout held them to the end
      const seen = (globalThis as { merchantBeforePaymentAuthorization?: Record<string, unknown>[] }).merchantBeforePaymentAuthorization
      const sold = answers.find((a) => a.status === 200)!
      const soldCart = cartIds[answers.indexOf(sold)]
      expect(seen?.filter((input) => input.id === soldCart)).toEqual([{ id: soldCart }])
    })
  },
})
