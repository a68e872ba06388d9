// The shopper's side in the demo shop (demo/shop, served by the demo store under /shop), driven
// as a person would, each shopper in a browser of their own; then a payment link the admin
// creates in the dashboard, paid by card in the shop. Each test sets the stock it needs.
import type { Page } from "@playwright/test"
import { backorderById, backordersOfOrder, makeAvailable, setBackordersEnabled, TSHIRT_SKU, type Api, type Cart, type Order } from "./lib/api"
import type { StoreInfo } from "./lib/store"
import { dashboardUrl, expect, formatInPage, screenshot, shopUrl, test } from "./fixtures"

const SEED_SENTENCE_10_OF_5 =
  "There are only 5 of Medusa T-Shirt (L) in stock, and you have added 10, do you want to back order the other 5?"

const SHOPPER = {
  first_name: "Ada",
  last_name: "Lovelace",
  address_1: "Torstr. 10",
  postal_code: "10119",
  city: "Berlin",
}

/** What the shop keeps of a completed checkout for its confirmation page. */
interface Confirmation {
  type: "order" | "backorder_only"
  order?: { id: string }
  backorder?: { id: string; draft_order: { items: { quantity: number }[] } }
}

/** The value, or the test fails with `what`. */
function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) {
    throw new Error(what)
  }
  return value
}

const money = (page: Page, amount: number) => formatInPage(page, amount, "eur")
const tshirtCard = (page: Page) => page.locator(`[data-testid="product"][data-sku="${TSHIRT_SKU}"]`)

async function addTshirts(page: Page, store: StoreInfo, quantity: number) {
  await page.goto(shopUrl(store, "/"))
  const card = tshirtCard(page)
  await card.getByTestId("quantity").fill(String(quantity))
  await card.getByRole("button", { name: "Add to cart" }).click()
}

/** Adds `quantity` t-shirts and answers the shop's question with Yes: the cart page with both lines. */
async function addTshirtsBackorderingTheRest(page: Page, store: StoreInfo, quantity: number) {
  await addTshirts(page, store, quantity)
  await page.getByRole("dialog").getByRole("button", { name: "Yes, back order the rest" }).click()
  await page.waitForURL((url) => url.pathname.endsWith("/shop/cart"))
  await page.getByTestId("cart-line-backordered").waitFor()
}

async function cartOf(page: Page, shop: Api): Promise<Cart> {
  const cartId = await page.evaluate(() => window.localStorage.getItem("demo_shop_cart_id"))
  expect(cartId, "the shop keeps no cart id").toBeTruthy()
  return (await shop.get<{ cart: Cart }>(`/store/carts/${cartId}?fields=*items,item_subtotal,shipping_total,tax_total,total`)).cart
}

async function checkOut(page: Page, store: StoreInfo, email: string, { withShipping = true } = {}) {
  await page.goto(shopUrl(store, "/checkout"))
  const form = page.locator("form.form")
  await form.locator('input[name="email"]').fill(email)
  for (const [name, value] of Object.entries(SHOPPER)) {
    await form.locator(`input[name="${name}"]`).fill(value)
  }
  if (withShipping) {
    await expect(form.getByTestId("shipping-option").locator("option"), "no shipping option offered").not.toHaveCount(0)
  }
  // the address and shipping go onto the cart first, so the totals shown are what is charged
  await form.getByTestId("checkout-continue").click()
  await form.getByTestId("place-order").waitFor()
}

async function confirmationOf(page: Page): Promise<Confirmation> {
  await page.waitForURL((url) => url.pathname.endsWith("/shop/confirmation"))
  await page.getByTestId("confirmation").waitFor()
  return page.evaluate(() => JSON.parse(window.sessionStorage.getItem("demo_shop_confirmation") ?? "null") as Confirmation)
}

test.beforeEach(async ({ admin }) => {
  await setBackordersEnabled(admin, true)
})

test("shop: the t-shirt shows 5 in stock; adding 10 asks the seed's question in a dialog", async ({ shopper: page, admin, store }) => {
  await makeAvailable(admin, TSHIRT_SKU, 5)
  await page.goto(shopUrl(store, "/"))
  await expect(tshirtCard(page).getByTestId("stock-state")).toHaveText("5 in stock")
  await screenshot(page, "shop-products")
  await addTshirts(page, store, 10)
  const dialog = page.getByRole("dialog")
  await expect(dialog.getByTestId("backorder-question")).toHaveText(SEED_SENTENCE_10_OF_5)
  await expect(dialog.getByRole("button", { name: "Yes, back order the rest" })).toBeVisible()
  await expect(dialog.getByRole("button", { name: "No, only the available" })).toBeVisible()
  await screenshot(page, "shop-prompt")
})

test("shop: Yes → two lines, the back-ordered one labelled and priced to be charged later; totals only what is charged now", async ({
  shopper: page,
  admin,
  shop,
  store,
}) => {
  await makeAvailable(admin, TSHIRT_SKU, 5)
  await addTshirts(page, store, 10)
  await page.getByRole("dialog").getByRole("button", { name: "Yes, back order the rest" }).click()
  await page.waitForURL((url) => url.pathname.endsWith("/shop/cart"))
  const inStock = page.getByTestId("cart-line")
  const backordered = page.getByTestId("cart-line-backordered")
  await backordered.waitFor()
  await expect(inStock, "one in-stock line").toHaveCount(1)
  await expect(backordered, "one back-ordered line").toHaveCount(1)
  await expect(inStock.getByTestId("line-quantity"), "the in-stock line should hold 5").toHaveText("5")
  await expect(backordered.getByTestId("line-quantity"), "the back-ordered line should hold 5").toHaveText("5")
  await expect(backordered.getByTestId("backorder-label"), "the back-ordered line is not labelled").toHaveText("back ordered")
  const later = await backordered.getByTestId("line-amount").innerText()
  expect(later, "the back-ordered line's price").toContain(await money(page, 100))
  expect(later, "the back-ordered line's price").toContain("to be charged later")

  const cart = await cartOf(page, shop)
  for (const [testId, amount] of [
    ["total-items", cart.item_subtotal],
    ["total-now", cart.total],
    ["total-later", 100],
  ] as const) {
    await expect(page.getByTestId(testId), `${testId}: the store says ${amount}`).toHaveText(await money(page, amount))
  }
  expect(Number(cart.item_subtotal), "Medusa's item subtotal should be 5 × 20").toBe(100)
  await screenshot(page, "shop-cart")
})

test("shop: checkout (email, address, shipping, manual payment) → confirmation with the order and the pending back order", async ({
  shopper: page,
  admin,
  shop,
  store,
}) => {
  await makeAvailable(admin, TSHIRT_SKU, 5)
  await addTshirtsBackorderingTheRest(page, store, 10)
  await checkOut(page, store, "ada.shop@example.com")
  const cart = await cartOf(page, shop)
  // 5 × 20 + 10 shipping, 19 % tax: 130.90 charged now; the back-ordered 5 are not in it
  expect(Number(cart.total), "the store's cart total").toBeCloseTo(130.9, 6)
  for (const [testId, amount] of [
    ["total-items", cart.item_subtotal],
    ["total-tax", cart.tax_total],
    ["total-now", cart.total],
  ] as const) {
    await expect(page.getByTestId(testId), `checkout ${testId}: the store says ${amount}`).toHaveText(await money(page, amount))
  }
  await expect(page.getByTestId("place-order")).toHaveText(`Place order: pay ${await money(page, cart.total)}`)
  await screenshot(page, "shop-checkout")
  await page.getByTestId("place-order").click()
  const placed = await confirmationOf(page)
  expect(placed.type, "the completion's answer").toBe("order")
  expect(placed.backorder, "the completion placed no back order").toBeTruthy()
  const orderId = present(placed.order, "the confirmation names no order").id
  const backorders = await backordersOfOrder(admin, orderId)
  expect(backorders.map((b) => b.status), "the dashboard's API should have one pending back order for the order").toEqual(["pending"])
  const backorder = backorders[0]
  const { order } = await admin.get<{ order: Order }>(`/admin/orders/${orderId}?fields=id,total,*items`)
  expect(order.items.reduce((n, i) => n + Number(i.quantity), 0), "the order should hold the 5 in stock").toBe(5)
  // 5 × 20 + 10 shipping, 19 % tax
  expect(Number(order.total), "the order total").toBeCloseTo(130.9, 6)
  await expect(page.getByTestId("order-total"), "the confirmation's order total").toHaveText(await money(page, order.total))
  const panel = page.getByTestId("confirmation-backorder")
  await expect(panel, "the confirmation should name the pending back order").toContainText(`Pending back order ${backorder.reference}`)
  await expect(panel.getByTestId("backorder-later-total"), "the back order's later total should be the API's").toHaveText(
    await money(page, backorder.order.total)
  )
  await screenshot(page, "shop-confirmation")
})

test("shop: a second shopper answers No and gets the 5 available", async ({ shopper: page, admin, shop, store }) => {
  await makeAvailable(admin, TSHIRT_SKU, 5)
  await addTshirts(page, store, 10)
  const dialog = page.getByRole("dialog")
  await expect(dialog.getByTestId("backorder-question"), "the seed's sentence").toHaveText(SEED_SENTENCE_10_OF_5)
  await dialog.getByRole("button", { name: "No, only the available" }).click()
  await page.waitForURL((url) => url.pathname.endsWith("/shop/cart"))
  await page.getByTestId("cart-line").waitFor()
  await expect(page.getByTestId("cart-line-backordered"), "a back-ordered line after No").toHaveCount(0)
  await expect(page.getByTestId("cart-line").getByTestId("line-quantity"), "No should add the 5 available").toHaveText("5")
  const cart = await cartOf(page, shop)
  expect(cart.items.map((item) => Number(item.quantity)), "the store's cart should hold one line of 5").toEqual([5])
  await screenshot(page, "shop-cart-declined")
  await checkOut(page, store, "grace.shop@example.com")
  await page.getByTestId("place-order").click()
  const placed = await confirmationOf(page)
  expect(placed.type, "the completion's answer").toBe("order")
  expect(placed.backorder, "answering No must place no back order").toBeFalsy()
  await expect(page.getByTestId("confirmation-backorder"), "the confirmation shows a back order after No").toHaveCount(0)
})

test("shop: stock falls during checkout → the seed's question again (not an error); Yes places a back order", async ({
  shopper: page,
  admin,
  store,
}) => {
  await makeAvailable(admin, TSHIRT_SKU, 5)
  await addTshirts(page, store, 3)
  await page.waitForURL((url) => url.pathname.endsWith("/shop/cart"))
  await checkOut(page, store, "alan.shop@example.com")
  // another shopper bought meanwhile: 1 left
  await makeAvailable(admin, TSHIRT_SKU, 1)
  await page.getByTestId("place-order").click()
  const dialog = page.getByRole("dialog")
  await expect(dialog.getByTestId("backorder-question")).toHaveText(
    "There is only 1 of Medusa T-Shirt (L) in stock, and you have added 3, do you want to back order the other 2?"
  )
  await expect(page.locator(".error"), "the stock change was shown as an error").toHaveCount(0)
  await screenshot(page, "shop-stock-changed")
  await dialog.getByRole("button", { name: "Yes, back order the rest" }).click()
  await page.getByTestId("checkout-message").waitFor()
  await page.getByTestId("place-order").click()
  const placed = await confirmationOf(page)
  expect(placed.type, "the second completion's answer").toBe("order")
  expect(placed.backorder?.draft_order.items[0].quantity, "2 should be back ordered").toBe(2)
})

test("dashboard: the admin charges a back order with a payment link that points at the shop", async ({
  dashboard: page,
  admin,
  store,
  placeBackorder,
}) => {
  const pending = await placeBackorder({ email: "ada.shop-link@example.com", backordered: 5 })
  await page.goto(dashboardUrl(store, `/backorders/${pending.id}`))
  const form = page.getByTestId("backorder-charge-form")
  await form.getByTestId("backorder-shipping-amount").fill("5")
  await form.getByTestId("backorder-payment-link").click()
  await form.getByTestId("backorder-charge").click()
  const dialog = page.getByRole("alertdialog")
  await dialog.getByRole("button", { name: "Create payment link" }).click()
  const link = page.getByTestId("backorder-result").getByTestId("backorder-payment-link")
  await link.waitFor()
  const backorder = await backorderById(admin, pending.id)
  expect(backorder.status, "the API's status").toBe("awaiting_payment")
  await expect(link, "the dashboard should show the API's link").toHaveText(backorder.payment_link ?? "(none)")
  expect(backorder.payment_link, "the link should open the shop").toMatch(new RegExp(`^${store.baseUrl}/shop/payment-collection/`))
})

test("shop: the shopper opens the link, sees the total and pays; the dashboard shows the back order charged", async ({
  shopper: page,
  dashboard,
  admin,
  store,
  placeBackorder,
}) => {
  const pending = await placeBackorder({ email: "ada.pay@example.com", backordered: 5 })
  await admin.post(`/admin/backorders/${pending.id}/charge`, { shipping_amount: 5, payment: "link" })
  const awaiting = await backorderById(admin, pending.id)
  await page.goto(present(awaiting.payment_link, "the charge gave no payment link"))
  await page.getByTestId("payment-collection").waitFor()
  await expect(page.getByTestId("payment-total"), "the payment page should ask the order total").toHaveText(
    await money(page, awaiting.order.total)
  )
  await screenshot(page, "shop-payment-link")
  await page.getByTestId("pay").click()
  await page.getByTestId("payment-done").waitFor()
  await screenshot(page, "shop-paid")

  // the capture settles the back order in a subscriber: the dashboard shows it once that ran
  await expect(async () => {
    await dashboard.goto(dashboardUrl(store, `/backorders/${pending.id}`))
    await expect(dashboard.getByTestId("backorder-status").first()).toHaveText("Charged", { timeout: 2_000 })
  }, "the dashboard should say Charged").toPass({ timeout: 60_000 })
  const backorder = await backorderById(admin, pending.id)
  expect(backorder.status, "the API's status").toBe("charged")
  expect(backorder.charged_at, "the API's charged_at").toBeTruthy()
  await screenshot(dashboard, "charged-by-link")
})

test("shop: a logged-in customer with only back-ordered items gets a confirmation and sees it under My back orders", async ({
  shopper: page,
  admin,
  store,
}) => {
  await makeAvailable(admin, TSHIRT_SKU, 0)
  const email = `kay.${Date.now()}@example.com`
  await page.goto(shopUrl(store, "/account"))
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill("secret-123")
  await page.getByRole("button", { name: "Create account" }).click()
  await page.getByText(`Logged in as ${email}`).waitFor()
  await page.getByTestId("my-backorders-empty").waitFor()
  await addTshirts(page, store, 2)
  const dialog = page.getByRole("dialog")
  await expect(dialog.getByTestId("backorder-question")).toHaveText(
    "There are only 0 of Medusa T-Shirt (L) in stock, and you have added 2, do you want to back order the other 2?"
  )
  await dialog.getByRole("button", { name: "Yes, back order the rest" }).click()
  await page.getByTestId("cart-line-backordered").waitFor()
  await expect(page.getByTestId("cart-line"), "an in-stock line with nothing in stock").toHaveCount(0)
  await checkOut(page, store, email, { withShipping: false })
  await page.getByRole("button", { name: "Place back order" }).click()
  const placed = await confirmationOf(page)
  expect(placed.type, "the completion's answer").toBe("backorder_only")
  await page.getByTestId("confirmation-backorder-only").waitFor()
  await page.getByTestId("confirmation-backorder").waitFor()
  await screenshot(page, "shop-confirmation-backorder-only")

  await page.goto(shopUrl(store, "/account"))
  const row = page.locator(`[data-backorder-id="${placed.backorder?.id}"]`)
  await expect(row.getByTestId("my-backorder-status"), "My back orders should say Pending").toHaveText(/^\s*Pending/)
  await expect(page.locator("[data-backorder-id]"), "My back orders lists another customer's back order").toHaveCount(1)
  await screenshot(page, "shop-my-backorders")
})
