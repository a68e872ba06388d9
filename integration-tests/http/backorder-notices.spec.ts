// the plugin's readiness on (the other specs keep their back orders pending: see medusa-config.ts)
process.env.BACKORDER_TEST_READINESS = "1"

import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { backorderGuestToken } from "../../src/utils/backorder-guest-token"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { notifyBackorderWorkflow } from "../../src/workflows/notify-backorder"
import { sendBackorderNoticesStep } from "../../src/workflows/steps/send-backorder-notices"
import { type AdminHeaders } from "../utils/admin"
import { eventually } from "../utils/backorders"
import { createCart } from "../utils/cart"
import { setStock as setStockOf } from "../utils/checkout"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(180 * 1000)

/** The plugin's sending step alone, for a channel the store has no provider for. */
const sendNoticesOnly = createWorkflow("test-send-backorder-notices", (input: { to: string; key: string }) => {
  const notifications = transform({ input }, ({ input }) => [
    { to: input.to, channel: "sms", template: "backorder-placed", data: {}, idempotency_key: input.key },
  ])
  return new WorkflowResponse(sendBackorderNoticesStep(notifications))
})

type Notice = { to: string; channel: string; template: string; data: any; resource_id: string; idempotency_key: string }

medusaIntegrationTestRunner({
  testSuite: (suite) => {
    const { api, getContainer } = suite
    let admin: AdminHeaders
    let store: SeededStore
    let container: MedusaContainer

    beforeAll(async () => {
      container = getContainer()
      ;({ store, admin } = await seedOncePerSpec(suite, { backordersEnabled: true }))
    })

    const setStock = (stocked: number) => setStockOf(api, admin, store, store.backorderInventoryItemId, stocked)

    async function placeBackordered(quantity: number, email: string) {
      const cart = await createCart(api, store, { email })
      await api.post(
        `/store/carts/${cart.id}/line-items`,
        { variant_id: store.backorderVariantId, quantity, metadata: { backorder: "accept" } },
        store.headers
      )
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionId }, store.headers)
      const { data } = await api.post(`/store/carts/${cart.id}/complete`, {}, store.headers)
      return { id: data.backorder.id as string, draftOrderId: data.backorder.draft_order.id as string }
    }

    /** The Notification Module's records of one back order, oldest first. */
    const noticesOf = async (backorderId: string): Promise<Notice[]> =>
      (await container.resolve(Modules.NOTIFICATION).listNotifications(
        { resource_id: backorderId },
        { order: { created_at: "ASC" } }
      )) as unknown as Notice[]
    const templatesOf = (notices: Notice[]) => notices.map((n) => `${n.channel}:${n.template}`).sort()
    const noticesSettle = (backorderId: string, count: number) =>
      eventually(() => noticesOf(backorderId), (notices) => notices.length >= count)

    it("tells the customer and the admin: placed, ready, payment link, charged, canceled, each once", async () => {
      await setStock(0)
      const a = await placeBackordered(2, "a@example.com")

      let notices = await noticesSettle(a.id, 2)
      expect(templatesOf(notices)).toEqual(["email:backorder-placed", "feed:admin-ui"])
      const placed = notices.find((n) => n.channel === "email")!
      expect(placed.to).toBe("a@example.com")
      expect(placed.idempotency_key).toBe(`backorder:${a.id}:placed:customer`)
      expect(placed.data).toEqual(
        expect.objectContaining({
          backorder_id: a.id,
          items: [expect.objectContaining({ title: "Medusa T-Shirt", quantity: 2, unit_price: 20 })],
          currency_code: "eur",
          shipping_note: expect.stringContaining("Shipping is added"),
          backorder_url: `https://storefront.test/backorders/${a.id}?token=${encodeURIComponent(
            backorderGuestToken(a.id, "supersecret")
          )}`,
        })
      )
      const feed = notices.find((n) => n.channel === "feed")!
      expect(feed.data).toEqual(expect.objectContaining({ title: expect.stringContaining("New back order"), description: expect.any(String) }))
      // Medusa's dashboard reads the feed through its own route
      const { data: adminFeed } = await api.get(`/admin/notifications?channel=feed&fields=+resource_id,+data`, admin)
      expect(adminFeed.notifications.filter((n: any) => n.resource_id === a.id)).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ title: feed.data.title }) }),
      ])

      await setStock(2)
      notices = await noticesSettle(a.id, 4)
      expect(templatesOf(notices)).toEqual(["email:backorder-placed", "email:backorder-ready", "feed:admin-ui", "feed:admin-ui"])
      // ready, pending, ready again: still one ready notice each
      await setStock(0)
      await eventually(async () => (await api.get(`/admin/backorders/${a.id}`, admin)).data.backorder.status, (s) => s === "pending")
      await setStock(2)
      await eventually(async () => (await api.get(`/admin/backorders/${a.id}`, admin)).data.backorder.status, (s) => s === "ready")

      const { data: charged } = await api.post(`/admin/backorders/${a.id}/charge`, { shipping_amount: 5, payment: "link" }, admin)
      notices = await noticesSettle(a.id, 5)
      const link = notices.find((n) => n.template === "backorder-payment-link")!
      expect(link.data.payment_link).toBe(charged.backorder.payment_link)
      expect(link.data.total).toBeGreaterThan(0)

      const b = await placeBackordered(1, "b@example.com")
      await api.post(`/admin/backorders/${b.id}/charge`, { shipping_amount: 5, payment: "record" }, admin)
      const c = await placeBackordered(1, "c@example.com")
      await api.post(`/admin/backorders/${c.id}/cancel`, {}, admin)
      const bNotices = await noticesSettle(b.id, 3)
      const cNotices = await noticesSettle(c.id, 3)
      expect(templatesOf(bNotices)).toEqual(["email:backorder-charged", "email:backorder-placed", "feed:admin-ui"])
      expect(bNotices.find((n) => n.template === "backorder-charged")!.data).toEqual(
        expect.objectContaining({ shipping_total: expect.any(Number), total: expect.any(Number) })
      )
      expect(bNotices.find((n) => n.template === "backorder-charged")!.data.shipping_total).toBeGreaterThan(0)
      expect(templatesOf(cNotices)).toEqual(["email:backorder-canceled", "email:backorder-placed", "feed:admin-ui"])
      expect(cNotices.find((n) => n.template === "backorder-canceled")!.data.canceled_by).toBe("admin")

      // nothing more came meanwhile
      await new Promise((resolve) => setTimeout(resolve, 1000))
      expect(await noticesOf(a.id)).toHaveLength(5)
      expect(await noticesOf(b.id)).toHaveLength(3)
      expect(await noticesOf(c.id)).toHaveLength(3)
    })

    it("the same event delivered twice, and twice at once: one notice per kind and audience", async () => {
      await setStock(0)
      const a = await placeBackordered(2, "a@example.com")
      await noticesSettle(a.id, 2)

      const eventBus = container.resolve(Modules.EVENT_BUS)
      await eventBus.emit({ name: "backorder.placed", data: { id: a.id, draft_order_id: a.draftOrderId } })
      await eventBus.emit([
        { name: "backorder.ready", data: { id: a.id, order_id: a.draftOrderId } },
        { name: "backorder.ready", data: { id: a.id, order_id: a.draftOrderId } },
      ])
      const runs = await Promise.all(
        Array.from({ length: 4 }, () => notifyBackorderWorkflow(container).run({ input: { backorder_id: a.id, kind: "canceled", canceled_by: "customer" } }))
      )
      // the runs sent the canceled pair between them, each notice once; none failed on the others' duplicate
      expect(runs.reduce((sum, run) => sum + run.result.length, 0)).toBe(2)

      const notices = await noticesSettle(a.id, 6)
      await new Promise((resolve) => setTimeout(resolve, 1000))
      expect(templatesOf(await noticesOf(a.id))).toEqual([
        "email:backorder-canceled",
        "email:backorder-placed",
        "email:backorder-ready",
        "feed:admin-ui",
        "feed:admin-ui",
        "feed:admin-ui",
      ])
      expect(notices.every((n) => n.resource_id === a.id)).toBe(true)
    })

    it("a variant's ship date moving tells each outstanding back order's customer once per new date; the placed notice names the date", async () => {
      await setStock(0)
      const { data: products } = await api.get(`/admin/products?fields=id,variants.id`, admin)
      const product = products.products.find((p: any) => p.variants.some((v: any) => v.id === store.backorderVariantId))
      const settings = `/admin/products/${product.id}/variants/${store.backorderVariantId}/backorder-settings`
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
      expect((await api.post(settings, { ships_on: day(20) }, admin)).status).toBe(200)

      const a = await placeBackordered(1, "dates-a@example.com")
      const b = await placeBackordered(2, "dates-b@example.com")
      const placed = (await noticesSettle(a.id, 2)).find((n) => n.template === "backorder-placed")!
      expect(placed.data.items).toEqual([expect.objectContaining({ ships_on: day(20) })])
      await noticesSettle(b.id, 2)
      // b no longer waits: charged back orders hear nothing of dates
      await api.post(`/admin/backorders/${b.id}/charge`, { shipping_amount: 5, payment: "record" }, admin)

      const movedTo = async (date: string) => {
        expect((await api.post(settings, { ships_on: date }, admin)).status).toBe(200)
      }
      const datesOf = async (id: string) =>
        (await noticesOf(id)).filter((n) => n.template === "backorder-ships-on-changed").map((n) => n.data.ships_on)

      await movedTo(day(30))
      await eventually(() => datesOf(a.id), (dates) => dates.length >= 1)
      // the same date again, and a message change: no notice
      await movedTo(day(30))
      expect((await api.post(settings, { message: "Ships in a month" }, admin)).status).toBe(200)
      await movedTo(day(40))
      await eventually(() => datesOf(a.id), (dates) => dates.length >= 2)
      await new Promise((resolve) => setTimeout(resolve, 1000))
      expect(await datesOf(a.id)).toEqual([day(30), day(40)])
      expect(await datesOf(b.id)).toEqual([])
      const notice = (await noticesOf(a.id)).find((n) => n.template === "backorder-ships-on-changed")!
      expect(notice).toEqual(
        expect.objectContaining({ to: "dates-a@example.com", channel: "email", resource_id: a.id })
      )
      expect(notice.data).toEqual(expect.objectContaining({ backorder_id: a.id, variant_id: store.backorderVariantId }))
      // the date back to none for the next tests
      await api.post(settings, { ships_on: null, message: null }, admin)
    })

    it("a channel without a provider (a store without e-mail yet): the notice is recorded as failed, the run does not fail", async () => {
      const { result } = await sendNoticesOnly(container).run({ input: { to: "+4930123", key: "test:sms:1" } })
      expect(result).toEqual([])
      const recorded = await container.resolve(Modules.NOTIFICATION).listNotifications({ idempotency_key: "test:sms:1" })
      expect(recorded).toEqual([expect.objectContaining({ channel: "sms", status: "failure" })])
    })
  },
})
