import { Modules } from "@medusajs/framework/utils"
import type { ICachingModuleService } from "@medusajs/framework/types"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { type AdminHeaders } from "../utils/admin"
import { send } from "../utils/add-to-cart"
import { createCart } from "../utils/cart"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(180 * 1000)

// This spec's app runs with Medusa's Caching Module on (its in-memory provider and the `caching`
// flag; the root medusa-config reads this), as a store that configured it does.
process.env.BACKORDER_TEST_CACHING = "1"

/** Where the plugin keeps the setting in Medusa's cache (src/utils/backorder-settings.ts). */
const VERSION_KEY = "backorder:settings:version"
const entryKey = (version: string) => `backorder:settings:${version}`

medusaIntegrationTestRunner({
  testSuite: (suite) => {
    const { api, getContainer } = suite
    let admin: AdminHeaders
    let store: SeededStore
    let cache: ICachingModuleService

    beforeAll(async () => {
      ;({ store, admin } = await seedOncePerSpec(suite))
      cache = getContainer().resolve<ICachingModuleService>(Modules.CACHING)
    })

    // Every test starts from the seeded database, restored behind Medusa's back: its cache must
    // start empty too.
    beforeEach(async () => {
      await cache.clear({ tags: ["*"] })
    })

    const setting = (enabled: boolean) => api.post("/admin/backorder-settings", { enabled }, admin)
    /** 10 T-shirts while 5 are in stock: the plugin's prompt (409) with the setting on, Medusa's add (200) with it off. */
    const addTenTshirts = async () => {
      const cart = await createCart(api, store)
      return send(api, store, `/store/carts/${cart.id}/line-items`, { variant_id: store.backorderVariantId, quantity: 10 })
    }

    it("an add reads the setting from Medusa's Caching Module: the entry of the current version holds it", async () => {
      await setting(true)
      const cart = await createCart(api, store)
      const added = await send(api, store, `/store/carts/${cart.id}/line-items`, { variant_id: store.backorderVariantId, quantity: 1 })
      expect(added.status).toBe(200)

      const version = (await cache.get({ key: VERSION_KEY })) as string | null
      expect(typeof version).toBe("string")
      expect(await cache.get({ key: entryKey(version!) })).toEqual({ enabled: true })
    })

    it("a change through the admin route is seen by the very next request, each time", async () => {
      await setting(true)
      expect((await addTenTshirts()).status).toBe(409)
      // cached now: the next reads come from the cache
      expect((await addTenTshirts()).status).toBe(409)

      await setting(false)
      const medusaAlone = await addTenTshirts()
      expect(medusaAlone.status).toBe(200)
      expect(medusaAlone.data.cart.items.map((item: any) => Number(item.quantity))).toEqual([10])
      expect((await api.get("/store/backorder-settings", store.headers)).data.settings).toEqual({ enabled: false })

      await setting(true)
      expect((await addTenTshirts()).status).toBe(409)
      expect((await api.get("/store/backorder-settings", store.headers)).data.settings).toEqual({ enabled: true })
    })

    it("reads racing a change: once the change has answered, every read sees it", async () => {
      await setting(false)
      const settings = async () => (await api.get("/store/backorder-settings", store.headers)).data.settings.enabled as boolean
      // reads fill the cache while the change runs; none may leave the old value behind it
      const [, ...during] = await Promise.all([setting(true), ...Array.from({ length: 8 }, settings)])
      expect(during.every((enabled) => typeof enabled === "boolean")).toBe(true)
      const after = await Promise.all(Array.from({ length: 8 }, settings))
      expect(after).toEqual(Array(8).fill(true))
      expect((await addTenTshirts()).status).toBe(409)
    })
  },
})
