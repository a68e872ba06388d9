// Benchmark, not a test: `npm run bench`. Measures what the plugin costs on Medusa's own store
// routes, as ratios against the plain Medusa path in the same app and the same run:
// - add to cart, setting off (plain Medusa: the plugin's middleware only reads the setting)
// - add to cart of an in-stock variant with the setting on (availability check, no split)
// - add to cart with a split accepted (in-stock line + back-order line, one workflow)
// - complete a cart, setting off (plain Medusa: the middleware falls through to core's route)
// - complete a cart without back-order lines, setting on (Medusa's completion, nested in the
//   plugin's workflow under the cart lock)
// - complete a cart with a back-order line (draft order + reservations + core completion)
// Results go to stdout and .test-results/bench.json. Nothing is asserted about time.
import fs from "fs"
import path from "path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdminUser } from "../utils/admin"
import { addLineItem, completeCart, createCart, prepareCheckout } from "../utils/cart"
import { seedStore } from "../utils/seed"

jest.setTimeout(30 * 60 * 1000)

const ROUNDS = Number(process.env.BENCH_ROUNDS || 15)

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - start) / 1e6
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    it("measures the plugin against plain Medusa", async () => {
      const container = getContainer()
      const admin = await createAdminUser(api, container)
      const store = await seedStore(container)
      // enough stock that the in-stock runs never run short
      const inventory = container.resolve("inventory") as any
      const [level] = await inventory.listInventoryLevels({ inventory_item_id: store.backorderInventoryItemId })
      const setStock = (stocked: number) => inventory.updateInventoryLevels([{ id: level.id, inventory_item_id: level.inventory_item_id, location_id: level.location_id, stocked_quantity: stocked }])

      const samples: Record<string, number[]> = {
        add_setting_off: [],
        complete_setting_off: [],
        add_in_stock_setting_on: [],
        add_split_accepted: [],
        complete_plain: [],
        complete_with_backorder: [],
      }

      for (let round = 0; round < ROUNDS; round++) {
        await setStock(1_000_000)
        await api.post("/admin/backorder-settings", { enabled: false }, admin)
        const offCart = await createCart(api, store)
        samples.add_setting_off.push(await timed(() => addLineItem(api, store, offCart.id, { variant_id: store.backorderVariantId, quantity: 1 })))
        await prepareCheckout(api, store, offCart.id)
        samples.complete_setting_off.push(await timed(() => completeCart(api, store, offCart.id)))

        await api.post("/admin/backorder-settings", { enabled: true }, admin)
        const plainCart = await createCart(api, store)
        samples.add_in_stock_setting_on.push(await timed(() => addLineItem(api, store, plainCart.id, { variant_id: store.backorderVariantId, quantity: 1 })))
        await prepareCheckout(api, store, plainCart.id)
        samples.complete_plain.push(await timed(() => completeCart(api, store, plainCart.id)))

        await setStock(1)
        const splitCart = await createCart(api, store)
        samples.add_split_accepted.push(
          await timed(() => addLineItem(api, store, splitCart.id, { variant_id: store.backorderVariantId, quantity: 2, metadata: { backorder: "accept" } }))
        )
        await prepareCheckout(api, store, splitCart.id)
        samples.complete_with_backorder.push(await timed(() => completeCart(api, store, splitCart.id)))
      }

      const medians = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.round(median(v))]))
      const ratios = {
        add_in_stock_setting_on_vs_off: +(medians.add_in_stock_setting_on / medians.add_setting_off).toFixed(2),
        add_split_accepted_vs_plain_add: +(medians.add_split_accepted / medians.add_setting_off).toFixed(2),
        complete_in_stock_setting_on_vs_off: +(medians.complete_plain / medians.complete_setting_off).toFixed(2),
        complete_with_backorder_vs_plain_complete: +(medians.complete_with_backorder / medians.complete_setting_off).toFixed(2),
      }
      const report = { rounds: ROUNDS, median_ms: medians, ratios }
      fs.mkdirSync(path.resolve(".test-results"), { recursive: true })
      fs.writeFileSync(path.resolve(".test-results/bench.json"), JSON.stringify(report, null, 2))
      process.stdout.write(`\nBENCH ${JSON.stringify(report, null, 2)}\n`)
      // every sample is a successful request; the timings themselves are reported, never asserted
      expect(Object.values(samples).every((v) => v.length === ROUNDS)).toBe(true)
    })
  },
})
