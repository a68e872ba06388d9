import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { BACKORDER_MODULE } from "../../src/modules/backorder"
import type BackorderModuleService from "../../src/modules/backorder/service"
import { type AdminHeaders } from "../utils/admin"
import { createCart, prepareCheckout } from "../utils/cart"
import { addAccepting, inventoryLevel, setStock } from "../utils/checkout"
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
  },
})
