import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { type AdminHeaders } from "../utils/admin"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(120 * 1000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbUtils, dbConfig }) => {
    let admin: AdminHeaders
    let store: SeededStore

    beforeAll(async () => {
      ;({ store, admin } = await seedOncePerSpec({ api, getContainer, dbUtils, dbConfig }))
    })

    describe("GET /admin/backorder-settings", () => {
      it("is off by default", async () => {
        const response = await api.get("/admin/backorder-settings", admin)
        expect(response.status).toBe(200)
        expect(response.data).toEqual({ settings: { enabled: false } })
      })

      it("answers 401 without an admin", async () => {
        const error = await api.get("/admin/backorder-settings").catch((e: any) => e)
        expect(error.response.status).toBe(401)
      })
    })

    describe("POST /admin/backorder-settings", () => {
      it("turns the setting on and off, and the store sees it", async () => {
        const on = await api.post("/admin/backorder-settings", { enabled: true }, admin)
        expect(on.data).toEqual({ settings: { enabled: true } })
        expect((await api.get("/admin/backorder-settings", admin)).data).toEqual({ settings: { enabled: true } })
        expect((await api.get("/store/backorder-settings", store.headers)).data).toEqual({ settings: { enabled: true } })

        const off = await api.post("/admin/backorder-settings", { enabled: false }, admin)
        expect(off.data).toEqual({ settings: { enabled: false } })
        expect((await api.get("/store/backorder-settings", store.headers)).data).toEqual({ settings: { enabled: false } })
      })

      it.each([
        [{ enabled: "yes" }],
        [{ enabled: 1 }],
        [{ enabled: null }],
        [{}],
        [{ enabled: true, other: 1 }],
      ])("rejects %j with a 400 and changes nothing", async (body) => {
        await api.post("/admin/backorder-settings", { enabled: true }, admin)
        const error = await api.post("/admin/backorder-settings", body, admin).catch((e: any) => e)
        expect(error.response.status).toBe(400)
        expect(error.response.data).toEqual(
          expect.objectContaining({ type: "invalid_data", message: expect.any(String) })
        )
        expect((await api.get("/admin/backorder-settings", admin)).data).toEqual({ settings: { enabled: true } })
      })

      it("survives concurrent first writes of the single setting row", async () => {
        const responses = await Promise.all(
          Array.from({ length: 5 }, () => api.post("/admin/backorder-settings", { enabled: true }, admin))
        )
        expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
        expect((await api.get("/admin/backorder-settings", admin)).data).toEqual({ settings: { enabled: true } })
      })

      it("answers 401 without an admin and changes nothing", async () => {
        const error = await api.post("/admin/backorder-settings", { enabled: true }).catch((e: any) => e)
        expect(error.response.status).toBe(401)
        expect((await api.get("/admin/backorder-settings", admin)).data).toEqual({ settings: { enabled: false } })
      })
    })

    describe("GET /store/backorder-settings", () => {
      it("answers the setting to a storefront with a publishable key", async () => {
        const response = await api.get("/store/backorder-settings", store.headers)
        expect(response.data).toEqual({ settings: { enabled: false } })
      })

      it("requires a publishable key like every store route", async () => {
        const error = await api.get("/store/backorder-settings").catch((e: any) => e)
        expect(error.response.status).toBe(400)
      })
    })
  },
})
