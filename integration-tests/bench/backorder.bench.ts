// Benchmark, not a test: `npm run bench:in-process`. Measures what the plugin costs on Medusa's own store
// routes, as ratios against the plain Medusa path in the same app and the same run:
// - add to cart, setting off (plain Medusa: the plugin's middleware only reads the setting)
// - add to cart of an in-stock variant with the setting on (availability check, no split)
// - add to cart with a split accepted (in-stock line + back-order line, one workflow)
// - complete a cart, setting off (plain Medusa: the middleware falls through to core's route)
// - complete a cart without back-order lines, setting on (Medusa's completion, nested in the
//   plugin's workflow under the cart lock)
// - complete a cart with a back-order line (draft order + reservations + core completion)
// - 20 concurrent completions of 20 different backorderable variants, setting on vs off: the
//   per-item stock lock must not serialise carts that share no inventory item
// - 20 concurrent completions of one variant, setting on vs off: serialised by the stock lock by
//   design, reported as wall time per completion
// Results go to stdout and .test-results/bench-in-process.json. Nothing is asserted about time.
// `npm run bench` (vs-medusa.bench.ts) measures against Medusa without the plugin instead.
import fs from "fs"
import path from "path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, ProductStatus } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createInventoryLevelsWorkflow, createProductsWorkflow } from "@medusajs/medusa/core-flows"
import { createAdminUser } from "../utils/admin"
import { addLineItem, completeCart, createCart, prepareCheckout } from "../utils/cart"
import { seedStore, type SeededStore } from "../utils/seed"

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

const CONCURRENT = 20

/** `count` backorderable variants, each stocked plenty at the seeded location. */
async function createBackorderableVariants(container: MedusaContainer, store: SeededStore, count: number) {
  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: Array.from({ length: count }, (_, i) => ({
        title: `Bench product ${i}`,
        status: ProductStatus.PUBLISHED,
        shipping_profile_id: store.shippingProfileId,
        options: [{ title: "Size", values: ["L"] }],
        sales_channels: [{ id: store.salesChannelId }],
        variants: [
          {
            title: "L",
            sku: `BENCH-${i}`,
            options: { Size: "L" },
            prices: [{ currency_code: "eur", amount: 10 }],
            manage_inventory: true,
            allow_backorder: true,
          },
        ],
      })),
    },
  })
  const variantIds = products.map((product) => product.variants[0].id)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["id", "inventory_items.inventory_item_id"],
    filters: { id: variantIds },
  })
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: variants.map((variant: any) => ({
        inventory_item_id: variant.inventory_items[0].inventory_item_id,
        location_id: store.stockLocationId,
        stocked_quantity: 1_000_000,
      })),
    },
  })
  return variantIds
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
      const reserved = async () =>
        Number((await inventory.listInventoryLevels({ inventory_item_id: store.backorderInventoryItemId }))[0].reserved_quantity)
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

        // one unit available (the earlier rounds' completions hold reservations): a real split
        await setStock((await reserved()) + 1)
        const splitCart = await createCart(api, store)
        samples.add_split_accepted.push(
          await timed(() => addLineItem(api, store, splitCart.id, { variant_id: store.backorderVariantId, quantity: 2, metadata: { backorder: "accept" } }))
        )
        await prepareCheckout(api, store, splitCart.id)
        samples.complete_with_backorder.push(await timed(() => completeCart(api, store, splitCart.id)))
      }

      // concurrency: 20 shoppers complete at once, each cart ready to pay beforehand
      const variantIds = await createBackorderableVariants(container, store, CONCURRENT)
      await setStock(1_000_000)
      const concurrentCompletions = async (variantOf: (i: number) => string) => {
        const carts: string[] = []
        for (let i = 0; i < CONCURRENT; i++) {
          const cart = await createCart(api, store)
          await addLineItem(api, store, cart.id, { variant_id: variantOf(i), quantity: 1 })
          await prepareCheckout(api, store, cart.id)
          carts.push(cart.id)
        }
        return timed(() => Promise.all(carts.map((id) => completeCart(api, store, id))))
      }
      const concurrent = { different_off: [] as number[], different_on: [] as number[], same_off: [] as number[], same_on: [] as number[] }
      const CONCURRENT_ROUNDS = Math.max(1, Math.ceil(ROUNDS / 5))
      for (let round = 0; round < CONCURRENT_ROUNDS; round++) {
        for (const enabled of [false, true]) {
          await api.post("/admin/backorder-settings", { enabled }, admin)
          const suffix = enabled ? "on" : "off"
          concurrent[`different_${suffix}`].push(await concurrentCompletions((i) => variantIds[i]))
          concurrent[`same_${suffix}`].push(await concurrentCompletions(() => store.backorderVariantId))
        }
      }
      const concurrentMedians = Object.fromEntries(
        Object.entries(concurrent).map(([k, v]) => [`${CONCURRENT}_concurrent_completions_${k}`, Math.round(median(v))])
      )

      const medians = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.round(median(v))]))
      const ratios = {
        add_in_stock_setting_on_vs_off: +(medians.add_in_stock_setting_on / medians.add_setting_off).toFixed(2),
        add_split_accepted_vs_plain_add: +(medians.add_split_accepted / medians.add_setting_off).toFixed(2),
        complete_in_stock_setting_on_vs_off: +(medians.complete_plain / medians.complete_setting_off).toFixed(2),
        complete_with_backorder_vs_plain_complete: +(medians.complete_with_backorder / medians.complete_setting_off).toFixed(2),
      }
      const wall = (k: string) => concurrentMedians[`${CONCURRENT}_concurrent_completions_${k}`]
      Object.assign(ratios, {
        concurrent_different_variants_setting_on_vs_off: +(wall("different_on") / wall("different_off")).toFixed(2),
        concurrent_same_variant_setting_on_vs_off: +(wall("same_on") / wall("same_off")).toFixed(2),
      })
      const perCompletion = {
        same_variant_setting_on_ms: Math.round(wall("same_on") / CONCURRENT),
        same_variant_setting_off_ms: Math.round(wall("same_off") / CONCURRENT),
        different_variants_setting_on_ms: Math.round(wall("different_on") / CONCURRENT),
      }
      const report = {
        rounds: ROUNDS,
        concurrent_rounds: CONCURRENT_ROUNDS,
        median_ms: { ...medians, ...concurrentMedians },
        wall_time_per_completion_when_concurrent: perCompletion,
        ratios,
      }
      fs.mkdirSync(path.resolve(".test-results"), { recursive: true })
      fs.writeFileSync(path.resolve(".test-results/bench-in-process.json"), JSON.stringify(report, null, 2))
      process.stdout.write(`\nBENCH ${JSON.stringify(report, null, 2)}\n`)
      // every sample is a successful request; the timings themselves are reported, never asserted
      expect(Object.values(samples).every((v) => v.length === ROUNDS)).toBe(true)
      expect(Object.values(concurrent).every((v) => v.length === CONCURRENT_ROUNDS)).toBe(true)
    })
  },
})
