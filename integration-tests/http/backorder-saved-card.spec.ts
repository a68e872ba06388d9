import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { fetchShippingOptionForDraftOrderWorkflow } from "@medusajs/medusa/core-flows"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { TestCardScenario } from "../fixtures/test-payment/service"
import { BACKORDER_MODULE } from "../../src/modules/backorder"
import type BackorderModuleService from "../../src/modules/backorder/service"
import type { AdminHeaders } from "../utils/admin"
import { eventually, placePendingBackorder, type PlacedBackorder } from "../utils/backorders"
import { numeric } from "../utils/checkout"
import { seedOncePerSpec, type SeededStore } from "../utils/seed"

jest.setTimeout(180 * 1000)

const TEST_CARD = "pp_test-card_test"

type Notice = { to: string; channel: string; template: string; data: any; trigger_type: string; idempotency_key: string }

medusaIntegrationTestRunner({
  testSuite: (suite) => {
    const { api, getContainer } = suite
    let store: SeededStore
    let admin: AdminHeaders
    let container: MedusaContainer

    let sabotage: { draftOrderId: string; backorderId: string } | null = null

    beforeAll(async () => {
      container = getContainer()
      // Failure injection without mocking (as in admin-backorders.spec): while the charge prices
      // the shipping of the sabotaged draft, its back order record is removed, so the charge's
      // own status update fails for real later, after the card's authorisation and the conversion.
      fetchShippingOptionForDraftOrderWorkflow.hooks.setPricingContext(async (input: any, { container }: any) => {
        if (sabotage && input.order_id === sabotage.draftOrderId) {
          const { backorderId } = sabotage
          sabotage = null
          await container.resolve(BACKORDER_MODULE).softDeleteBackorders([backorderId])
        }
        return undefined
      })
      ;({ store, admin } = await seedOncePerSpec(suite, {
        backordersEnabled: true,
        prepare: ({ store, admin }) =>
          api.post(`/admin/regions/${store.regionId}`, { payment_providers: ["pp_system_default", TEST_CARD] }, admin),
      }))
    })

    /** A registered, logged-in customer: the store's headers with their bearer token. */
    async function loggedIn(email: string): Promise<SeededStore> {
      const shopper = { email, password: "secret123" }
      const { data: registered } = await api.post("/auth/customer/emailpass/register", shopper)
      await api.post(
        "/store/customers",
        { email },
        { headers: { ...store.headers.headers, authorization: `Bearer ${registered.token}` } }
      )
      const { data: login } = await api.post("/auth/customer/emailpass", shopper)
      return { ...store, headers: { headers: { ...store.headers.headers, authorization: `Bearer ${login.token}` } } }
    }

    /**
     * 2 T-shirts from stock and 3 back ordered, paid at checkout with the test card; `saved_card`:
     * what the card kept does when charged later off-session.
     */
    async function placeWithCard(savedCard: TestCardScenario, { guest = false, email = "ada@example.com" } = {}) {
      const shop = guest ? store : await loggedIn(email)
      return placePendingBackorder(api, container, shop, admin, {
        email,
        paymentProviderId: TEST_CARD,
        paymentData: { saved_card: savedCard },
      })
    }

    const charge = (id: string, body: Record<string, unknown>) =>
      api.post(`/admin/backorders/${id}/charge`, body, admin).catch((error) => error.response)
    const chargeSavedCard = (id: string) => charge(id, { shipping_amount: 5, payment: "saved_card" })

    const record = (id: string) => container.resolve<BackorderModuleService>(BACKORDER_MODULE).retrieveBackorder(id)

    /** The back order's order (draft or converted) with its payment collections, payments and captures. */
    async function books(placed: PlacedBackorder) {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const {
        data: [order],
      } = await query.graph({
        entity: "order",
        fields: [
          "id",
          "status",
          "is_draft_order",
          "total",
          "shipping_methods.id",
          "payment_collections.id",
          "payment_collections.status",
          "payment_collections.payment_sessions.*",
          "payment_collections.payments.*",
          "payment_collections.payments.captures.*",
        ],
        filters: { id: placed.draftOrderId },
      })
      const payments = (order.payment_collections ?? []).flatMap((pc: any) => pc.payments ?? [])
      const captures = payments.flatMap((p: any) => p.captures ?? [])
      const sessions = (order.payment_collections ?? []).flatMap((pc: any) => pc.payment_sessions ?? [])
      return { order, payments, captures, sessions }
    }

    const noticesOf = async (backorderId: string): Promise<Notice[]> =>
      (await container.resolve(Modules.NOTIFICATION).listNotifications(
        { resource_id: backorderId },
        { order: { created_at: "ASC" } }
      )) as unknown as Notice[]
    const customerNotices = async (backorderId: string, template: string) =>
      (await noticesOf(backorderId)).filter((n) => n.channel === "email" && n.template === template)

    /** The provider's webhook, through Medusa's own route. */
    const webhook = (body: { type: string; session_id: string; amount?: number }) => api.post(`/hooks/payment/test-card_test`, body)

    it("keeps a logged-in customer's card at checkout and charges it later: one payment, captured, the draft an order", async () => {
      const placed = await placeWithCard("authorize")
      const kept = await record(placed.backorderId)
      expect(kept.payment_provider_id).toBe(TEST_CARD)
      expect(kept.payment_method_id).toMatch(/^tcpm_payses_/)
      expect(kept.account_holder_id).toBeTruthy()
      // the card is the customer's, listed by Medusa's payment module for their account holder
      const holder = await container.resolve(Modules.PAYMENT).retrieveAccountHolder(kept.account_holder_id!)
      const methods = await container.resolve(Modules.PAYMENT).listPaymentMethods({
        provider_id: TEST_CARD,
        context: { account_holder: { data: holder.data } },
      })
      expect(methods.map((m) => m.id)).toEqual([kept.payment_method_id])

      const { data: shown } = await api.get(`/admin/backorders/${placed.backorderId}`, admin)
      expect(shown.backorder.saved_card).toEqual({ provider_id: TEST_CARD, payment_method_id: kept.payment_method_id })

      const response = await chargeSavedCard(placed.backorderId)
      expect(response.status).toBe(200)
      expect(response.data.backorder.status).toBe("charged")

      const after = await books(placed)
      expect(after.order.is_draft_order).toBe(false)
      expect(after.order.status).toBe("pending")
      expect(after.order.shipping_methods).toHaveLength(1)
      expect(after.payments).toHaveLength(1)
      expect(after.captures).toHaveLength(1)
      expect(numeric(after.captures[0].amount)).toBe(numeric(after.order.total))
      // the back order's own session, off-session, with the attempt's idempotency key
      expect(after.sessions).toHaveLength(1)
      expect(after.sessions[0].data).toEqual(
        expect.objectContaining({
          off_session: true,
          payment_method: kept.payment_method_id,
          idempotency_key: `${placed.backorderId}:card:1`,
        })
      )
      expect((await record(placed.backorderId)).payment_attempts).toBe(1)
      const charged = await eventually(
        () => customerNotices(placed.backorderId, "backorder-charged"),
        (notices) => notices.length >= 1
      )
      expect(charged).toHaveLength(1)
    })

    it("keeps no card for a guest: Charge saved card is a 400 and changes nothing", async () => {
      const placed = await placeWithCard("authorize", { guest: true, email: "guest@example.com" })
      const kept = await record(placed.backorderId)
      expect(kept.payment_method_id).toBeNull()
      const { data: shown } = await api.get(`/admin/backorders/${placed.backorderId}`, admin)
      expect(shown.backorder.saved_card).toBeNull()

      const response = await chargeSavedCard(placed.backorderId)
      expect(response.status).toBe(400)
      expect(response.data).toEqual({
        type: "invalid_data",
        message: `Back order ${placed.backorderId} has no saved card: charge it by payment link or record a payment.`,
      })
      const after = await books(placed)
      expect((await record(placed.backorderId)).status).toBe("pending")
      expect(after.order.is_draft_order).toBe(true)
      expect(after.order.shipping_methods ?? []).toHaveLength(0)
      expect(after.payments).toHaveLength(0)
    })

    it("a declined card: payment_failed with the reason, a payment link and its notice; retried, refused again, then paid by its link", async () => {
      const placed = await placeWithCard("decline")
      const response = await chargeSavedCard(placed.backorderId)
      expect(response.status).toBe(200)
      expect(response.data.backorder).toEqual(
        expect.objectContaining({
          status: "payment_failed",
          payment_failure_reason: "card_declined",
          payment_link: expect.stringContaining("/payment-collection/"),
        })
      )
      const failed = await books(placed)
      expect(failed.order.is_draft_order).toBe(true)
      expect(failed.order.shipping_methods).toHaveLength(1)
      expect(failed.payments).toHaveLength(0)

      const notices = await eventually(
        () => customerNotices(placed.backorderId, "backorder-payment-failed"),
        (n) => n.length >= 1
      )
      expect(notices).toHaveLength(1)
      expect(notices[0].trigger_type).toBe("backorder.payment_failed")
      expect(notices[0].data).toEqual(
        expect.objectContaining({
          payment_link: response.data.backorder.payment_link,
          payment_failure_reason: "card_declined",
        })
      )
      // the queue shows it, among the outstanding ones
      const { data: queue } = await api.get(`/admin/backorders?status=payment_failed`, admin)
      expect(queue.backorders.map((b: any) => [b.id, b.payment_failure_reason])).toEqual([[placed.backorderId, "card_declined"]])

      // the retry keeps the first charge's shipping, and is a new request to the bank
      const retry = await chargeSavedCard(placed.backorderId)
      expect(retry.status).toBe(200)
      expect(retry.data.backorder.status).toBe("payment_failed")
      const retried = await books(placed)
      expect(retried.order.shipping_methods).toHaveLength(1)
      expect(retried.sessions).toHaveLength(1)
      expect(retried.sessions[0].data.idempotency_key).toBe(`${placed.backorderId}:card:2`)
      const twice = await eventually(
        () => customerNotices(placed.backorderId, "backorder-payment-failed"),
        (n) => n.length >= 2
      )
      expect(twice).toHaveLength(2)

      // the customer pays the link (the plugin's pay route): charged, the draft an order, one capture
      const collectionId = response.data.backorder.payment_collection_id
      const paid = await api.post(`/store/payment-collections/${collectionId}/backorder-payment`, { provider_id: TEST_CARD }, store.headers)
      expect(paid.status).toBe(200)
      const settled = await eventually(() => record(placed.backorderId), (b) => b.status === "charged")
      expect(settled.status).toBe("charged")
      const after = await books(placed)
      expect(after.order.is_draft_order).toBe(false)
      expect(after.payments).toHaveLength(1)
      expect(after.captures).toHaveLength(1)
    })

    it.each([
      ["3ds" as const, "authentication_required"],
      ["expired" as const, "expired_card"],
    ])("a card whose bank answers %s: payment_failed (%s) and a payment link; then charged by a recorded payment", async (scenario, reason) => {
      const placed = await placeWithCard(scenario)
      const response = await chargeSavedCard(placed.backorderId)
      expect(response.status).toBe(200)
      expect(response.data.backorder.status).toBe("payment_failed")
      expect(response.data.backorder.payment_failure_reason).toBe(reason)
      expect(response.data.backorder.payment_link).toContain("/payment-collection/")
      const notices = await eventually(
        () => customerNotices(placed.backorderId, "backorder-payment-failed"),
        (n) => n.length >= 1
      )
      expect(notices).toHaveLength(1)
      expect((await books(placed)).payments).toHaveLength(0)

      const recorded = await charge(placed.backorderId, { shipping_amount: 5, payment: "record" })
      expect(recorded.status).toBe(200)
      expect(recorded.data.backorder.status).toBe("charged")
      const after = await books(placed)
      expect(after.order.is_draft_order).toBe(false)
      expect(after.order.shipping_methods).toHaveLength(1)
      expect(after.payments).toHaveLength(1)
      expect(after.captures).toHaveLength(1)
    })

    it("a card whose bank answers later: awaiting payment, then the provider's webhook charges it", async () => {
      const placed = await placeWithCard("pending")
      const response = await chargeSavedCard(placed.backorderId)
      expect(response.status).toBe(200)
      expect(response.data.backorder.status).toBe("awaiting_payment")
      const waiting = await books(placed)
      expect(waiting.order.is_draft_order).toBe(true)
      expect(waiting.payments).toHaveLength(0)
      expect(waiting.sessions).toHaveLength(1)
      expect(waiting.sessions[0].status).toBe("pending_authorization")

      const sessionId = waiting.sessions[0].id
      expect((await webhook({ type: "captured", session_id: sessionId, amount: numeric(waiting.order.total) })).status).toBe(200)
      const settled = await eventually(() => record(placed.backorderId), (b) => b.status === "charged", 30000)
      expect(settled.status).toBe("charged")
      const after = await books(placed)
      expect(after.order.is_draft_order).toBe(false)
      expect(after.payments).toHaveLength(1)
      expect(after.captures).toHaveLength(1)
      const charged = await eventually(
        () => customerNotices(placed.backorderId, "backorder-charged"),
        (n) => n.length >= 1
      )
      expect(charged).toHaveLength(1)
    })

    it("a failure after the card's authorisation and the conversion rolls the charge back: draft again, the authorisation canceled, nothing captured, pending", async () => {
      const placed = await placeWithCard("authorize")
      sabotage = { draftOrderId: placed.draftOrderId, backorderId: placed.backorderId }
      let response: any
      try {
        response = await chargeSavedCard(placed.backorderId)
      } finally {
        sabotage = null
        await container.resolve<BackorderModuleService>(BACKORDER_MODULE).restoreBackorders([placed.backorderId])
      }
      expect(response.status).toBeGreaterThanOrEqual(400)
      const after = await books(placed)
      expect(after.order.is_draft_order).toBe(true)
      expect(after.order.status).toBe("draft")
      expect(after.order.shipping_methods ?? []).toHaveLength(0)
      expect(after.captures).toHaveLength(0)
      expect(after.payments.filter((p: any) => !p.canceled_at)).toHaveLength(0)
      expect((await record(placed.backorderId)).status).toBe("pending")

      // charged again: a new attempt, a new key, charged once
      const again = await chargeSavedCard(placed.backorderId)
      expect(again.status).toBe(200)
      expect(again.data.backorder.status).toBe("charged")
      const charged = await books(placed)
      expect(charged.captures).toHaveLength(1)
      expect(charged.payments.filter((p: any) => !p.canceled_at)).toHaveLength(1)
      expect(charged.sessions.map((s: any) => s.data.idempotency_key)).toEqual([`${placed.backorderId}:card:2`])
    })

    it("two admins charging the saved card at once charge it once", async () => {
      const placed = await placeWithCard("authorize")
      const answers = await Promise.all([chargeSavedCard(placed.backorderId), chargeSavedCard(placed.backorderId)])
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
      expect((await record(placed.backorderId)).status).toBe("charged")
      const after = await books(placed)
      expect(after.order.is_draft_order).toBe(false)
      expect(after.order.shipping_methods).toHaveLength(1)
      expect(after.payments).toHaveLength(1)
      expect(after.captures).toHaveLength(1)
      expect((await record(placed.backorderId)).payment_attempts).toBe(1)
      const charged = await eventually(
        () => customerNotices(placed.backorderId, "backorder-charged"),
        (n) => n.length >= 1
      )
      // let a second announcement, if any, arrive before counting
      await new Promise((resolve) => setTimeout(resolve, 1000))
      expect(await customerNotices(placed.backorderId, "backorder-charged")).toHaveLength(1)
      expect(charged).toHaveLength(1)
    })
  },
})
