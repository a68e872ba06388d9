// The shopper's side in the browser: the demo shop (demo/shop, served by the demo store under
// /shop) driven like a person would, then the admin charges by payment link in the dashboard
// and the shopper pays that link in the shop. Run by e2e/run.mjs after the dashboard steps,
// with its step(), assert() and screenshot helpers, so there is one entry point and one result.

const SHIRT_SKU = "TSHIRT-L"
const SEED_SENTENCE_10_OF_5 =
  "There are only 5 of Medusa T-Shirt (L) in stock, and you have added 10, do you want to back order the other 5?"

const SHOPPER = {
  first_name: "Ada",
  last_name: "Lovelace",
  address_1: "Torstr. 10",
  postal_code: "10119",
  city: "Berlin",
}

/**
 * @param {{
 *   step: (name: string, fn: () => Promise<void>) => Promise<void>,
 *   assert: (condition: unknown, message: string) => void,
 *   screenshot: (page: import("playwright-core").Page, name: string) => Promise<void>,
 *   browser: import("playwright-core").Browser,
 *   adminPage: import("playwright-core").Page,
 *   setCurrentPage: (page: import("playwright-core").Page) => void,
 *   store: { baseUrl: string },
 *   admin: { get: (url: string) => Promise<any>, post: (url: string, body?: unknown) => Promise<any> },
 *   shop: { get: (url: string) => Promise<any> },
 *   formatInPage: (page: import("playwright-core").Page, amount: number, currency: string) => Promise<string>,
 * }} ctx
 */
export async function shopJourneys(ctx) {
  const { step, assert, screenshot, browser, adminPage, setCurrentPage, store, admin, shop, formatInPage } = ctx
  const shopUrl = (route = "/") => `${store.baseUrl}/shop${route}`
  const money = (page, amount) => formatInPage(page, amount, "eur")

  /** The merchant's stock of the t-shirt set so that exactly `available` units can be sold from the shelf. */
  async function makeAvailable(available) {
    const { inventory_items } = await admin.get(`/admin/inventory-items?sku=${SHIRT_SKU}`)
    const item = inventory_items[0]
    const { inventory_levels } = await admin.get(`/admin/inventory-items/${item.id}/location-levels`)
    const level = inventory_levels[0]
    await admin.post(`/admin/inventory-items/${item.id}/location-levels/${level.location_id}`, {
      stocked_quantity: Number(level.reserved_quantity) + available,
    })
  }

  /** A shopper with a browser of their own (their own cart and login). */
  async function shopper() {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" })
    context.setDefaultTimeout(30000)
    const page = await context.newPage()
    setCurrentPage(page)
    return { context, page }
  }

  const tshirtCard = (page) => page.locator(`[data-testid="product"][data-sku="${SHIRT_SKU}"]`)

  async function addTshirts(page, quantity) {
    await page.goto(shopUrl("/"))
    const card = tshirtCard(page)
    await card.waitFor()
    await card.getByTestId("quantity").fill(String(quantity))
    await card.getByRole("button", { name: "Add to cart" }).click()
  }

  async function cartOf(page) {
    const cartId = await page.evaluate(() => window.localStorage.getItem("demo_shop_cart_id"))
    assert(cartId, "the shop keeps no cart id")
    return (await shop.get(`/store/carts/${cartId}?fields=*items,item_subtotal,shipping_total,tax_total,total`)).cart
  }

  async function checkOut(page, email, { withShipping = true } = {}) {
    await page.goto(shopUrl("/checkout"))
    const form = page.locator("form.form")
    await form.locator('input[name="email"]').fill(email)
    for (const [name, value] of Object.entries(SHOPPER)) {
      await form.locator(`input[name="${name}"]`).fill(value)
    }
    if (withShipping) {
      await form.getByTestId("shipping-option").waitFor()
      await page.waitForFunction(() => document.querySelector('[data-testid="shipping-option"]')?.options.length > 0)
    }
    // the address and shipping go onto the cart first, so the totals shown are what is charged
    await form.getByTestId("checkout-continue").click()
    await form.getByTestId("place-order").waitFor()
  }

  async function confirmationOf(page) {
    await page.waitForURL((url) => url.pathname.endsWith("/shop/confirmation"))
    await page.getByTestId("confirmation").waitFor()
    return page.evaluate(() => JSON.parse(window.sessionStorage.getItem("demo_shop_confirmation")))
  }

  let first = null
  let yes = null

  await step("shop: the t-shirt shows 5 in stock; adding 10 asks the seed's question in a dialog", async () => {
    await makeAvailable(5)
    yes = await shopper()
    const { page } = yes
    await page.goto(shopUrl("/"))
    await tshirtCard(page).waitFor()
    const stock = (await tshirtCard(page).getByTestId("stock-state").innerText()).trim()
    assert(stock === "5 in stock", `the product says "${stock}"`)
    await screenshot(page, "shop-products")
    await addTshirts(page, 10)
    const dialog = page.getByRole("dialog")
    await dialog.waitFor()
    const question = (await dialog.getByTestId("backorder-question").innerText()).trim()
    assert(question === SEED_SENTENCE_10_OF_5, `the dialog asks "${question}"`)
    assert(await dialog.getByRole("button", { name: "Yes, back order the rest" }).isVisible(), "no Yes button")
    assert(await dialog.getByRole("button", { name: "No, only the available" }).isVisible(), "no No button")
    await screenshot(page, "shop-prompt")
  })

  await step("shop: Yes → two lines, the back-ordered one labelled and priced to be charged later; totals only what is charged now", async () => {
    const { page } = yes
    await page.getByRole("button", { name: "Yes, back order the rest" }).click()
    await page.waitForURL((url) => url.pathname.endsWith("/shop/cart"))
    const inStock = page.getByTestId("cart-line")
    const backordered = page.getByTestId("cart-line-backordered")
    await backordered.waitFor()
    assert((await inStock.count()) === 1 && (await backordered.count()) === 1, "expected one in-stock and one back-ordered line")
    assert((await inStock.getByTestId("line-quantity").innerText()).trim() === "5", "in-stock line should hold 5")
    assert((await backordered.getByTestId("line-quantity").innerText()).trim() === "5", "back-ordered line should hold 5")
    assert((await backordered.getByTestId("backorder-label").innerText()).trim() === "back ordered", "the back-ordered line is not labelled")
    const later = await backordered.getByTestId("line-amount").innerText()
    assert(later.includes(await money(page, 100)) && later.includes("to be charged later"), `the back-ordered line shows "${later}"`)

    const cart = await cartOf(page)
    for (const [testId, amount] of [
      ["total-items", cart.item_subtotal],
      ["total-now", cart.total],
      ["total-later", 100],
    ]) {
      const shown = (await page.getByTestId(testId).innerText()).trim()
      assert(shown === (await money(page, amount)), `${testId}: the shop shows ${shown}, the store says ${amount}`)
    }
    assert(Number(cart.item_subtotal) === 100, `Medusa's item subtotal is ${cart.item_subtotal}, not 5 × 20`)
    await screenshot(page, "shop-cart")
  })

  await step("shop: checkout (email, address, shipping, manual payment) → confirmation with the order and the pending back order", async () => {
    const { page } = yes
    await checkOut(page, "ada.shop@example.com")
    const cart = await cartOf(page)
    // 5 × 20 + 10 shipping, 19 % tax: 130.90 charged now; the back-ordered 5 are not in it
    assert(Math.abs(Number(cart.total) - 130.9) < 1e-6, `the store's cart total is ${cart.total}`)
    for (const [testId, amount] of [
      ["total-items", cart.item_subtotal],
      ["total-tax", cart.tax_total],
      ["total-now", cart.total],
    ]) {
      const shown = (await page.getByTestId(testId).innerText()).trim()
      assert(shown === (await money(page, amount)), `checkout ${testId}: the shop shows ${shown}, the store says ${amount}`)
    }
    const button = (await page.getByTestId("place-order").innerText()).trim()
    assert(button === `Place order: pay ${await money(page, cart.total)}`, `the button says "${button}"`)
    await screenshot(page, "shop-checkout")
    await page.getByTestId("place-order").click()
    const placed = await confirmationOf(page)
    assert(placed.type === "order" && placed.backorder, `the completion answered ${placed?.type}`)
    const { backorders } = await admin.get(`/admin/backorders?order_id=${placed.order.id}`)
    assert(backorders.length === 1 && backorders[0].status === "pending", "the dashboard's API has no pending back order for the order")
    first = backorders[0]
    const order = (await admin.get(`/admin/orders/${placed.order.id}?fields=id,total,*items`)).order
    assert(order.items.reduce((n, i) => n + Number(i.quantity), 0) === 5, "the order should hold the 5 in stock")
    // 5 × 20 + 10 shipping, 19 % tax
    assert(Math.abs(Number(order.total) - 130.9) < 1e-6, `order total ${order.total}`)
    assert((await page.getByTestId("order-total").innerText()).trim() === (await money(page, order.total)), "the confirmation shows another order total")
    const panel = page.getByTestId("confirmation-backorder")
    assert((await panel.innerText()).includes(`Pending back order #${first.order.display_id}`), "the confirmation does not name the pending back order")
    assert(
      (await panel.getByTestId("backorder-later-total").innerText()).trim() === (await money(page, first.order.total)),
      "the back order's later total differs from the API's"
    )
    await screenshot(page, "shop-confirmation")
  })

  await step("shop: a second shopper answers No and gets the 5 available", async () => {
    await makeAvailable(5)
    const { page, context } = await shopper()
    await addTshirts(page, 10)
    const dialog = page.getByRole("dialog")
    await dialog.waitFor()
    assert((await dialog.getByTestId("backorder-question").innerText()).trim() === SEED_SENTENCE_10_OF_5, "not the seed's sentence")
    await dialog.getByRole("button", { name: "No, only the available" }).click()
    await page.waitForURL((url) => url.pathname.endsWith("/shop/cart"))
    await page.getByTestId("cart-line").waitFor()
    assert((await page.getByTestId("cart-line-backordered").count()) === 0, "a back-ordered line after No")
    assert((await page.getByTestId("cart-line").getByTestId("line-quantity").innerText()).trim() === "5", "No should add the 5 available")
    const cart = await cartOf(page)
    assert(cart.items.length === 1 && Number(cart.items[0].quantity) === 5, "the store's cart should hold one line of 5")
    await screenshot(page, "shop-cart-declined")
    await checkOut(page, "grace.shop@example.com")
    await page.getByTestId("place-order").click()
    const placed = await confirmationOf(page)
    assert(placed.type === "order" && !placed.backorder, "answering No must place no back order")
    assert((await page.getByTestId("confirmation-backorder").count()) === 0, "the confirmation shows a back order after No")
    await context.close()
  })

  await step("shop: stock falls during checkout → the seed's question again (not an error); Yes places a back order", async () => {
    await makeAvailable(5)
    const { page, context } = await shopper()
    await addTshirts(page, 3)
    await page.waitForURL((url) => url.pathname.endsWith("/shop/cart"))
    await checkOut(page, "alan.shop@example.com")
    // another shopper bought meanwhile: 1 left
    await makeAvailable(1)
    await page.getByTestId("place-order").click()
    const dialog = page.getByRole("dialog")
    await dialog.waitFor()
    const question = (await dialog.getByTestId("backorder-question").innerText()).trim()
    assert(
      question === "There are only 1 of Medusa T-Shirt (L) in stock, and you have added 3, do you want to back order the other 2?",
      `the checkout asks "${question}"`
    )
    assert((await page.locator(".error").count()) === 0, "the stock change was shown as an error")
    await screenshot(page, "shop-stock-changed")
    await dialog.getByRole("button", { name: "Yes, back order the rest" }).click()
    await page.getByTestId("checkout-message").waitFor()
    await page.getByTestId("place-order").click()
    const placed = await confirmationOf(page)
    assert(placed.type === "order" && placed.backorder, `the second completion answered ${placed?.type}`)
    assert(placed.backorder.draft_order.items[0].quantity === 2, "2 should be back ordered")
    await context.close()
  })

  await step("dashboard: the admin charges the shop's back order with a payment link that points at the shop", async () => {
    const page = adminPage
    setCurrentPage(page)
    await page.goto(`${store.baseUrl}/app/backorders/${first.id}`)
    const form = page.getByTestId("backorder-charge-form")
    await form.waitFor()
    await form.getByTestId("backorder-shipping-amount").fill("5")
    await form.getByTestId("backorder-payment-link").click()
    await form.getByTestId("backorder-charge").click()
    const dialog = page.getByRole("alertdialog")
    await dialog.waitFor()
    await dialog.getByRole("button", { name: "Create payment link" }).click()
    const link = page.getByTestId("backorder-result").getByTestId("backorder-payment-link")
    await link.waitFor()
    const { backorder } = await admin.get(`/admin/backorders/${first.id}`)
    assert(backorder.status === "awaiting_payment", `API status ${backorder.status}`)
    assert((await link.innerText()).trim() === backorder.payment_link, "the dashboard shows another link than the API")
    assert(backorder.payment_link.startsWith(`${store.baseUrl}/shop/payment-collection/`), `the link does not open the shop: ${backorder.payment_link}`)
    first = backorder
  })

  await step("shop: the shopper opens the link, sees the total and pays; the dashboard shows the back order charged", async () => {
    const { page } = yes
    setCurrentPage(page)
    await page.goto(first.payment_link)
    await page.getByTestId("payment-collection").waitFor()
    await page.getByTestId("payment-total").waitFor()
    const total = (await page.getByTestId("payment-total").innerText()).trim()
    assert(total === (await money(page, first.order.total)), `the payment page asks ${total}, the order total is ${first.order.total}`)
    await screenshot(page, "shop-payment-link")
    await page.getByTestId("pay").click()
    await page.getByTestId("payment-done").waitFor()
    await screenshot(page, "shop-paid")

    setCurrentPage(adminPage)
    let status = ""
    for (let i = 0; i < 20 && status !== "Charged"; i++) {
      await adminPage.goto(`${store.baseUrl}/app/backorders/${first.id}`)
      await adminPage.getByTestId("backorder-status").first().waitFor()
      status = (await adminPage.getByTestId("backorder-status").first().innerText()).trim()
      if (status !== "Charged") await adminPage.waitForTimeout(500)
    }
    assert(status === "Charged", `the dashboard says ${status}`)
    const { backorder } = await admin.get(`/admin/backorders/${first.id}`)
    assert(backorder.status === "charged" && backorder.charged_at, `API status ${backorder.status}`)
    await screenshot(adminPage, "charged-by-link")
    await yes.context.close()
  })

  await step("shop: a logged-in customer with only back-ordered items gets a confirmation and sees it under My back orders", async () => {
    await makeAvailable(0)
    const { page, context } = await shopper()
    const email = `kay.${Date.now()}@example.com`
    await page.goto(shopUrl("/account"))
    await page.locator('input[name="email"]').fill(email)
    await page.locator('input[name="password"]').fill("secret-123")
    await page.getByRole("button", { name: "Create account" }).click()
    await page.getByText(`Logged in as ${email}`).waitFor()
    await page.getByTestId("my-backorders-empty").waitFor()
    await addTshirts(page, 2)
    const dialog = page.getByRole("dialog")
    await dialog.waitFor()
    const question = (await dialog.getByTestId("backorder-question").innerText()).trim()
    assert(
      question === "There are only 0 of Medusa T-Shirt (L) in stock, and you have added 2, do you want to back order the other 2?",
      `the dialog asks "${question}"`
    )
    await dialog.getByRole("button", { name: "Yes, back order the rest" }).click()
    await page.getByTestId("cart-line-backordered").waitFor()
    assert((await page.getByTestId("cart-line").count()) === 0, "an in-stock line with nothing in stock")
    await checkOut(page, email, { withShipping: false })
    await page.getByRole("button", { name: "Place back order" }).click()
    const placed = await confirmationOf(page)
    assert(placed.type === "backorder_only", `the completion answered ${placed?.type}`)
    await page.getByTestId("confirmation-backorder-only").waitFor()
    await page.getByTestId("confirmation-backorder").waitFor()
    await screenshot(page, "shop-confirmation-backorder-only")

    await page.goto(shopUrl("/account"))
    const row = page.locator(`[data-backorder-id="${placed.backorder.id}"]`)
    await row.waitFor()
    assert((await row.getByTestId("my-backorder-status").innerText()).trim().startsWith("Pending"), "My back orders should say Pending")
    assert((await page.locator("[data-backorder-id]").count()) === 1, "My back orders lists another customer's back order")
    await screenshot(page, "shop-my-backorders")
    await context.close()
  })
}
