// A variant's back-order rules in the dashboard's variant widget, and what the demo shop shows of
// them: the date and message on the product page, in the prompt and on the back-order line, and a
// prompt that offers no more than the limit leaves. The rules are cleared again afterwards, so
// the other browser tests find the t-shirt without them.
import type { Api } from "./lib/api"
import { makeAvailable, setBackordersEnabled, TSHIRT_HANDLE, TSHIRT_SKU } from "./lib/api"
import { dashboardUrl, expect, screenshot, shopUrl, test } from "./fixtures"

type Settings = { limit: number | null; ships_on: string | null; message: string | null; outstanding: number }

async function tshirtPath(admin: Api): Promise<string> {
  const { products } = await admin.get<{ products: { id: string; variants: { id: string }[] }[] }>(
    `/admin/products?handle=${TSHIRT_HANDLE}&fields=id,variants.id`
  )
  return `/products/${products[0].id}/variants/${products[0].variants[0].id}`
}

const settingsOf = async (admin: Api, path: string) =>
  (await admin.get<{ backorder_settings: Settings }>(`/admin${path}/backorder-settings`)).backorder_settings

test.afterEach(async ({ admin }) => {
  await admin.post(`/admin${await tshirtPath(admin)}/backorder-settings`, { limit: null, ships_on: null, message: null })
})

test("dashboard + shop: the variant widget sets a limit, a date and a message; the shop shows them and offers no more than the limit leaves", async ({
  dashboard,
  shopper: page,
  admin,
  store,
}) => {
  await setBackordersEnabled(admin, true)
  await makeAvailable(admin, TSHIRT_SKU, 5)
  const path = await tshirtPath(admin)
  const { outstanding } = await settingsOf(admin, path)
  // other tests may have left back orders of the t-shirt: the limit leaves exactly 3 on top of them
  const limit = outstanding + 3
  const shipsOn = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10)

  await dashboard.goto(dashboardUrl(store, path))
  const widget = dashboard.getByTestId("variant-backorder-settings-widget")
  await expect(widget.getByTestId("variant-backorder-outstanding")).toHaveText(`On back order now: ${outstanding} (no limit)`)
  await widget.locator("#variant-backorder-limit").fill(String(limit))
  await widget.locator("#variant-backorder-ships-on").fill(shipsOn)
  await widget.locator("#variant-backorder-message").fill("Ships in 2–3 weeks")
  await widget.getByRole("button", { name: "Save" }).click()
  await expect(widget.getByTestId("variant-backorder-outstanding")).toHaveText(`On back order now: ${outstanding} of ${limit}`)
  expect(await settingsOf(admin, path), "the widget's values were not saved").toMatchObject({ limit, ships_on: shipsOn, message: "Ships in 2–3 weeks" })
  await screenshot(dashboard, "variant-backorder-settings")

  await page.goto(shopUrl(store, "/"))
  const card = page.locator(`[data-testid="product"][data-sku="${TSHIRT_SKU}"]`)
  await expect(card.getByTestId("backorder-ships")).toContainText("Ships in 2–3 weeks")
  await expect(card.getByTestId("backorder-ships")).toContainText("Ships on")
  await card.getByTestId("quantity").fill("10")
  await card.getByRole("button", { name: "Add to cart" }).click()
  const dialog = page.getByRole("dialog")
  await expect(dialog.getByTestId("backorder-question")).toHaveText(
    "There are only 5 of Medusa T-Shirt (L) in stock, and you have added 10. Only 3 more units can be back ordered " +
      "(the store can back order no more of it): do you want to back order 3?"
  )
  await expect(dialog.getByTestId("backorder-dialog-ships")).toContainText("Ships in 2–3 weeks")
  await screenshot(page, "shop-prompt-limited")
  await dialog.getByRole("button", { name: "Yes, back order 3" }).click()
  await page.waitForURL((url) => url.pathname.endsWith("/shop/cart"))
  const backordered = page.getByTestId("cart-line-backordered")
  await expect(backordered.getByTestId("line-quantity")).toHaveText("3")
  await expect(backordered.getByTestId("backorder-line-ships")).toContainText("Ships in 2–3 weeks")
})
