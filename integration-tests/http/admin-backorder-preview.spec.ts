import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createTaxRatesWorkflow } from "@medusajs/medusa/core-flows"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { type AdminHeaders } from "../utils/admin"
import { addShippingOptionInNewZone, addShippingOptionToSeededZone, placePendingBackorder, reservedTshirts } from "../utils/backorders"
import { seedOncePerSpec, shareFixture, TAX_RATE, type SeededStore } from "../utils/seed"

jest.setTimeout(180 * 1000)

const TSHIRT_PRICE = 20
/** The override the tests give the second shipping option: not the region's 19 %. */
const EXPRESS_TAX_RATE = 7

medusaIntegrationTestRunner({
  testSuite: (suite) => {
    const { api, getContainer } = suite
    let admin: AdminHeaders
    let store: SeededStore
    let container: MedusaContainer

    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => {
          throw new Error("expected the request to fail")
        },
        (e: any) => e.response
      )

    const preview = async (id: string, query: string) =>
      (await api.get(`/admin/backorders/${id}/charge-preview?${query}`, admin)).data.preview

    const getBackorder = async (id: string) => (await api.get(`/admin/backorders/${id}`, admin)).data.backorder

    const charge = async (id: string, body: Record<string, unknown>) =>
      (await api.post(`/admin/backorders/${id}/charge`, { payment: "record", ...body }, admin)).data.backorder

    beforeAll(async () => {
      container = getContainer()
      ;({ store, admin } = await seedOncePerSpec(suite))
    })

    describe("the preview equals the charge", () => {
      it("with the default shipping option (the region's 19 %)", async () => {
        const placed = await placePendingBackorder(api, container, store, admin, { inStock: 1, backordered: 3 })

        const shown = await preview(placed.backorderId, "shipping_amount=7.5")
        const itemSubtotal = 3 * TSHIRT_PRICE
        expect(shown).toEqual({
          currency_code: "eur",
          items_subtotal: itemSubtotal,
          items_tax_total: (itemSubtotal * TAX_RATE) / 100,
          shipping_amount: 7.5,
          shipping_tax_total: (7.5 * TAX_RATE) / 100,
          total: itemSubtotal + (itemSubtotal * TAX_RATE) / 100 + 7.5 + (7.5 * TAX_RATE) / 100,
          shipping_option_id: store.shippingOptionId,
        })

        const charged = await charge(placed.backorderId, { shipping_amount: 7.5 })
        expect(charged.status).toBe("charged")
        expect(charged.order.total).toBe(shown.total)
        expect(charged.order.shipping_methods).toHaveLength(1)
        expect(charged.order.shipping_methods[0].shipping_option_id).toBe(shown.shipping_option_id)
        expect(charged.order.shipping_methods[0].tax_total).toBe(shown.shipping_tax_total)
        expect(charged.order.shipping_methods[0].amount).toBe(shown.shipping_amount)
      })

      it("with a second option whose shipping is taxed at its own rate (a tax-rate override)", async () => {
        const express = await addShippingOptionToSeededZone(container, store, { name: "Express", amount: 25 })
        const [germany] = await container.resolve(Modules.TAX).listTaxRegions({ country_code: "de" })
        await createTaxRatesWorkflow(container).run({
          input: [
            {
              tax_region_id: germany.id,
              rate: EXPRESS_TAX_RATE,
              code: "DE-EXPRESS",
              name: "Express shipping",
              rules: [{ reference: "shipping_option", reference_id: express }],
            },
          ],
        })
        const placed = await placePendingBackorder(api, container, store, admin, { inStock: 1, backordered: 2 })

        const shown = await preview(placed.backorderId, `shipping_amount=12.5&shipping_option_id=${express}`)
        const itemSubtotal = 2 * TSHIRT_PRICE
        // the items keep the region's rate; only the shipping follows the override
        expect(shown.items_tax_total).toBe((itemSubtotal * TAX_RATE) / 100)
        expect(shown.shipping_tax_total).toBe((12.5 * EXPRESS_TAX_RATE) / 100)
        expect(shown.shipping_option_id).toBe(express)
        expect(shown.total).toBe(itemSubtotal + (itemSubtotal * TAX_RATE) / 100 + 12.5 + (12.5 * EXPRESS_TAX_RATE) / 100)

        // the default option of the same back order still gets the region's rate
        const byDefault = await preview(placed.backorderId, "shipping_amount=12.5")
        expect(byDefault.shipping_tax_total).toBe((12.5 * TAX_RATE) / 100)

        const charged = await charge(placed.backorderId, { shipping_amount: 12.5, shipping_option_id: express })
        expect(charged.order.total).toBe(shown.total)
        expect(charged.order.shipping_methods).toEqual([
          expect.objectContaining({ shipping_option_id: express, amount: 12.5, tax_total: shown.shipping_tax_total }),
        ])
      })

      it("with free shipping", async () => {
        const placed = await placePendingBackorder(api, container, store, admin)
        const shown = await preview(placed.backorderId, "shipping_amount=0")
        expect(shown.shipping_tax_total).toBe(0)
        const charged = await charge(placed.backorderId, { shipping_amount: 0 })
        expect(charged.order.total).toBe(shown.total)
      })
    })

    it("changes nothing", async () => {
      const placed = await placePendingBackorder(api, container, store, admin)
      const reservedBefore = await reservedTshirts(container, store)
      const before = await getBackorder(placed.backorderId)

      await preview(placed.backorderId, "shipping_amount=7.5")
      await preview(placed.backorderId, "shipping_amount=9")

      const after = await getBackorder(placed.backorderId)
      expect(after).toEqual(before)
      expect(after.status).toBe("pending")
      expect(after.order.status).toBe("draft")
      expect(after.order.shipping_methods).toEqual([])
      expect(await reservedTshirts(container, store)).toBe(reservedBefore)
      // no draft-order edit was begun (a pending order change would block the next edit)
      const { data: changes } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
        entity: "order_change",
        fields: ["id", "status"],
        filters: { order_id: placed.draftOrderId },
      })
      expect(changes.filter((change: any) => ["pending", "requested"].includes(change.status))).toEqual([])

      // and the charge afterwards is the normal one: one shipping method
      const charged = await charge(placed.backorderId, { shipping_amount: 7.5 })
      expect(charged.order.shipping_methods).toHaveLength(1)
    })

    describe("errors", () => {
      const pending = shareFixture(suite, () => placePendingBackorder(api, container, store, admin))

      it("answers 401 without an admin", async () => {
        const placed = pending.current
        const response = await failure(api.get(`/admin/backorders/${placed.backorderId}/charge-preview?shipping_amount=5`))
        expect(response.status).toBe(401)
      })

      it.each([
        ["a missing amount", ""],
        ["a negative amount", "shipping_amount=-1"],
        ["a non-numeric amount", "shipping_amount=abc"],
        ["an empty amount", "shipping_amount="],
        ["an unknown parameter", "shipping_amount=5&payment=record"],
      ])("answers 400 for %s", async (_, query) => {
        const placed = pending.current
        const response = await failure(api.get(`/admin/backorders/${placed.backorderId}/charge-preview?${query}`, admin))
        expect(response.status).toBe(400)
        expect(response.data).toEqual({ type: "invalid_data", message: expect.any(String) })
      })

      it("answers 400 for an unknown shipping option, like the charge", async () => {
        const placed = pending.current
        const response = await failure(
          api.get(`/admin/backorders/${placed.backorderId}/charge-preview?shipping_amount=5&shipping_option_id=so_unknown`, admin)
        )
        expect(response.status).toBe(400)
        expect(response.data).toEqual({ type: "invalid_data", message: "Shipping option so_unknown was not found." })
      })

      it("answers 400 for a shipping option outside the order's region, like the charge", async () => {
        const abroad = await addShippingOptionInNewZone(container, store, { name: "US ground", country_code: "us", currency_code: "usd", amount: 5 })
        const placed = await placePendingBackorder(api, container, store, admin)
        const url = `/admin/backorders/${placed.backorderId}/charge-preview?shipping_amount=5&shipping_option_id=${abroad}`
        const response = await failure(api.get(url, admin))
        expect(response.status).toBe(400)
        const message = `Shipping option ${abroad} does not ship to the region of back order ${placed.backorderId}.`
        expect(response.data).toEqual({ type: "invalid_data", message })

        const charged = await failure(
          api.post(
            `/admin/backorders/${placed.backorderId}/charge`,
            { shipping_amount: 5, shipping_option_id: abroad, payment: "record" },
            admin
          )
        )
        expect(charged.data.message).toBe(message)
      })

      it("answers 404 for an unknown back order", async () => {
        const response = await failure(api.get("/admin/backorders/bo_unknown/charge-preview?shipping_amount=5", admin))
        expect(response.status).toBe(404)
        expect(response.data).toEqual({ type: "not_found", message: "Back order with id: bo_unknown was not found" })
      })

      it("answers 409 once the back order is no longer pending, in the charge's shape", async () => {
        const placed = await placePendingBackorder(api, container, store, admin)
        await charge(placed.backorderId, { shipping_amount: 5 })
        const response = await failure(
          api.get(`/admin/backorders/${placed.backorderId}/charge-preview?shipping_amount=5`, admin)
        )
        expect(response.status).toBe(409)
        expect(response.data).toEqual({
          type: "conflict",
          code: "invalid_state_error",
          message: `Back order ${placed.backorderId} is charged; only a pending or ready back order can be charged, or one whose card was refused.`,
        })
      })
    })
  },
})
