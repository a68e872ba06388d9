// Benchmark, not a test: `npm run bench`. What the plugin costs on Medusa's own store routes,
// measured against Medusa WITHOUT the plugin: the same built app (integration-tests/scale/app)
// and the same seeded store run as two single processes on Medusa's defaults, on one PostgreSQL
// (two databases), one with the plugin and one without. Every round prepares both sides
// untimed, then times the same request on each, alternating which goes first. Medians and
// ratios go to stdout and .test-results/bench.json. Nothing is asserted about time.
import fs from "fs"
import path from "path"
import { ADDRESS, type Admin, readyCart, signIn, storeOf } from "../scale/shop"
import { type SingleStore, startSingleStore } from "../scale/topology"

jest.setTimeout(60 * 60 * 1000)

const ROUNDS = Number(process.env.BENCH_ROUNDS || 15)
const GROWTH_ROUNDS = Number(process.env.BENCH_GROWTH_ROUNDS || 5)
const CART_SIZES = [1, 10, 50]
const QUEUE_SIZE = Number(process.env.BENCH_QUEUE_SIZE || 1_000)
const CATALOG_VARIANTS = Number(process.env.BENCH_CATALOG_VARIANTS || 10_000)
const GROW_SCRIPT = path.join(__dirname, "grow-store.ts")
const PLENTY = 1_000_000
/** The concurrency rows: checkouts fired together at a card gateway that takes this long to authorise. */
const BURST_CHECKOUTS = Number(process.env.BENCH_BURST_CHECKOUTS || 50)
const RACE_CARTS = 20
const RACE_UNITS = 5
const BURST_ROUNDS = Number(process.env.BENCH_BURST_ROUNDS || 2)
const AUTHORIZE_DELAY_MS = Number(process.env.BENCH_AUTHORIZE_DELAY_MS || 500)
const TEST_CARD = "pp_test-card_test"

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** The value below which `share` of the values lie (nearest rank). */
const percentile = (values: number[], share: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]
}

type Side = {
  name: "plugin" | "medusa"
  store: SingleStore
  admin: Admin
  /** The seeded T-shirt (backorderable) and the bench's extra backorderable variants. */
  variants: { id: string; inventoryItemId: string }[]
  locationId: string
}

type Answer = { status: number; data: any }

/**
 * What a timed round must have done for its row to mean what its name says; it returns what
 * was wrong, or nothing. A round that did something else fails the benchmark.
 */
type RoundCheck = (side: Side, answer: Answer) => string | undefined

async function timed(side: Side, fn: () => Promise<Answer>, check: RoundCheck): Promise<number> {
  const start = process.hrtime.bigint()
  const answer = await fn()
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  const wrong = answer.status === 200 ? check(side, answer) : `it answered ${answer.status}`
  if (wrong) {
    throw new Error(`a timed round on the ${side.name} side did not do what its row names: ${wrong}: ${JSON.stringify(answer.data).slice(0, 400)}`)
  }
  return ms
}

const cartItems = (answer: Answer) => (answer.data.cart?.items ?? []) as { quantity: number; unit_price: number; metadata?: Record<string, unknown> | null }[]

/** The cart holds exactly these quantities, in-stock lines (priced) and back-order lines (0). */
const cartHolds =
  (expected: { inStock: number[]; backordered?: number[] }): RoundCheck =>
  (_side, answer) => {
    const items = cartItems(answer)
    const backorderLines = items.filter((item) => item.metadata?.is_backorder === true)
    const inStock = items.filter((item) => item.metadata?.is_backorder !== true)
    const got = { inStock: inStock.map((i) => Number(i.quantity)).sort(), backordered: backorderLines.map((i) => Number(i.quantity)).sort() }
    const want = { inStock: [...expected.inStock].sort(), backordered: [...(expected.backordered ?? [])].sort() }
    if (JSON.stringify(got) !== JSON.stringify(want)) return `the cart holds ${JSON.stringify(got)}, not ${JSON.stringify(want)}`
    if (inStock.some((i) => !(Number(i.unit_price) > 0))) return "an in-stock line is not priced"
    if (backorderLines.some((i) => Number(i.unit_price) !== 0)) return "a back-order line is priced"
  }

/** The completion placed an order of `items` lines; with `backorder`, a pending back order too. */
const placedOrder =
  (items: number, backorder: "with a back order" | "without a back order"): RoundCheck =>
  (_side, answer) => {
    if (answer.data.type !== "order") return `it answered type ${answer.data.type}`
    if ((answer.data.order?.items ?? []).length !== items) return `the order has ${(answer.data.order?.items ?? []).length} lines, not ${items}`
    const placed = !!answer.data.backorder?.id
    if (placed !== (backorder === "with a back order")) return placed ? "it placed a back order" : "it placed no back order"
  }

describe("the plugin against Medusa without it", () => {
  let sides: Side[]
  const results: Record<string, { plugin: number; medusa: number; ratio: number; rounds: number; note?: string }> = {}

  async function setUp(store: SingleStore, name: Side["name"]): Promise<Side> {
    const admin = await signIn(store, store.server)
    const { data } = await admin.get(store.server, "/admin/products?handle=backorder-t-shirt&fields=id,*variants,*variants.inventory_items")
    const tshirt = data.products[0].variants[0]
    const { data: levels } = await admin.get(store.server, `/admin/inventory-items/${tshirt.inventory_items[0].inventory_item_id}/location-levels`)
    const locationId = levels.inventory_levels[0].location_id
    // the tests' card gateway (its authorisation can be made to take a while), beside Medusa's manual one
    const region = await admin.post(store.server, `/admin/regions/${store.regionId}`, { payment_providers: ["pp_system_default", TEST_CARD] })
    if (region.status !== 200) throw new Error(`enabling the test card failed: ${JSON.stringify(region.data)}`)
    const { data: shippingProfiles } = await admin.get(store.server, "/admin/shipping-profiles")
    const { data: channels } = await admin.get(store.server, "/admin/sales-channels?name=Webshop")
    // 49 more backorderable variants, so a cart can hold 50 different lines
    const variants = [{ id: tshirt.id, inventoryItemId: tshirt.inventory_items[0].inventory_item_id }]
    for (let i = 0; i < CART_SIZES[CART_SIZES.length - 1] - 1; i++) {
      const created = await admin.post(store.server, "/admin/products?fields=id,*variants,*variants.inventory_items", {
        title: `Bench tee ${i}`,
        status: "published",
        shipping_profile_id: shippingProfiles.shipping_profiles[0].id,
        sales_channels: [{ id: channels.sales_channels[0].id }],
        options: [{ title: "Size", values: ["L"] }],
        variants: [
          { title: "L", sku: `BENCH-${i}`, options: { Size: "L" }, prices: [{ currency_code: "eur", amount: 10 }], manage_inventory: true, allow_backorder: true },
        ],
      })
      if (created.status !== 200) throw new Error(`creating a bench product failed: ${JSON.stringify(created.data)}`)
      const variant = created.data.product.variants[0]
      const inventoryItemId = variant.inventory_items[0].inventory_item_id
      await admin.post(store.server, `/admin/inventory-items/${inventoryItemId}/location-levels`, { location_id: locationId, stocked_quantity: PLENTY })
      variants.push({ id: variant.id, inventoryItemId })
    }
    return { name, store, admin, variants, locationId }
  }

  beforeAll(async () => {
    const plugin = await startSingleStore("bench-plugin", { withPlugin: true })
    const medusa = await startSingleStore("bench-medusa", { withPlugin: false })
    sides = [await setUp(plugin, "plugin"), await setUp(medusa, "medusa")]
  })

  afterAll(async () => {
    console.log("\npath | plugin (ms) | Medusa without it (ms) | ratio | rounds | notes")
    console.log("---|---|---|---|---|---")
    for (const [name, r] of Object.entries(results)) {
      console.log(`${name} | ${r.plugin.toFixed(0)} | ${r.medusa.toFixed(0)} | ${r.ratio.toFixed(2)} | ${r.rounds} | ${r.note ?? ""}`)
    }
    fs.mkdirSync(path.resolve(".test-results"), { recursive: true })
    fs.writeFileSync(path.resolve(".test-results/bench.json"), JSON.stringify(results, null, 2))
    await Promise.all((sides ?? []).map((side) => side.store.stop()))
  })

  const setting = async (enabled: boolean) => {
    const [plugin] = sides
    const answer = await plugin.admin.post(plugin.store.server, "/admin/backorder-settings", { enabled })
    if (answer.status !== 200) throw new Error(`setting the store setting failed: ${answer.status}`)
  }

  /** Makes exactly `available` units of a variant available: stocked = reserved + available. */
  async function setAvailable(side: Side, variant: Side["variants"][number], available: number) {
    const { data } = await side.admin.get(side.store.server, `/admin/inventory-items/${variant.inventoryItemId}/location-levels`)
    const level = data.inventory_levels.find((l: any) => l.location_id === side.locationId)
    await side.admin.post(side.store.server, `/admin/inventory-items/${variant.inventoryItemId}/location-levels/${side.locationId}`, {
      stocked_quantity: Number(level.reserved_quantity) + available,
    })
  }

  /**
   * Times `request` on both sides for `rounds` rounds, each side prepared by `prepare` first
   * (untimed); the side that goes first alternates by round.
   */
  async function measure(
    name: string,
    rounds: number,
    prepare: (side: Side) => Promise<unknown>,
    request: (side: Side, prepared: any) => Promise<Answer>,
    check: RoundCheck
  ) {
    const times: Record<Side["name"], number[]> = { plugin: [], medusa: [] }
    // round -1 warms both sides up on this path (JIT, query plans, caches) and is not counted
    for (let round = -1; round < rounds; round++) {
      const order = round % 2 ? [sides[1], sides[0]] : sides
      for (const side of order) {
        const prepared = await prepare(side)
        const ms = await timed(side, () => request(side, prepared), check)
        if (round >= 0) times[side.name].push(ms)
      }
    }
    const plugin = median(times.plugin)
    const medusa = median(times.medusa)
    results[name] = { plugin, medusa, ratio: plugin / medusa, rounds }
    console.log(`[bench] ${name}: plugin ${plugin.toFixed(0)} ms, Medusa without it ${medusa.toFixed(0)} ms, ${(plugin / medusa).toFixed(2)}×`)
  }

  const emptyCart = async (side: Side) => (await storeOf(side.store, side.store.server).sdk.store.cart.create({ region_id: side.store.regionId })).cart.id
  const addLine = (side: Side, cartId: string, body: Record<string, unknown>) =>
    storeOf(side.store, side.store.server).post(`/store/carts/${cartId}/line-items`, body)
  const complete = (side: Side, cartId: string) => storeOf(side.store, side.store.server).post(`/store/carts/${cartId}/complete`)

  /** A cart of 1 unit of `variant`, shipping chosen, paid with the test card taking AUTHORIZE_DELAY_MS to authorise. */
  async function slowCardCart(side: Side, variant: Side["variants"][number]): Promise<string> {
    const { sdk } = storeOf(side.store, side.store.server)
    let { cart } = await sdk.store.cart.create({
      region_id: side.store.regionId,
      email: `bench-${Math.random().toString(36).slice(2)}@example.com`,
      shipping_address: ADDRESS,
      billing_address: ADDRESS,
    })
    ;({ cart } = await sdk.store.cart.createLineItem(cart.id, { variant_id: variant.id, quantity: 1 }))
    const { shipping_options } = await sdk.store.fulfillment.listCartOptions({ cart_id: cart.id })
    ;({ cart } = await sdk.store.cart.addShippingMethod(cart.id, { option_id: shipping_options[0].id! }))
    await sdk.store.payment.initiatePaymentSession(cart, { provider_id: TEST_CARD, data: { authorize_delay_ms: AUTHORIZE_DELAY_MS } })
    return cart.id
  }

  async function slowCardCarts(side: Side, variant: Side["variants"][number], count: number): Promise<string[]> {
    const cartIds: string[] = []
    for (let i = 0; i < count; i += 10) {
      cartIds.push(...(await Promise.all(Array.from({ length: Math.min(10, count - i) }, () => slowCardCart(side, variant)))))
    }
    return cartIds
  }

  const reservedOf = async (side: Side, variant: Side["variants"][number]) => {
    const { data } = await side.admin.get(side.store.server, `/admin/inventory-items/${variant.inventoryItemId}/location-levels`)
    return Number(data.inventory_levels.find((l: any) => l.location_id === side.locationId).reserved_quantity)
  }

  /** Fires every completion at once; each answer with its own latency, and the wall time of all. */
  async function burst(side: Side, cartIds: string[]) {
    const start = process.hrtime.bigint()
    const answers = await Promise.all(
      cartIds.map(async (cartId) => {
        const t0 = process.hrtime.bigint()
        const answer = await complete(side, cartId)
        return { answer, ms: Number(process.hrtime.bigint() - t0) / 1e6 }
      })
    )
    return { answers, wallMs: Number(process.hrtime.bigint() - start) / 1e6 }
  }

  /**
   * The concurrency rows, on one variant: BURST_CHECKOUTS checkouts with plenty of stock
   * fired together (all must be placed: no 409), then RACE_CARTS checkouts for the last RACE_UNITS
   * units (exactly RACE_UNITS sold, the books reserving exactly those). Medusa without the plugin
   * refuses the last units only for a variant that does not allow backorders, so its side sells
   * the T-shirt with backorders off for that row (the plugin's side keeps them on: its rule).
   */
  async function measureConcurrentCheckouts(suffix = "") {
    await setting(true)
    const variantOf = (side: Side) => side.variants[0]
    for (const side of sides) await setAvailable(side, variantOf(side), PLENTY)
    // untimed warm-up of the slow card's path on both sides
    for (const side of sides) {
      const answer = await complete(side, await slowCardCart(side, variantOf(side)))
      if (answer.status !== 200 || answer.data.type !== "order") throw new Error(`the warm-up checkout on the ${side.name} side answered ${answer.status}: ${JSON.stringify(answer.data).slice(0, 400)}`)
    }

    const wall: Record<Side["name"], number[]> = { plugin: [], medusa: [] }
    const placedCount: Record<Side["name"], number> = { plugin: 0, medusa: 0 }
    // what did not place an order, by status: the plugin's target is none (no 409 with plenty of
    // stock); Medusa without the plugin may fail some itself (its reservation step waits 5 s for
    // its per-item lock), which is reported, not hidden
    const failures: Record<Side["name"], Record<string, number>> = { plugin: {}, medusa: {} }
    for (let round = 0; round < BURST_ROUNDS; round++) {
      for (const side of round % 2 ? [sides[1], sides[0]] : sides) {
        const cartIds = await slowCardCarts(side, variantOf(side), BURST_CHECKOUTS)
        const reservedBefore = await reservedOf(side, variantOf(side))
        const { answers, wallMs } = await burst(side, cartIds)
        const placed = answers.filter(({ answer }) => answer.status === 200 && answer.data.type === "order" && answer.data.order?.items?.length === 1)
        for (const { answer } of answers.filter((a) => !placed.includes(a))) {
          failures[side.name][answer.status] = (failures[side.name][answer.status] ?? 0) + 1
        }
        // honest round: every checkout was fired and answered, and the books hold exactly what was placed
        const reserved = (await reservedOf(side, variantOf(side))) - reservedBefore
        if (answers.length !== BURST_CHECKOUTS || !placed.length || reserved !== placed.length) {
          throw new Error(`the burst on the ${side.name} side answered ${answers.length}, placed ${placed.length}, reserved ${reserved} units`)
        }
        placedCount[side.name] += placed.length
        wall[side.name].push(wallMs)
      }
    }
    const burstName = `${BURST_CHECKOUTS} checkouts of one variant with plenty of stock, fired together, ${AUTHORIZE_DELAY_MS} ms authorisation: wall time of all${suffix}`
    const [plugin, medusa] = [median(wall.plugin), median(wall.medusa)]
    // orders placed per second of wall time, over all rounds
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
    const throughput = (name: Side["name"]) => placedCount[name] / (sum(wall[name]) / 1000)
    const failed = (name: Side["name"]) =>
      Object.entries(failures[name]).map(([status, count]) => `${count}× ${status}`).join(", ") || "none"
    results[burstName] = {
      plugin,
      medusa,
      ratio: plugin / medusa,
      rounds: BURST_ROUNDS,
      note: `orders/s: plugin ${throughput("plugin").toFixed(1)}, Medusa ${throughput("medusa").toFixed(1)} (${(throughput("plugin") / throughput("medusa")).toFixed(2)}× Medusa's); not placed: plugin ${failed("plugin")}, Medusa ${failed("medusa")}`,
    }
    console.log(`[bench] ${burstName}: plugin ${plugin.toFixed(0)} ms, Medusa ${medusa.toFixed(0)} ms; ${results[burstName].note}`)

    const latencies: Record<Side["name"], number[]> = { plugin: [], medusa: [] }
    const medusaRule = async (allow_backorder: boolean) => {
      const [, medusaSide] = sides
      const product = await medusaSide.admin.get(medusaSide.store.server, `/admin/products?handle=backorder-t-shirt&fields=id`)
      const answer = await medusaSide.admin.post(
        medusaSide.store.server,
        `/admin/products/${product.data.products[0].id}/variants/${variantOf(medusaSide).id}`,
        { allow_backorder }
      )
      if (answer.status !== 200) throw new Error(`setting allow_backorder on Medusa's side failed: ${JSON.stringify(answer.data)}`)
    }
    const raceSoldByMedusa: number[] = []
    let raceOtherByMedusa = 0
    await medusaRule(false)
    try {
      for (let round = 0; round < BURST_ROUNDS; round++) {
        for (const side of round % 2 ? [sides[1], sides[0]] : sides) {
          await setAvailable(side, variantOf(side), RACE_UNITS)
          const cartIds = await slowCardCarts(side, variantOf(side), RACE_CARTS)
          const reservedBefore = await reservedOf(side, variantOf(side))
          const { answers } = await burst(side, cartIds)
          const sold = answers.filter(({ answer }) => answer.status === 200 && answer.data.type === "order")
          // the plugin: 409 backorder_stock_changed; Medusa: its insufficient-inventory error
          const refused = answers.filter(({ answer }) =>
            side.name === "plugin"
              ? answer.status === 409 && answer.data.type === "backorder_stock_changed"
              : answer.status >= 400 && answer.status < 500 && /stock|inventory/i.test(answer.data?.message ?? "")
          )
          const reserved = (await reservedOf(side, variantOf(side))) - reservedBefore
          // The plugin must sell exactly the last units and refuse the rest with its 409. Medusa
          // without it never oversells them either, but may fail a checkout of its own (its 5 s
          // reservation lock): counted in the note, the books still holding what it sold.
          const honest =
            side.name === "plugin"
              ? sold.length === RACE_UNITS && refused.length === RACE_CARTS - RACE_UNITS && reserved === RACE_UNITS
              : sold.length <= RACE_UNITS && sold.length > 0 && reserved === sold.length
          if (side.name === "medusa") {
            raceSoldByMedusa.push(sold.length)
            raceOtherByMedusa += RACE_CARTS - sold.length - refused.length
          }
          if (!honest) {
            const other = answers.find((a) => !sold.includes(a) && !refused.includes(a))
            throw new Error(
              `the race for the last ${RACE_UNITS} units on the ${side.name} side sold ${sold.length}, refused ${refused.length}, reserved ${reserved}` +
                (other ? `; one answered ${other.answer.status} ${JSON.stringify(other.answer.data).slice(0, 400)}` : "")
            )
          }
          latencies[side.name].push(...answers.map(({ ms }) => ms))
        }
      }
    } finally {
      await medusaRule(true)
      for (const side of sides) await setAvailable(side, variantOf(side), PLENTY)
    }
    for (const [label, share] of [["p50", 0.5], ["p95", 0.95]] as const) {
      const name = `${RACE_CARTS} checkouts fired together for the last ${RACE_UNITS} units, ${AUTHORIZE_DELAY_MS} ms authorisation: ${label} latency${suffix}`
      const [plugin, medusa] = [percentile(latencies.plugin, share), percentile(latencies.medusa, share)]
      results[name] = {
        plugin,
        medusa,
        ratio: plugin / medusa,
        rounds: BURST_ROUNDS,
        note:
          `plugin: exactly ${RACE_UNITS} sold in every round, the other ${RACE_CARTS - RACE_UNITS} refused (409 backorder_stock_changed); ` +
          `Medusa sold ${raceSoldByMedusa.join(", ")} (${raceOtherByMedusa} failed otherwise than out of stock)`,
      }
      console.log(`[bench] ${name}: plugin ${plugin.toFixed(0)} ms, Medusa ${medusa.toFixed(0)} ms`)
    }
  }

  /** The paths every row of the table times; `suffix` names the store they run in. */
  async function measureCorePaths(suffix = "") {
    for (const side of sides) await setAvailable(side, side.variants[0], PLENTY)
    for (const enabled of [false, true]) {
      await setting(enabled)
      await measure(
        `add to cart, in stock, setting ${enabled ? "on" : "off"}${suffix}`,
        ROUNDS,
        emptyCart,
        (side, cartId) => addLine(side, cartId, { variant_id: side.variants[0].id, quantity: 1 }),
        cartHolds({ inStock: [1] })
      )
    }

    // the plugin: in-stock line + back-order line; Medusa: the same add
    await setting(true)
    await measure(
      `add to cart with a split accepted${suffix}`,
      ROUNDS,
      async (side) => {
        await setAvailable(side, side.variants[0], 1)
        return emptyCart(side)
      },
      (side, cartId) => addLine(side, cartId, { variant_id: side.variants[0].id, quantity: 2, metadata: { backorder: "accept" } }),
      // the plugin splits: 1 in stock + 1 back ordered; Medusa adds one line of 2
      (side, answer) => cartHolds(side.name === "plugin" ? { inStock: [1], backordered: [1] } : { inStock: [2] })(side, answer)
    )

    for (const side of sides) await setAvailable(side, side.variants[0], PLENTY)
    await measure(
      `update a line, in stock, setting on${suffix}`,
      ROUNDS,
      async (side) => {
        const cartId = await emptyCart(side)
        const { data } = await addLine(side, cartId, { variant_id: side.variants[0].id, quantity: 1 })
        return { cartId, lineId: data.cart.items[0].id }
      },
      (side, { cartId, lineId }) => storeOf(side.store, side.store.server).post(`/store/carts/${cartId}/line-items/${lineId}`, { quantity: 2 }),
      cartHolds({ inStock: [2] })
    )

    for (const enabled of [false, true]) {
      await setting(enabled)
      await measure(
        `complete a cart without back orders, setting ${enabled ? "on" : "off"}${suffix}`,
        ROUNDS,
        (side) => readyCart(side.store, side.store.server, [{ variant_id: side.variants[0].id, quantity: 1 }]),
        (side, cartId) => complete(side, cartId),
        placedOrder(1, "without a back order")
      )
    }

    // the plugin: 1 in stock + 1 back ordered, so Medusa's completion and the back order both
    // run; Medusa: the same 2 units, in stock
    await setting(true)
    await measure(
      `complete a cart with a back order${suffix}`,
      ROUNDS,
      async (side) => {
        await setAvailable(side, side.variants[0], side.name === "plugin" ? 1 : PLENTY)
        return readyCart(side.store, side.store.server, [{ variant_id: side.variants[0].id, quantity: 2, accept: true }])
      },
      (side, cartId) => complete(side, cartId),
      // the plugin: the order of the 1 in stock and a back order of 1; Medusa: an order of 2
      (side, answer) =>
        side.name === "plugin" ? placedOrder(1, "with a back order")(side, answer) : placedOrder(1, "without a back order")(side, answer)
    )
  }

  it("times adding, splitting, updating and completing", async () => {
    await measureCorePaths()
  })

  it("grows with the lines in the cart: adding the last line and completing carts of 1, 10 and 50 lines", async () => {
    await setting(true)
    for (const side of sides) {
      for (const variant of side.variants) await setAvailable(side, variant, PLENTY)
    }
    for (const lines of CART_SIZES) {
      const carts: Record<Side["name"], string[]> = { plugin: [], medusa: [] }
      await measure(
        `add the ${lines}. line to a cart`,
        GROWTH_ROUNDS,
        async (side) => {
          const cartId = await emptyCart(side)
          for (const variant of side.variants.slice(0, lines - 1)) {
            await addLine(side, cartId, { variant_id: variant.id, quantity: 1 })
          }
          carts[side.name].push(cartId)
          return cartId
        },
        (side, cartId) => addLine(side, cartId, { variant_id: side.variants[lines - 1].id, quantity: 1 }),
        cartHolds({ inStock: Array(lines).fill(1) })
      )
      await measure(
        `complete a cart of ${lines} lines`,
        GROWTH_ROUNDS,
        async (side) => {
          const cartId = carts[side.name].shift()!
          const { sdk } = storeOf(side.store, side.store.server)
          let { cart } = await sdk.store.cart.update(cartId, {
            email: `bench-${Math.random().toString(36).slice(2)}@example.com`,
            shipping_address: ADDRESS,
          })
          const { shipping_options } = await sdk.store.fulfillment.listCartOptions({ cart_id: cartId })
          ;({ cart } = await sdk.store.cart.addShippingMethod(cartId, { option_id: shipping_options[0].id! }))
          await sdk.store.payment.initiatePaymentSession(cart, { provider_id: "pp_system_default" })
          return cartId
        },
        (side, cartId) => complete(side, cartId),
        placedOrder(lines, "without a back order")
      )
    }
  })

  it(`times ${BURST_CHECKOUTS} checkouts fired together, and ${RACE_CARTS} for the last ${RACE_UNITS} units, with a slow card`, async () => {
    await measureConcurrentCheckouts()
  })

  it(`lists the admin queue with ${QUEUE_SIZE} back orders (Medusa: its draft-order list with as many drafts)`, async () => {
    for (const side of sides) await side.store.exec(GROW_SCRIPT, { BENCH_GROW: "queue", BENCH_QUEUE_SIZE: String(QUEUE_SIZE) })
    await measure(
      `admin queue, first page of ${QUEUE_SIZE} back orders`,
      ROUNDS,
      async () => undefined,
      (side) =>
        side.name === "plugin"
          ? side.admin.get(side.store.server, "/admin/backorders?limit=20&offset=0")
          : side.admin.get(side.store.server, "/admin/draft-orders?limit=20&offset=0&order=-created_at"),
      (side, answer) => {
        const page = side.name === "plugin" ? answer.data.backorders : answer.data.draft_orders
        if (page?.length !== 20) return `the first page lists ${page?.length} rows, not 20`
        if (!(answer.data.count >= QUEUE_SIZE)) return `the list counts ${answer.data.count}, fewer than ${QUEUE_SIZE}`
      }
    )
  })

  it(`repeats the paths with a ${CATALOG_VARIANTS}-variant catalog`, async () => {
    for (const side of sides) await side.store.exec(GROW_SCRIPT, { BENCH_GROW: "catalog", BENCH_CATALOG_VARIANTS: String(CATALOG_VARIANTS) })
    await measureCorePaths(`, ${CATALOG_VARIANTS} variants`)
    await measureConcurrentCheckouts(`, ${CATALOG_VARIANTS} variants and ${QUEUE_SIZE} back orders`)
  })
})
