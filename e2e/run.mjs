// `npm run test:e2e`: the admin flow and the shopper's journeys (the demo shop, e2e/shop.mjs) in
// a real browser (Debian's Chromium driven by playwright-core) against the demo store running
// the built plugin, the built dashboard and the built shop.
// Screenshots go to e2e/screenshots/ (git-ignored); the result to .test-results/e2e.json in
// jest's shape so CI can sum it. Exits non-zero when a step fails.
//
// Environment: E2E_SKIP_BUILD=1 reuses the plugin's existing build, E2E_KEEP_DATA=1 keeps the
// store's temporary data dir, E2E_HEADED=1 shows the browser (needs a display).
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { chromium } from "playwright-core"
import { adminApi, placeOrder, storeApi, variantIdByHandle } from "./lib/api.mjs"
import { startDemoStore } from "./lib/store.mjs"
import { shopJourneys } from "./shop.mjs"

const e2eDir = path.dirname(fileURLToPath(import.meta.url))
const pluginRoot = path.resolve(e2eDir, "..")
const screenshotDir = path.join(e2eDir, "screenshots")
const resultsDir = path.join(pluginRoot, ".test-results")
const CHROMIUM = "/usr/bin/chromium"
const ADMIN = { email: "admin@example.com", password: "supersecret" }
const SHIPPING_AMOUNT = 7.5
const LINK_SHIPPING_AMOUNT = 4.9

fs.mkdirSync(screenshotDir, { recursive: true })
fs.mkdirSync(resultsDir, { recursive: true })

const results = []
let aborted = false
/** The browser page, for a screenshot of what was on screen when a step failed. */
let currentPage = null

function writeResults() {
  const numPassedTests = results.filter((r) => r.status === "passed").length
  const numFailedTests = results.length - numPassedTests
  fs.writeFileSync(
    path.join(resultsDir, "e2e.json"),
    JSON.stringify(
      { numPassedTests, numFailedTests, numTotalTests: results.length, success: numFailedTests === 0 && numPassedTests > 0, testResults: results },
      null,
      2
    )
  )
  console.log(`\nbrowser test: ${numPassedTests} passed, ${numFailedTests} failed`)
  return numFailedTests === 0 && numPassedTests > 0
}

/** Steps depend on each other, so after the first failure the rest are reported as failed, not run. */
async function step(name, fn) {
  if (aborted) {
    results.push({ name, status: "failed", duration_ms: 0, error: "not run: an earlier step failed" })
    console.log(`  ✕ ${name} (not run)`)
    return
  }
  const started = Date.now()
  try {
    await fn()
    results.push({ name, status: "passed", duration_ms: Date.now() - started })
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`)
  } catch (error) {
    aborted = true
    if (currentPage) {
      await screenshot(currentPage, "failure").catch(() => {})
    }
    results.push({ name, status: "failed", duration_ms: Date.now() - started, error: String(error?.stack ?? error) })
    console.log(`  ✕ ${name}\n${String(error?.stack ?? error).replace(/^/gm, "      ")}`)
  }
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message)
  }
}

const near = (a, b) => Math.abs(Number(a) - Number(b)) < 1e-6
const sum = (values) => values.reduce((total, value) => total + Number(value), 0)

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) {
    return
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0
  if (!isRoot) {
    throw new Error(
      `${CHROMIUM} is missing. Install Debian's Chromium first: sudo apt-get install -y --no-install-recommends chromium`
    )
  }
  console.log("installing Debian's chromium package (apt-get)")
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "chromium"]]) {
    const { status } = spawnSync("apt-get", args, { stdio: "inherit", env })
    if (status !== 0) {
      throw new Error(`apt-get ${args.join(" ")} failed (${status})`)
    }
  }
}

let shotCount = 0
async function screenshot(page, name) {
  shotCount += 1
  const file = path.join(screenshotDir, `${String(shotCount).padStart(2, "0")}-${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
}

async function screenshotOf(locator, name) {
  shotCount += 1
  await locator.scrollIntoViewIfNeeded()
  await locator.screenshot({ path: path.join(screenshotDir, `${String(shotCount).padStart(2, "0")}-${name}.png`) })
}

/** The money text the dashboard renders for an amount: the browser formats it, as the UI does. */
const formatInPage = (page, amount, currencyCode) =>
  page.evaluate(
    ([value, currency]) =>
      new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(value),
    [Number(amount), currencyCode]
  )

/** Reads the totals block and checks every figure against the back order the API returns. */
async function expectTotalsMatch(page, scope, backorder) {
  const order = backorder.order
  const expected = {
    "total-items": sum(order.items.map((item) => item.subtotal)),
    "total-shipping": sum(order.shipping_methods.map((method) => method.subtotal)),
    "total-tax": order.tax_total,
    "total-total": order.total,
  }
  for (const [testId, amount] of Object.entries(expected)) {
    const shown = (await scope.getByTestId(testId).innerText()).trim()
    const wanted = await formatInPage(page, amount, order.currency_code)
    assert(shown === wanted, `${testId}: the dashboard shows ${shown}, the API says ${wanted}`)
  }
}

/** Items + tax + shipping exactly as entered: what charging must have produced. */
function expectChargedTotals(backorder, shippingAmount) {
  const order = backorder.order
  assert(order && !order.is_draft_order, "the back order's draft was not converted into an order")
  assert(order.shipping_methods.length === 1, `expected one shipping method, got ${order.shipping_methods.length}`)
  assert(near(order.shipping_methods[0].subtotal, shippingAmount), `shipping subtotal ${order.shipping_methods[0].subtotal} ≠ ${shippingAmount}`)
  const items = sum(order.items.map((item) => item.subtotal))
  assert(near(order.total, items + shippingAmount + Number(order.tax_total)), `total ${order.total} ≠ items ${items} + shipping ${shippingAmount} + tax ${order.tax_total}`)
  assert(near(order.tax_total, (items + shippingAmount) * 0.19), `tax ${order.tax_total} ≠ 19 % of items and shipping`)
}

/** E2E_STORE=<DEMO_READY_FILE of a running demo store>: run the steps against it (while iterating). */
function reuseStore(readyFile) {
  const info = JSON.parse(fs.readFileSync(readyFile, "utf8"))
  return { baseUrl: info.base_url, publishableKey: info.publishable_key, regionId: info.region_id, stop: async () => {} }
}

/** Units of a variant the store can still sell from stock (clamped at 0, as the plugin does). */
async function availableUnits(shop, handle) {
  const { products } = await shop.get(`/store/products?handle=${handle}&fields=id,variants.id,variants.inventory_quantity`)
  return Math.max(0, Number(products[0].variants[0].inventory_quantity ?? 0))
}

async function main() {
  ensureChromium()
  const logFile = path.join(resultsDir, "e2e-store.log")
  console.log(`starting the demo store in production mode (log: ${path.relative(pluginRoot, logFile)})`)
  const started = Date.now()
  const store = process.env.E2E_STORE
    ? reuseStore(process.env.E2E_STORE)
    : await startDemoStore({ pluginRoot, logFile, skipBuild: !!process.env.E2E_SKIP_BUILD })
  console.log(`store ready at ${store.baseUrl} after ${Math.round((Date.now() - started) / 1000)} s`)

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !process.env.E2E_HEADED,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  })
  try {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: "en-US",
      // A production Medusa marks its session cookie Secure and express-session only sends such
      // a cookie over TLS, which it detects through this header (production sits behind a
      // TLS-terminating proxy). Without it the dashboard login cannot hold a session over http.
      extraHTTPHeaders: { "x-forwarded-proto": "https" },
    })
    context.setDefaultTimeout(30000)
    const page = await context.newPage()
    currentPage = page
    const app = (route) => `${store.baseUrl}/app${route}`
    const shop = storeApi(store.baseUrl, store.publishableKey)
    const admin = await adminApi(store.baseUrl, ADMIN.email, ADMIN.password)
    const tshirt = await variantIdByHandle(shop, "backorder-t-shirt")
    const mug = await variantIdByHandle(shop, "medusa-mug")
    let first
    let second

    await step("logs in to the dashboard", async () => {
      await page.goto(app("/login"))
      await page.locator('input[name="email"]').fill(ADMIN.email)
      await page.locator('input[name="password"]').fill(ADMIN.password)
      await screenshot(page, "login")
      await page.locator('button[type="submit"]').click()
      await page.waitForURL((url) => !url.pathname.includes("/login"))
      await page.getByRole("link", { name: "Backorders" }).first().waitFor()
    })

    await step("turns the store setting on in the store settings widget", async () => {
      await page.goto(app("/settings/store"))
      const widget = page.getByTestId("backorder-settings-widget")
      await widget.waitFor()
      const toggle = widget.getByTestId("backorder-enabled")
      await widget.getByTestId("backorderable-variant-count").waitFor()
      const countText = await widget.getByTestId("backorderable-variant-count").innerText()
      const { count } = await admin.get("/admin/product-variants?allow_backorder=true&manage_inventory=true&limit=1")
      assert(count > 0 && countText.includes(`${count} variant`), `the widget says "${countText}", the API counts ${count}`)
      if ((await toggle.getAttribute("aria-checked")) === "true") {
        // only on a reused store (E2E_STORE): a fresh one starts with the setting off
        await toggle.click()
        await page.waitForFunction(
          () => document.querySelector('[data-testid="backorder-enabled"]')?.getAttribute("aria-checked") === "false"
        )
        await page.waitForTimeout(500)
      }
      await toggle.click()
      await page.waitForFunction(
        () => document.querySelector('[data-testid="backorder-enabled"]')?.getAttribute("aria-checked") === "true"
      )
      // persisted, not only flipped on screen
      for (let i = 0; i < 20; i++) {
        if ((await admin.get("/admin/backorder-settings")).settings.enabled) break
        await new Promise((r) => setTimeout(r, 250))
      }
      assert((await admin.get("/admin/backorder-settings")).settings.enabled === true, "the setting did not persist")
      await page.reload()
      await page.waitForFunction(
        () => document.querySelector('[data-testid="backorder-enabled"]')?.getAttribute("aria-checked") === "true"
      )
      await screenshotOf(widget, "store-setting-on")
    })

    await step("places a back order through the store API (10 t-shirts ordered, 5 in stock)", async () => {
      const available = await availableUnits(shop, "backorder-t-shirt")
      assert(available < 10, `the t-shirt has ${available} units available; 10 would not be back ordered`)
      const order = await placeOrder(shop, {
        regionId: store.regionId,
        email: "ada@example.com",
        items: [{ variant_id: tshirt, quantity: 10, metadata: { backorder: "accept" } }],
      })
      const { backorders } = await admin.get(`/admin/backorders?order_id=${order.id}`)
      assert(backorders.length === 1, `expected one back order for order ${order.id}, got ${backorders.length}`)
      first = backorders[0]
      assert(first.status === "pending", `status ${first.status}`)
      const backordered = sum(first.order.items.map((item) => item.quantity))
      const placed = sum(order.items.map((item) => item.quantity))
      assert(placed === available && backordered === 10 - available, `ordered ${placed} + back ordered ${backordered}, ${available} were available`)
    })

    await step("opens Backorders from the sidebar and finds the pending back order", async () => {
      await page.goto(app("/orders"))
      await page.getByRole("link", { name: "Backorders" }).first().click()
      await page.waitForURL((url) => url.pathname.endsWith("/backorders"))
      const row = page.locator(`[data-backorder-id="${first.id}"]`)
      await row.waitFor()
      assert((await row.getByTestId("backorder-status").innerText()).trim() === "Pending", "the row should say Pending")
      await screenshot(page, "backorders-queue")
      await row.click()
      await page.waitForURL((url) => url.pathname.endsWith(`/backorders/${first.id}`))
      await page.getByTestId("backorder-charge-form").waitFor()
      await expectTotalsMatch(page, page.getByTestId("backorder-detail"), first)
      await screenshot(page, "backorder-detail")
    })

    await step(`charges it with ${SHIPPING_AMOUNT} shipping, payment recorded; totals match the API`, async () => {
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
      await page.waitForFunction(() => document.querySelector('[data-testid="backorder-status"]')?.textContent === "Charged")
      await page.locator("[data-sonner-toast]").first().waitFor({ state: "detached", timeout: 15000 }).catch(() => {})

      const { backorder } = await admin.get(`/admin/backorders/${first.id}`)
      assert(backorder.status === "charged", `API status ${backorder.status}`)
      expectChargedTotals(backorder, SHIPPING_AMOUNT)
      await expectTotalsMatch(page, page.getByTestId("backorder-detail"), backorder)
      const charged = await formatInPage(page, backorder.order.total, backorder.order.currency_code)
      assert(promptText.includes(charged), `the confirmation announced "${promptText}", the order total is ${charged}`)
      await screenshot(page, "charged")
    })

    await step("places a second back order (1 mug in stock, 3 t-shirts back ordered)", async () => {
      const order = await placeOrder(shop, {
        regionId: store.regionId,
        email: "grace@example.com",
        items: [
          { variant_id: mug, quantity: 1 },
          { variant_id: tshirt, quantity: 3, metadata: { backorder: "accept" } },
        ],
      })
      const { backorders } = await admin.get(`/admin/backorders?order_id=${order.id}`)
      assert(backorders.length === 1, `expected one back order for order ${order.id}, got ${backorders.length}`)
      second = backorders[0]
      assert(second.source_order?.id === order.id, "the back order should name its source order")
    })

    await step("the source order page shows the back order and links to its draft order", async () => {
      await page.goto(app(`/orders/${second.source_order.id}`))
      const widget = page.getByTestId("backorder-order-widget")
      await widget.waitFor()
      assert((await widget.getByTestId("backorder-status").innerText()).trim() === "Pending", "the widget should say Pending")
      await screenshotOf(widget, "source-order-widget")
      await widget.getByRole("link", { name: /Draft order #/ }).click()
      await page.waitForURL((url) => url.pathname.endsWith(`/draft-orders/${second.order.id}`))
      await page.getByTestId("backorder-order-widget").getByTestId("backorder-charge-form").waitFor()
      // the draft-order page swaps in a skeleton while its order changes load, remounting widgets
      await page.waitForTimeout(1500)
    })

    await step(`charges it from the draft order page with a payment link (${LINK_SHIPPING_AMOUNT} shipping), then shows the order`, async () => {
      const widget = page.getByTestId("backorder-order-widget")
      await widget.getByTestId("backorder-shipping-amount").fill(String(LINK_SHIPPING_AMOUNT))
      await widget.getByTestId("backorder-payment-link").click()
      assert(
        (await widget.getByTestId("backorder-shipping-amount").inputValue()) === String(LINK_SHIPPING_AMOUNT),
        "the shipping amount was lost before charging"
      )
      await screenshotOf(widget, "draft-order-widget")
      await widget.getByTestId("backorder-charge").click()
      const dialog = page.getByRole("alertdialog")
      await dialog.waitFor()
      const promptText = await dialog.innerText()
      await screenshot(page, "payment-link-confirmation")
      await dialog.getByRole("button", { name: "Create payment link" }).click()
      // the draft became an order (same id): the widget follows it to the order page
      await page.waitForURL((url) => url.pathname.endsWith(`/orders/${second.order.id}`) && !url.pathname.includes("/draft-orders/"))
      const link = widget.getByTestId("backorder-payment-link")
      await link.waitFor()

      const { backorder } = await admin.get(`/admin/backorders/${second.id}`)
      assert(backorder.status === "awaiting_payment", `API status ${backorder.status}`)
      expectChargedTotals(backorder, LINK_SHIPPING_AMOUNT)
      assert((await link.innerText()).trim() === backorder.payment_link, `link shown ≠ API's ${backorder.payment_link}`)
      assert(
        // <storefront_url>/payment-collection/<id>?order_id=<id>; the demo's storefront_url is its shop
        new RegExp(`^${store.baseUrl}/shop/payment-collection/pay_col_\\w+\\?order_id=order_\\w+$`).test(backorder.payment_link),
        `payment link not in the dashboard's form: ${backorder.payment_link}`
      )
      assert((await widget.getByTestId("backorder-status").innerText()).trim() === "Awaiting payment", "the widget should say Awaiting payment")
      await expectTotalsMatch(page, widget, backorder)
      const total = await formatInPage(page, backorder.order.total, backorder.order.currency_code)
      assert(promptText.includes(total), `the confirmation announced "${promptText}", the order total is ${total}`)
      // let the success toast go, it covers the widget's foot
      await page.locator("[data-sonner-toast]").first().waitFor({ state: "detached", timeout: 15000 }).catch(() => {})
      await screenshotOf(widget, "payment-link")
    })

    await step("cancels a pending back order from its page", async () => {
      const order = await placeOrder(shop, {
        regionId: store.regionId,
        email: "alan@example.com",
        items: [
          { variant_id: mug, quantity: 1 },
          { variant_id: tshirt, quantity: 2, metadata: { backorder: "accept" } },
        ],
      })
      const { backorders } = await admin.get(`/admin/backorders?order_id=${order.id}`)
      const third = backorders[0]
      await page.goto(app(`/backorders/${third.id}`))
      await page.getByTestId("backorder-charge-form").waitFor()
      await page.getByTestId("backorder-cancel").click()
      const dialog = page.getByRole("alertdialog")
      await dialog.waitFor()
      await dialog.getByRole("button", { name: "Cancel back order" }).click()
      await page.waitForFunction(() => document.querySelector('[data-testid="backorder-status"]')?.textContent === "Canceled")
      const { backorder } = await admin.get(`/admin/backorders/${third.id}`)
      assert(backorder.status === "canceled", `API status ${backorder.status}`)
    })

    await step("shows the API's error when the back order was charged elsewhere meanwhile (409)", async () => {
      const order = await placeOrder(shop, {
        regionId: store.regionId,
        email: "barbara@example.com",
        items: [
          { variant_id: mug, quantity: 1 },
          { variant_id: tshirt, quantity: 1, metadata: { backorder: "accept" } },
        ],
      })
      const { backorders } = await admin.get(`/admin/backorders?order_id=${order.id}`)
      const fourth = backorders[0]
      await page.goto(app(`/backorders/${fourth.id}`))
      const form = page.getByTestId("backorder-charge-form")
      await form.waitFor()
      await form.getByTestId("backorder-shipping-amount").fill("5")
      await form.getByTestId("backorder-charge").click()
      const dialog = page.getByRole("alertdialog")
      await dialog.waitFor()
      // another admin charges it while this admin reads the confirmation (after the preview)
      await admin.post(`/admin/backorders/${fourth.id}/charge`, { shipping_amount: 3, payment: "record" })
      await dialog.getByRole("button", { name: /^Charge / }).click()
      const toast = page.locator("[data-sonner-toast]", { hasText: "Could not charge the back order" })
      await toast.waitFor()
      const text = (await toast.innerText()).replace("Could not charge the back order", "").trim()
      assert(text.length > 0, "the toast should carry the API's message")
      await screenshot(page, "charge-conflict")
      // the page refreshes to what really happened: charged once, with the other admin's shipping
      await page.waitForFunction(() => document.querySelector('[data-testid="backorder-status"]')?.textContent === "Charged")
      const { backorder } = await admin.get(`/admin/backorders/${fourth.id}`)
      expectChargedTotals(backorder, 3)
    })

    await step("the queue filters by status", async () => {
      await page.goto(app("/backorders"))
      await page.getByTestId("backorder-status-filter").click()
      await page.getByRole("option", { name: "Awaiting payment" }).click()
      await page.locator(`[data-backorder-id="${second.id}"]`).waitFor()
      assert((await page.locator(`[data-backorder-id="${first.id}"]`).count()) === 0, "a charged back order is listed under Awaiting payment")
      await page.getByTestId("backorder-status-filter").click()
      await page.getByRole("option", { name: "All statuses" }).click()
      await page.locator(`[data-backorder-id="${first.id}"]`).waitFor()
      await screenshot(page, "backorders-all")
    })

    await shopJourneys({
      step,
      assert,
      screenshot,
      browser,
      adminPage: page,
      setCurrentPage: (p) => {
        currentPage = p
      },
      store,
      admin,
      shop,
      formatInPage,
    })
  } finally {
    await browser.close().catch(() => {})
    await store.stop()
  }
}

let ok = false
try {
  await main()
  ok = writeResults()
} catch (error) {
  console.error(`browser test could not run: ${error?.stack ?? error}`)
  results.push({ name: "browser test setup", status: "failed", duration_ms: 0, error: String(error?.stack ?? error) })
  writeResults()
}
process.exit(ok ? 0 : 1)
