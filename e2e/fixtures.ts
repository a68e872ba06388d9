// The browser tests' fixtures: the demo store the global setup booted, its admin and store
// APIs, a dashboard page logged in as the admin, a shopper's page in a browser of its own,
// and the helpers that compare what a page shows with what the API says.
import fs from "node:fs"
import path from "node:path"
import { test as base, expect, type APIRequestContext, type Browser, type Locator, type Page } from "@playwright/test"
import {
  adminApi,
  backordersOfOrder,
  makeAvailable,
  MUG_HANDLE,
  placeOrder,
  storeApi,
  TSHIRT_HANDLE,
  TSHIRT_SKU,
  variantIdByHandle,
  type Api,
  type Backorder,
  type Order,
} from "./lib/api"
import type { StoreInfo } from "./lib/store"
import { DOCS_IMAGES_DIR, SCREENSHOT_DIR } from "./paths"

export { expect }

export const ADMIN = { email: "admin@example.com", password: "supersecret" }

// A production Medusa marks its session cookie Secure and express-session only sends such a
// cookie over TLS, which it detects through this header (production sits behind a
// TLS-terminating proxy). The demo turns Secure off; the header keeps the test honest for both.
const DASHBOARD_HEADERS = { "x-forwarded-proto": "https" }

type StorageState = Awaited<ReturnType<APIRequestContext["storageState"]>>

export interface PlaceBackorderInput {
  email: string
  /** T-shirts back ordered (none in stock), beside one mug from stock so an order is placed too. */
  backordered: number
}

interface WorkerFixtures {
  store: StoreInfo
  admin: Api
  shop: Api
  variants: { tshirt: string; mug: string }
  adminStorageState: StorageState
}

interface TestFixtures {
  /** The dashboard, logged in as the admin. */
  dashboard: Page
  /** The dashboard in a browser that has not logged in. */
  loggedOutDashboard: Page
  /** The demo shop in a browser of its own: its own cart and login. */
  shopper: Page
  /** A pending back order placed through the store API: 1 mug ordered, `backordered` t-shirts back ordered. */
  placeBackorder: (input: PlaceBackorderInput) => Promise<Backorder>
}

async function newDashboardPage(browser: Browser, storageState?: StorageState): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    extraHTTPHeaders: DASHBOARD_HEADERS,
    storageState,
  })
  return context.newPage()
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  store: [
    async ({}, use) => {
      const info = process.env.E2E_STORE_INFO
      if (!info) {
        throw new Error("E2E_STORE_INFO is not set: run the browser tests with `npm run test:e2e` (e2e/global-setup.ts boots the store)")
      }
      await use(JSON.parse(info) as StoreInfo)
    },
    { scope: "worker" },
  ],
  admin: [async ({ store }, use) => use(await adminApi(store.baseUrl, ADMIN.email, ADMIN.password)), { scope: "worker" }],
  shop: [async ({ store }, use) => use(storeApi(store.baseUrl, store.publishableKey)), { scope: "worker" }],
  variants: [
    async ({ shop }, use) =>
      use({ tshirt: await variantIdByHandle(shop, TSHIRT_HANDLE), mug: await variantIdByHandle(shop, MUG_HANDLE) }),
    { scope: "worker" },
  ],
  // the admin's session cookie, through the API, so only the login test depends on the login form
  adminStorageState: [
    async ({ playwright, store }, use) => {
      const request = await playwright.request.newContext({ baseURL: store.baseUrl, extraHTTPHeaders: DASHBOARD_HEADERS })
      const auth = await request.post("/auth/user/emailpass", { data: ADMIN })
      if (!auth.ok()) {
        throw new Error(`admin login → ${auth.status()}: ${await auth.text()}`)
      }
      const { token } = (await auth.json()) as { token: string }
      const session = await request.post("/auth/session", { headers: { authorization: `Bearer ${token}` } })
      if (!session.ok()) {
        throw new Error(`admin session → ${session.status()}: ${await session.text()}`)
      }
      const state = await request.storageState()
      await request.dispose()
      await use(state)
    },
    { scope: "worker" },
  ],

  dashboard: async ({ browser, adminStorageState }, use) => {
    const page = await newDashboardPage(browser, adminStorageState)
    await use(page)
    await page.context().close()
  },
  loggedOutDashboard: async ({ browser }, use) => {
    const page = await newDashboardPage(browser)
    await use(page)
    await page.context().close()
  },
  shopper: async ({ browser }, use) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await use(page)
    await context.close()
  },
  placeBackorder: async ({ admin, shop, store, variants }, use) => {
    await use(async ({ email, backordered }) => {
      await makeAvailable(admin, TSHIRT_SKU, 0)
      const order = await placeOrder(shop, {
        regionId: store.regionId,
        email,
        items: [
          { variant_id: variants.mug, quantity: 1 },
          { variant_id: variants.tshirt, quantity: backordered, metadata: { backorder: "accept" } },
        ],
      })
      const backorders = await backordersOfOrder(admin, order.id)
      if (backorders.length !== 1) {
        throw new Error(`expected one back order for order ${order.id}, got ${backorders.length}`)
      }
      return backorders[0]
    })
  },
})

export const dashboardUrl = (store: StoreInfo, route: string) => `${store.baseUrl}/app${route}`
export const shopUrl = (store: StoreInfo, route = "/") => `${store.baseUrl}/shop${route}`

/**
 * A screenshot a test takes on purpose, as e2e/screenshots/<name>.png. With E2E_UPDATE_DOCS=1
 * the docs' (those docs/images/ has by that name) are refreshed too.
 */
async function saveScreenshot(name: string, take: (file: string) => Promise<unknown>): Promise<void> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`)
  await take(file)
  const docsImage = path.join(DOCS_IMAGES_DIR, `${name}.png`)
  if (process.env.E2E_UPDATE_DOCS && fs.existsSync(docsImage)) {
    fs.copyFileSync(file, docsImage)
  }
}

// a dialog or toast still fading in would be caught half transparent
export const screenshot = (page: Page, name: string) =>
  saveScreenshot(name, (file) => page.screenshot({ path: file, fullPage: true, animations: "disabled" }))

export const screenshotOf = (locator: Locator, name: string) =>
  saveScreenshot(name, async (file) => {
    await locator.scrollIntoViewIfNeeded()
    await locator.screenshot({ path: file, animations: "disabled" })
  })

/** The money text a page renders for an amount: the browser formats it, as the UI does. */
export const formatInPage = (page: Page, amount: number, currencyCode: string) =>
  page.evaluate(
    ([value, currency]) => new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(value),
    [Number(amount), currencyCode] as const
  )

const sum = (values: number[]) => values.reduce((total, value) => total + Number(value), 0)

/** Reads the totals block and checks every figure against the back order the API returns. */
export async function expectTotalsMatch(page: Page, scope: Locator, backorder: Backorder): Promise<void> {
  const order = backorder.order
  const expected: [string, number][] = [
    ["total-items", sum(order.items.map((item) => item.subtotal))],
    ["total-shipping", sum(order.shipping_methods.map((method) => method.subtotal))],
    ["total-tax", order.tax_total],
    ["total-total", order.total],
  ]
  for (const [testId, amount] of expected) {
    const wanted = await formatInPage(page, amount, order.currency_code)
    await expect(scope.getByTestId(testId), `${testId}: the dashboard should show the API's ${wanted}`).toHaveText(wanted)
  }
}

/**
 * Items + tax + shipping exactly as entered: what charging must have produced. A charge by payment
 * link leaves the draft a draft until the link is paid (`awaitingPayment`); any other charge has
 * converted it into an order.
 */
export function expectChargedTotals(backorder: Backorder, shippingAmount: number, { awaitingPayment = false } = {}): void {
  const order: Order = backorder.order
  if (awaitingPayment) {
    expect(order?.is_draft_order, "the back order's draft must stay a draft until its link is paid").toBe(true)
  } else {
    expect(order && !order.is_draft_order, "the back order's draft was not converted into an order").toBe(true)
  }
  expect(order.shipping_methods, "expected one shipping method").toHaveLength(1)
  expect(Number(order.shipping_methods[0].subtotal), "shipping subtotal as entered").toBeCloseTo(shippingAmount, 6)
  const items = sum(order.items.map((item) => item.subtotal))
  expect(Number(order.total), `total = items ${items} + shipping ${shippingAmount} + tax ${order.tax_total}`).toBeCloseTo(
    items + shippingAmount + Number(order.tax_total),
    6
  )
  expect(Number(order.tax_total), "tax = 19 % of items and shipping").toBeCloseTo((items + shippingAmount) * 0.19, 6)
}
