// When stock arrives (issue 20), in a real browser: the dashboard shows the back orders the stock
// now covers as Ready and the bell tells the admin; a shopper cancels from My back orders; a
// guest cancels from the link in the placed notice (read from the local provider's record).
import type { Page } from "@playwright/test"
import { backorderById, makeAvailable, setBackordersEnabled, TSHIRT_SKU, type Api } from "./lib/api"
import type { StoreInfo } from "./lib/store"
import { dashboardUrl, expect, screenshot, shopUrl, test } from "./fixtures"

const statusOf = async (admin: Api, id: string) => (await backorderById(admin, id)).status

/** The customer notices of one back order, as Medusa's local provider recorded them. */
async function emailsOf(admin: Api, backorderId: string) {
  const { notifications } = await admin.get<{
    notifications: { resource_id: string; template: string; data: Record<string, unknown> }[]
  }>("/admin/notifications?channel=email&fields=+data,+resource_id,+template&limit=200&order=-created_at")
  return notifications.filter((notification) => notification.resource_id === backorderId)
}

async function tshirtsBackordered(page: Page, store: StoreInfo, quantity: number, email: string) {
  await page.goto(shopUrl(store, "/"))
  const card = page.locator(`[data-testid="product"][data-sku="${TSHIRT_SKU}"]`)
  await card.getByTestId("quantity").fill(String(quantity))
  await card.getByRole("button", { name: "Add to cart" }).click()
  await page.getByRole("dialog").getByRole("button", { name: "Yes, back order the rest" }).click()
  await page.getByTestId("cart-line-backordered").waitFor()
  await page.goto(shopUrl(store, "/checkout"))
  const form = page.locator("form.form")
  await form.locator('input[name="email"]').fill(email)
  for (const [name, value] of Object.entries({ first_name: "Kay", last_name: "Ready", address_1: "Torstr. 10", postal_code: "10119", city: "Berlin" })) {
    await form.locator(`input[name="${name}"]`).fill(value)
  }
  await form.getByTestId("checkout-continue").click()
  await page.getByRole("button", { name: "Place back order" }).click()
  await page.waitForURL((url) => url.pathname.endsWith("/shop/confirmation"))
  return page.evaluate(() => JSON.parse(window.sessionStorage.getItem("demo_shop_confirmation") ?? "null") as { backorder?: { id: string } })
}

test.beforeEach(async ({ admin }) => {
  await setBackordersEnabled(admin, true)
})

test("after a restock the dashboard says Ready to ship, and the bell tells the admin", async ({ dashboard: page, admin, store, placeBackorder }) => {
  const backorder = await placeBackorder({ email: "ada.ready@example.com", backordered: 2 })
  expect(await statusOf(admin, backorder.id)).toBe("pending")
  // the shelf now holds every unit reserved: each waiting back order is covered
  await makeAvailable(admin, TSHIRT_SKU, 0)
  await expect.poll(() => statusOf(admin, backorder.id), { message: "the API should say ready", timeout: 30_000 }).toBe("ready")

  await page.goto(dashboardUrl(store, "/backorders"))
  const row = page.locator(`[data-backorder-id="${backorder.id}"]`)
  await expect(row.getByTestId("backorder-status"), "the queue's default view lists it as Ready to ship").toHaveText("Ready to ship")
  await expect(page.getByTestId("backorders-ready-count")).toContainText("ready to ship")
  await screenshot(page, "backorders-ready")
  await row.click()
  await expect(page.getByTestId("backorder-readiness")).toContainText("ready to ship")

  // Medusa's notification drawer (its shortcut: the bell has no label to click by)
  await page.keyboard.press("Control+n")
  const drawer = page.getByRole("dialog")
  await expect(drawer.getByText(`Back order ${backorder.reference} is ready`), "the bell's ready notice").toBeVisible()
  await expect(drawer.getByText(`New back order ${backorder.reference}`), "the bell's new back order notice").toBeVisible()
  await screenshot(page, "bell-backorder-ready")
})

test("a logged-in shopper cancels a back order from My back orders", async ({ shopper: page, admin, store }) => {
  await makeAvailable(admin, TSHIRT_SKU, 0)
  const email = `kay.cancel.${Date.now()}@example.com`
  await page.goto(shopUrl(store, "/account"))
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill("secret-123")
  await page.getByRole("button", { name: "Create account" }).click()
  await page.getByText(`Logged in as ${email}`).waitFor()
  const placed = await tshirtsBackordered(page, store, 2, email)
  const id = placed.backorder?.id ?? ""
  expect(id, "the confirmation names the back order").toBeTruthy()

  await page.goto(shopUrl(store, "/account"))
  const row = page.locator(`[data-backorder-id="${id}"]`)
  await row.getByTestId("my-backorder-cancel").click()
  await expect(row.getByTestId("my-backorder-status")).toHaveText(/^\s*Canceled/)
  await expect(row.getByTestId("my-backorder-cancel")).toHaveCount(0)
  expect(await statusOf(admin, id), "the API's status").toBe("canceled")
  await screenshot(page, "shop-my-backorders-canceled")
})

test("a guest cancels from the link in the placed notice", async ({ shopper: page, admin, placeBackorder }) => {
  const backorder = await placeBackorder({ email: "guest.cancel@example.com", backordered: 1 })
  let link = ""
  await expect
    .poll(async () => {
      const placedNotice = (await emailsOf(admin, backorder.id)).find((n) => n.template === "backorder-placed")
      link = String(placedNotice?.data.backorder_url ?? "")
      return link
    }, { message: "the placed notice carries the guest's link", timeout: 30_000 })
    .toContain(`/shop/backorders/${backorder.id}?token=`)

  // a wrong token opens nothing
  await page.goto(link.replace(/token=[^&]+/, "token=wrong"))
  await page.getByTestId("guest-backorder-error").waitFor()

  await page.goto(link)
  await expect(page.getByTestId("guest-backorder-status")).toHaveText(/Waiting for stock|Ready to ship/)
  await page.getByTestId("guest-backorder-cancel").click()
  await expect(page.getByTestId("guest-backorder-status")).toHaveText("Canceled")
  expect(await statusOf(admin, backorder.id), "the API's status").toBe("canceled")
  await screenshot(page, "shop-guest-backorder-canceled")
})
