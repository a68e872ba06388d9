// Drives Chromium through the recipe in Medusa's Next.js starter (scripts/try-dtc-starter.sh):
// Yes, No, a back-order-only cart, a stock change at checkout, paying a payment link. Each
// journey asserts the books through the admin API and leaves a screenshot in docs/images/.
// Environment: STOREFRONT (http://localhost:8000), BACKEND (the demo store), PUBLISHABLE_KEY,
// ADMIN_EMAIL / ADMIN_PASSWORD, SHOTS (the screenshot directory).
import { chromium } from "@playwright/test"
import assert from "node:assert/strict"
import path from "node:path"

const STOREFRONT = process.env.STOREFRONT || "http://localhost:8000"
const BACKEND = process.env.BACKEND || "http://localhost:9000"
const KEY = process.env.PUBLISHABLE_KEY
const SHOTS = process.env.SHOTS || "docs/images"
const COUNTRY = "de"
const TSHIRT = { handle: "backorder-t-shirt", sku: "TSHIRT-L", title: "Medusa T-Shirt (L)" }

let token
async function admin(method, route, body) {
  if (!token) {
    const r = await fetch(`${BACKEND}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: process.env.ADMIN_EMAIL || "admin@example.com", password: process.env.ADMIN_PASSWORD || "supersecret" }),
    })
    token = (await r.json()).token
  }
  const r = await fetch(`${BACKEND}${route}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  const data = await r.json().catch(() => ({}))
  if (!r.ok) throw new Error(`${method} ${route}: ${r.status} ${JSON.stringify(data)}`)
  return data
}

/** Exactly `available` units sellable from the shelf, whatever earlier journeys reserved. */
async function makeAvailable(available) {
  const { inventory_items } = await admin("GET", `/admin/inventory-items?sku=${TSHIRT.sku}`)
  const { inventory_levels } = await admin("GET", `/admin/inventory-items/${inventory_items[0].id}/location-levels`)
  const level = inventory_levels[0]
  await admin("POST", `/admin/inventory-items/${inventory_items[0].id}/location-levels/${level.location_id}`, {
    stocked_quantity: Number(level.reserved_quantity) + available,
  })
}

async function backordersOf(orderId) {
  return (await admin("GET", `/admin/backorders?order_id=${orderId}&limit=10&offset=0`)).backorders
}

const results = []
async function journey(name, fn) {
  const started = Date.now()
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  try {
    await fn(page)
    results.push({ name, ok: true, seconds: (Date.now() - started) / 1000 })
    console.log(`PASS ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  } catch (error) {
    await page.screenshot({ path: path.join(SHOTS, `dtc-failed-${name.replace(/\W+/g, "-")}.png`) }).catch(() => {})
    results.push({ name, ok: false, error: error.message })
    console.log(`FAIL ${name}: ${error.message}`)
  } finally {
    await context.close()
  }
}

const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, `dtc-${name}.png`), fullPage: true })

async function addTshirts(page, quantity) {
  await page.goto(`${STOREFRONT}/${COUNTRY}/products/${TSHIRT.handle}`)
  await page.waitForLoadState("networkidle")
  const input = page.getByTestId("product-quantity").first()
  // a value typed before React hydrates the page is reset: type until it holds
  for (let i = 0; i < 20 && (await input.inputValue()) !== String(quantity); i++) {
    await input.fill(String(quantity))
    await page.waitForTimeout(250)
  }
  assert.equal(await input.inputValue(), String(quantity))
  await page.getByTestId("add-product-button").first().click()
}

async function fillAddress(page, email) {
  await page.goto(`${STOREFRONT}/${COUNTRY}/checkout?step=address`)
  await page.getByTestId("shipping-first-name-input").fill("Ada")
  await page.getByTestId("shipping-last-name-input").fill("Lovelace")
  await page.getByTestId("shipping-address-input").fill("Hauptstraße 1")
  await page.getByTestId("shipping-postal-code-input").fill("10115")
  await page.getByTestId("shipping-city-input").fill("Berlin")
  await page.getByTestId("shipping-country-select").selectOption(COUNTRY)
  await page.getByTestId("shipping-email-input").fill(email)
  await page.getByTestId("submit-address-button").click()
}

async function deliveryAndPayment(page) {
  await page.waitForURL(/step=delivery/)
  await page.getByTestId("delivery-option-radio").first().click()
  await page.getByTestId("submit-delivery-option-button").click()
  await page.waitForURL(/step=payment/)
  await page.getByText("Manual Payment").click()
  await page.getByTestId("submit-payment-button").click()
  await page.waitForURL(/step=review/)
}

async function cartIdOf(page) {
  const cookies = await page.context().cookies()
  return cookies.find((c) => c.name === "_medusa_cart_id")?.value
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium" })
const started = Date.now()
let yesBackorderId = null

await journey("Yes: back order the rest, pay for what is in stock", async (page) => {
  await makeAvailable(5)
  await addTshirts(page, 10)
  const dialog = page.getByTestId("backorder-dialog")
  await dialog.waitFor({ state: "visible" })
  assert.equal(
    await page.getByTestId("backorder-prompt").innerText(),
    `There are only 5 of ${TSHIRT.title} in stock, and you have added 10, do you want to back order the other 5?`
  )
  // modal: the page behind is inert (showModal puts the dialog in the top layer)
  assert.equal(await dialog.evaluate((d) => d.matches(":modal")), true)
  await shot(page, "prompt")
  await dialog.getByText("Yes, back order the rest").click()
  await dialog.waitFor({ state: "hidden" })
  await page.goto(`${STOREFRONT}/${COUNTRY}/cart`)
  await page.getByTestId("backorder-later-price").first().waitFor()
  assert.match(await page.getByTestId("backorder-later-price").first().innerText(), /100,00\s*€|€\s*100\.00/)
  await shot(page, "cart")
  await fillAddress(page, "ada.yes@example.com")
  await deliveryAndPayment(page)
  await page.getByTestId("submit-order-button").click()
  await page.waitForURL(/\/order\/.+\/confirmed\?backorder=/)
  const reference = await page.getByTestId("backorder-reference").innerText()
  assert.match(reference, /^BO-[0-9A-Z]{8}$/)
  await shot(page, "confirmation")
  const orderId = page.url().match(/order\/([^/]+)\/confirmed/)[1]
  const { order } = await admin("GET", `/admin/orders/${orderId}?fields=id,items.quantity,items.unit_price,total`)
  assert.deepEqual(order.items.map((i) => [i.quantity, i.unit_price]), [[5, 20]])
  const [backorder] = await backordersOf(orderId)
  assert.equal(backorder.status, "pending")
  assert.equal(backorder.reference, reference)
  assert.deepEqual(backorder.order.items.map((i) => i.quantity), [5])
  yesBackorderId = backorder.id
})

await journey("No: only the available", async (page) => {
  await makeAvailable(5)
  await addTshirts(page, 10)
  await page.getByTestId("backorder-dialog").waitFor({ state: "visible" })
  await page.getByText("No, only the available").click()
  await page.getByTestId("backorder-dialog").waitFor({ state: "hidden" })
  const cartId = await cartIdOf(page)
  const r = await fetch(`${BACKEND}/store/carts/${cartId}?fields=items.quantity,items.metadata`, { headers: { "x-publishable-api-key": KEY } })
  const { cart } = await r.json()
  assert.deepEqual(cart.items.map((i) => [i.quantity, !!i.metadata?.is_backorder]), [[5, false]])
  await page.goto(`${STOREFRONT}/${COUNTRY}/cart`)
  await shot(page, "cart-declined")
})

await journey("A back-order-only cart: no shipping, no payment", async (page) => {
  await makeAvailable(0)
  await addTshirts(page, 2)
  await page.getByTestId("backorder-dialog").waitFor({ state: "visible" })
  assert.match(await page.getByTestId("backorder-prompt").innerText(), /^There are only 0 of/)
  await page.getByText("Yes, back order the rest").click()
  await page.getByTestId("backorder-dialog").waitFor({ state: "hidden" })
  const cartId = await cartIdOf(page)
  await fillAddress(page, "ada.only@example.com")
  await page.waitForURL(/step=review/)
  await page.getByTestId("backorder-only-note").waitFor()
  await shot(page, "checkout-backorder-only")
  await page.getByTestId("place-backorder-button").click()
  await page.waitForURL(/\/backorder\/.+\/confirmed\?/)
  const reference = await page.getByTestId("backorder-reference").innerText()
  await shot(page, "confirmation-backorder-only")
  const { backorders } = await admin("GET", `/admin/backorders?limit=50&offset=0`)
  const backorder = backorders.find((b) => b.cart_id === cartId)
  assert.equal(backorder.reference, reference)
  assert.equal(backorder.status, "pending")
  assert.equal(backorder.source_order, null)
  assert.deepEqual(backorder.order.items.map((i) => i.quantity), [2])
})

await journey("A stock change at checkout: asked again, then ordered", async (page) => {
  await makeAvailable(5)
  await addTshirts(page, 3)
  // 3 of 5: no question
  await page.waitForTimeout(1500)
  assert.equal(await page.getByTestId("backorder-dialog").isVisible(), false)
  await fillAddress(page, "ada.stock@example.com")
  await deliveryAndPayment(page)
  // another shopper takes the stock: 1 left
  await makeAvailable(1)
  await page.getByTestId("submit-order-button").click()
  await page.getByTestId("stock-changed-message").waitFor()
  await page.getByTestId("backorder-dialog").waitFor({ state: "visible" })
  assert.equal(
    await page.getByTestId("backorder-prompt").innerText(),
    `There is only 1 of ${TSHIRT.title} in stock, and you have added 3, do you want to back order the other 2?`
  )
  await shot(page, "stock-changed")
  await page.getByText("Yes, back order the rest").click()
  await page.waitForURL(/step=payment/)
  await page.getByText("Manual Payment").click()
  await page.getByTestId("submit-payment-button").click()
  await page.waitForURL(/step=review/)
  await page.getByTestId("submit-order-button").click()
  await page.waitForURL(/\/order\/.+\/confirmed\?backorder=/)
  const orderId = page.url().match(/order\/([^/]+)\/confirmed/)[1]
  const { order } = await admin("GET", `/admin/orders/${orderId}?fields=id,items.quantity`)
  assert.deepEqual(order.items.map((i) => i.quantity), [1])
  const [backorder] = await backordersOf(orderId)
  assert.deepEqual(backorder.order.items.map((i) => i.quantity), [2])
})

await journey("Paying a payment link", async (page) => {
  assert.ok(yesBackorderId, "the Yes journey's back order")
  const { backorder } = await admin("POST", `/admin/backorders/${yesBackorderId}/charge`, { shipping_amount: 10, payment: "link" })
  assert.equal(backorder.status, "awaiting_payment")
  assert.match(backorder.payment_link, new RegExp(`^${STOREFRONT}/${COUNTRY}/payment-collection/`))
  await page.goto(backorder.payment_link)
  await page.getByTestId("payment-link-total").waitFor()
  await shot(page, "payment-link")
  await page.getByTestId("pay-with-pp_test-card_test").click()
  await page.getByTestId("payment-link-paid").waitFor()
  await shot(page, "paid")
  let status
  for (let i = 0; i < 20 && status !== "charged"; i++) {
    status = (await admin("GET", `/admin/backorders/${yesBackorderId}`)).backorder.status
    if (status !== "charged") await new Promise((r) => setTimeout(r, 500))
  }
  assert.equal(status, "charged")
})

await browser.close()
console.log(`\n${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`)
process.exit(results.every((r) => r.ok) ? 0 : 1)
