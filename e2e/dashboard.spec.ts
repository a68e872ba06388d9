// The admin's side in the dashboard: the setting, the back-order queue, a back order's page,
// charging (payment recorded, payment link, a concurrent charge), cancelling, the order widgets.
// Each test places the back orders it works on, so each passes or fails on its own.
import {
  availableUnits,
  backorderById,
  backordersOfOrder,
  makeAvailable,
  placeOrder,
  setBackordersEnabled,
  TSHIRT_HANDLE,
  TSHIRT_SKU,
} from "./lib/api"
import {
  ADMIN,
  dashboardUrl,
  expect,
  expectChargedTotals,
  expectTotalsMatch,
  formatInPage,
  screenshot,
  screenshotOf,
  test,
} from "./fixtures"

const SHIPPING_AMOUNT = 7.5
const LINK_SHIPPING_AMOUNT = 4.9

const sum = (values: number[]) => values.reduce((total, value) => total + Number(value), 0)

test("logs in to the dashboard", async ({ loggedOutDashboard: page, store }) => {
  await page.goto(dashboardUrl(store, "/login"))
  await page.locator('input[name="email"]').fill(ADMIN.email)
  await page.locator('input[name="password"]').fill(ADMIN.password)
  await screenshot(page, "login")
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((url) => !url.pathname.includes("/login"))
  await expect(page.getByRole("link", { name: "Backorders" }).first()).toBeVisible()
})

test("turns the store setting on in the store settings widget", async ({ dashboard: page, admin, store }) => {
  // off first, as on a fresh store, whichever tests ran before
  await setBackordersEnabled(admin, false)
  await page.goto(dashboardUrl(store, "/settings/store"))
  const widget = page.getByTestId("backorder-settings-widget")
  const toggle = widget.getByTestId("backorder-enabled")
  const countText = await widget.getByTestId("backorderable-variant-count").innerText()
  const { count } = await admin.get<{ count: number }>("/admin/product-variants?allow_backorder=true&manage_inventory=true&limit=1")
  expect(count, "the API counts no back-orderable variant").toBeGreaterThan(0)
  expect(countText, `the widget's count, the API counts ${count}`).toContain(`${count} variant`)
  await expect(toggle).toHaveAttribute("aria-checked", "false")
  await toggle.click()
  await expect(toggle).toHaveAttribute("aria-checked", "true")
  // persisted, not only flipped on screen
  await expect
    .poll(async () => (await admin.get<{ settings: { enabled: boolean } }>("/admin/backorder-settings")).settings.enabled, {
      message: "the setting did not persist",
      timeout: 10_000,
    })
    .toBe(true)
  await page.reload()
  await expect(toggle).toHaveAttribute("aria-checked", "true")
  await screenshotOf(widget, "store-setting-on")
})

test.describe("with the setting on", () => {
  test.beforeEach(async ({ admin }) => {
    await setBackordersEnabled(admin, true)
  })

  test("places a back order through the store API (10 t-shirts ordered, 5 in stock)", async ({ admin, shop, store, variants }) => {
    await makeAvailable(admin, TSHIRT_SKU, 5)
    const available = await availableUnits(shop, TSHIRT_HANDLE)
    expect(available, "the store sells another stock than the merchant set").toBe(5)
    const order = await placeOrder(shop, {
      regionId: store.regionId,
      email: "ada@example.com",
      items: [{ variant_id: variants.tshirt, quantity: 10, metadata: { backorder: "accept" } }],
    })
    const backorders = await backordersOfOrder(admin, order.id)
    expect(backorders, `one back order for order ${order.id}`).toHaveLength(1)
    expect(backorders[0].status).toBe("pending")
    const backordered = sum(backorders[0].order.items.map((item) => item.quantity))
    const placed = sum(order.items.map((item) => item.quantity))
    expect({ placed, backordered }, `${available} were available`).toEqual({ placed: available, backordered: 10 - available })
  })

  test("opens Backorders from the sidebar and finds the pending back order", async ({ dashboard: page, store, placeBackorder }) => {
    const backorder = await placeBackorder({ email: "ada.queue@example.com", backordered: 5 })
    await page.goto(dashboardUrl(store, "/orders"))
    await page.getByRole("link", { name: "Backorders" }).first().click()
    await page.waitForURL((url) => url.pathname.endsWith("/backorders"))
    const row = page.locator(`[data-backorder-id="${backorder.id}"]`)
    await expect(row.getByTestId("backorder-status"), "the row should say Pending").toHaveText("Pending")
    await screenshot(page, "backorders-queue")
    await row.click()
    await page.waitForURL((url) => url.pathname.endsWith(`/backorders/${backorder.id}`))
    await page.getByTestId("backorder-charge-form").waitFor()
    await expectTotalsMatch(page, page.getByTestId("backorder-detail"), backorder)
    await screenshot(page, "backorder-detail")
  })

  test(`charges a back order with ${SHIPPING_AMOUNT} shipping, payment recorded; totals match the API`, async ({
    dashboard: page,
    admin,
    store,
    placeBackorder,
  }) => {
    const pending = await placeBackorder({ email: "ada.charge@example.com", backordered: 5 })
    await page.goto(dashboardUrl(store, `/backorders/${pending.id}`))
    const form = page.getByTestId("backorder-charge-form")
    await form.getByTestId("backorder-shipping-amount").fill(String(SHIPPING_AMOUNT))
    await form.getByTestId("backorder-payment-record").click()
    await form.getByTestId("backorder-charge").click()
    const dialog = page.getByRole("alertdialog")
    await dialog.waitFor()
    const promptText = await dialog.innerText()
    await screenshot(page, "charge-confirmation")
    await dialog.getByRole("button", { name: /^Charge / }).click()
    await page.getByTestId("backorder-result").waitFor()
    await expect(page.getByTestId("backorder-status").first()).toHaveText("Charged")
    await page.locator("[data-sonner-toast]").first().waitFor({ state: "detached", timeout: 15_000 }).catch(() => {})

    const backorder = await backorderById(admin, pending.id)
    expect(backorder.status, "the API's status").toBe("charged")
    expectChargedTotals(backorder, SHIPPING_AMOUNT)
    await expectTotalsMatch(page, page.getByTestId("backorder-detail"), backorder)
    const charged = await formatInPage(page, backorder.order.total, backorder.order.currency_code)
    expect(promptText, "the confirmation should announce the total the order ended with").toContain(charged)
    await screenshot(page, "charged")
  })

  test("places a back order beside an in-stock line (1 mug in stock, 3 t-shirts back ordered) that names its source order", async ({
    admin,
    shop,
    store,
    variants,
  }) => {
    await makeAvailable(admin, TSHIRT_SKU, 0)
    const order = await placeOrder(shop, {
      regionId: store.regionId,
      email: "grace@example.com",
      items: [
        { variant_id: variants.mug, quantity: 1 },
        { variant_id: variants.tshirt, quantity: 3, metadata: { backorder: "accept" } },
      ],
    })
    const backorders = await backordersOfOrder(admin, order.id)
    expect(backorders, `one back order for order ${order.id}`).toHaveLength(1)
    expect(backorders[0].source_order?.id, "the back order should name its source order").toBe(order.id)
    expect(sum(backorders[0].order.items.map((item) => item.quantity)), "3 t-shirts back ordered").toBe(3)
  })

  test("the source order page shows the back order and links to its draft order", async ({ dashboard: page, store, placeBackorder }) => {
    const backorder = await placeBackorder({ email: "grace.widget@example.com", backordered: 3 })
    await page.goto(dashboardUrl(store, `/orders/${backorder.source_order?.id}`))
    const widget = page.getByTestId("backorder-order-widget")
    await expect(widget.getByTestId("backorder-status"), "the widget should say Pending").toHaveText("Pending")
    await screenshotOf(widget, "source-order-widget")
    await widget.getByRole("link", { name: /Draft order #/ }).click()
    await page.waitForURL((url) => url.pathname.endsWith(`/draft-orders/${backorder.order.id}`))
    await page.getByTestId("backorder-order-widget").getByTestId("backorder-charge-form").waitFor()
  })

  test(`charges from the draft order page with a payment link (${LINK_SHIPPING_AMOUNT} shipping), the draft awaiting payment`, async ({
    dashboard: page,
    admin,
    store,
    placeBackorder,
  }) => {
    const pending = await placeBackorder({ email: "grace.link@example.com", backordered: 3 })
    await page.goto(dashboardUrl(store, `/draft-orders/${pending.order.id}`))
    const widget = page.getByTestId("backorder-order-widget")
    await widget.getByTestId("backorder-charge-form").waitFor()
    // the draft-order page swaps in a skeleton while its order changes load, remounting widgets
    await page.waitForTimeout(1500)
    await widget.getByTestId("backorder-shipping-amount").fill(String(LINK_SHIPPING_AMOUNT))
    await widget.getByTestId("backorder-payment-link").click()
    await expect(widget.getByTestId("backorder-shipping-amount"), "the shipping amount was lost before charging").toHaveValue(
      String(LINK_SHIPPING_AMOUNT)
    )
    await screenshotOf(widget, "draft-order-widget")
    await widget.getByTestId("backorder-charge").click()
    const dialog = page.getByRole("alertdialog")
    await dialog.waitFor()
    const promptText = await dialog.innerText()
    await screenshot(page, "payment-link-confirmation")
    await dialog.getByRole("button", { name: "Create payment link" }).click()
    // a payment link leaves the draft a draft until it is paid (no order.placed before the
    // money): the widget stays on the draft order's page and shows the link in its result (the
    // payment choice's radio shares the test id, so the result panel scopes it)
    const link = widget.getByTestId("backorder-result").getByTestId("backorder-payment-link")
    await link.waitFor()

    const backorder = await backorderById(admin, pending.id)
    expect(backorder.status, "the API's status").toBe("awaiting_payment")
    expectChargedTotals(backorder, LINK_SHIPPING_AMOUNT, { awaitingPayment: true })
    await expect(link, "the link shown should be the API's").toHaveText(backorder.payment_link ?? "(none)")
    // <storefront_url>/payment-collection/<id>?order_id=<id>; the demo's storefront_url is its shop
    expect(backorder.payment_link, "payment link in the dashboard's form").toMatch(
      new RegExp(`^${store.baseUrl}/shop/payment-collection/pay_col_\\w+\\?order_id=order_\\w+$`)
    )
    await expect(widget.getByTestId("backorder-status"), "the widget should say Awaiting payment").toHaveText("Awaiting payment")
    await expectTotalsMatch(page, widget, backorder)
    const total = await formatInPage(page, backorder.order.total, backorder.order.currency_code)
    expect(promptText, "the confirmation should announce the order total").toContain(total)
    // let the success toast go, it covers the widget's foot
    await page.locator("[data-sonner-toast]").first().waitFor({ state: "detached", timeout: 15_000 }).catch(() => {})
    await screenshotOf(widget, "payment-link")
  })

  test("cancels a pending back order from its page", async ({ dashboard: page, admin, store, placeBackorder }) => {
    const pending = await placeBackorder({ email: "alan@example.com", backordered: 2 })
    await page.goto(dashboardUrl(store, `/backorders/${pending.id}`))
    await page.getByTestId("backorder-charge-form").waitFor()
    await page.getByTestId("backorder-cancel").click()
    const dialog = page.getByRole("alertdialog")
    await dialog.waitFor()
    await dialog.getByRole("button", { name: "Cancel back order" }).click()
    await expect(page.getByTestId("backorder-status").first()).toHaveText("Canceled")
    expect((await backorderById(admin, pending.id)).status, "the API's status").toBe("canceled")
  })

  test("shows the API's error when the back order was charged elsewhere meanwhile (409)", async ({
    dashboard: page,
    admin,
    store,
    placeBackorder,
  }) => {
    const pending = await placeBackorder({ email: "barbara@example.com", backordered: 1 })
    await page.goto(dashboardUrl(store, `/backorders/${pending.id}`))
    const form = page.getByTestId("backorder-charge-form")
    await form.getByTestId("backorder-shipping-amount").fill("5")
    await form.getByTestId("backorder-charge").click()
    const dialog = page.getByRole("alertdialog")
    await dialog.waitFor()
    // another admin charges it while this admin reads the confirmation (after the preview)
    await admin.post(`/admin/backorders/${pending.id}/charge`, { shipping_amount: 3, payment: "record" })
    await dialog.getByRole("button", { name: /^Charge / }).click()
    const toast = page.locator("[data-sonner-toast]", { hasText: "Could not charge the back order" })
    await toast.waitFor()
    const message = (await toast.innerText()).replace("Could not charge the back order", "").trim()
    expect(message.length, "the toast should carry the API's message").toBeGreaterThan(0)
    await screenshot(page, "charge-conflict")
    // the page refreshes to what really happened: charged once, with the other admin's shipping
    await expect(page.getByTestId("backorder-status").first()).toHaveText("Charged")
    expectChargedTotals(await backorderById(admin, pending.id), 3)
  })

  test("the queue filters by status", async ({ dashboard: page, admin, store, placeBackorder }) => {
    const charged = await placeBackorder({ email: "ada.filter@example.com", backordered: 1 })
    await admin.post(`/admin/backorders/${charged.id}/charge`, { shipping_amount: 3, payment: "record" })
    const awaiting = await placeBackorder({ email: "grace.filter@example.com", backordered: 1 })
    await admin.post(`/admin/backorders/${awaiting.id}/charge`, { shipping_amount: 3, payment: "link" })

    await page.goto(dashboardUrl(store, "/backorders"))
    await page.getByTestId("backorder-status-filter").click()
    await page.getByRole("option", { name: "Awaiting payment" }).click()
    await page.locator(`[data-backorder-id="${awaiting.id}"]`).waitFor()
    await expect(page.locator(`[data-backorder-id="${charged.id}"]`), "a charged back order is listed under Awaiting payment").toHaveCount(0)
    await page.getByTestId("backorder-status-filter").click()
    await page.getByRole("option", { name: "All statuses" }).click()
    await page.locator(`[data-backorder-id="${charged.id}"]`).waitFor()
    await screenshot(page, "backorders-all")
  })
})
