// The plugin's guarantees on Medusa's production topology: two server instances and a worker
// of the built plugin on one database, with Redis for the event bus and the workflow engine,
// and each shared locking provider in turn. Racing requests go to both servers at once; the
// books (orders, lines, back orders, reservations, payments, events) are read afterwards.
//
// SCALE_LOCKINGS picks the providers (default "redis,postgres"); "in-memory" runs the same
// scenarios on Medusa's default provider, which is expected to fail them, and its negative
// control, which passes when the cross-cart race oversells there (CI runs it first).
// Crashes (SIGKILL) are in killed.spec.ts.
import fs from "fs"
import path from "path"
import { IN_MEMORY_LOCKING_WARNING } from "../../src/utils/locking-provider"
import { type Instance, type Locking, startTopology, type Topology } from "./topology"
import { type Admin, type Answer, placeBackorder, readyCart, signIn, storeOf } from "./shop"
import { booksOf as cartBooks, levelOf, num, orderById as readOrder, sleep, waitFor } from "./books"

jest.setTimeout(15 * 60 * 1000)

const LOCKINGS = (process.env.SCALE_LOCKINGS || "redis,postgres").split(",").map((l) => l.trim()) as Locking[]
const TSHIRT_PRICE = 20

describe.each(LOCKINGS)("two servers and a worker on Redis, locking with %s", (locking) => {
  let topology: Topology
  let admin: Admin
  let tshirt: { variantId: string; inventoryItemId: string }
  let locationId: string

  beforeAll(async () => {
    topology = await startTopology(locking)
    console.log(`[scale] ${locking}: topology up in ${topology.bootMs} ms (logs in ${topology.logDir})`)
    const [A] = topology.servers
    admin = await signIn(topology, A)
    expect((await admin.post(A, "/admin/backorder-settings", { enabled: true })).status).toBe(200)
    const { data } = await admin.get(A, "/admin/products?handle=backorder-t-shirt&fields=id,*variants,*variants.inventory_items")
    const variant = data.products[0].variants[0]
    tshirt = { variantId: variant.id, inventoryItemId: variant.inventory_items[0].inventory_item_id }
    const { data: levels } = await admin.get(A, `/admin/inventory-items/${tshirt.inventoryItemId}/location-levels`)
    locationId = levels.inventory_levels[0].location_id
  })

  afterAll(async () => {
    await topology?.stop()
  })

  const server = (i: number) => topology.servers[i % 2]

  /** The T-shirt's stock level at the store's location. */
  const level = () => levelOf({ admin, on: server(0) }, tshirt.inventoryItemId, locationId)

  /** Makes exactly `available` T-shirts available: stocked = what is reserved already + available. */
  async function setAvailable(available: number) {
    const { reserved } = await level()
    const answer = await admin.post(server(1), `/admin/inventory-items/${tshirt.inventoryItemId}/location-levels/${locationId}`, {
      stocked_quantity: reserved + available,
    })
    expect(answer.status).toBe(200)
    return reserved
  }

  const orderById = (id: string) => readOrder({ admin, on: server(0), sql: topology.sql }, id)

  /** Everything a cart's completion left (see books.ts), counting T-shirts. */
  const booksOf = (cartId: string) => cartBooks({ admin, on: server(1), sql: topology.sql }, cartId, tshirt.variantId)

  const complete = (cartId: string, i: number) => storeOf(topology, server(i)).post(`/store/carts/${cartId}/complete`)

  it("an accept on one server racing the cart's completion on the other: the back-ordered units never reach the paid order", async () => {
    const outcomes: string[] = []
    for (let round = 0; round < 4; round++) {
      const reservedBefore = await setAvailable(5)
      const cartId = await readyCart(topology, server(round), [{ variant_id: tshirt.variantId, quantity: 5 }])
      // the shopper raises the line to 10 and accepts the back order on one server while a second
      // tab completes on the other; which one starts first shifts by round (-60 to +120 ms), so
      // both orders of arrival happen
      const offset = (round - 1) * 60
      const [accept, completion] = await Promise.all([
        sleep(Math.max(0, -offset)).then(() =>
          storeOf(topology, server(round)).post(`/store/carts/${cartId}/line-items`, {
            variant_id: tshirt.variantId,
            quantity: 5,
            metadata: { backorder: "accept" },
          })
        ),
        sleep(Math.max(0, offset)).then(() => complete(cartId, round + 1)),
      ])
      outcomes.push(accept.status === 200 ? "accepted first" : `accept refused (${accept.status})`)
      expect(completion.status).toBe(200)
      expect(completion.data.type).toBe("order")

      const books = await booksOf(cartId)
      expect(books.orders).toHaveLength(1)
      expect(books.backorderLinesInOrders).toEqual([])
      expect(books.soldInStock).toBe(5)
      expect(books.orders[0].items.map((item: any) => num(item.unit_price))).toEqual([TSHIRT_PRICE])
      // the accept either landed before the completion (a back order of 5) or was refused after it
      if (accept.status === 200) {
        expect(books.backorders).toHaveLength(1)
        expect(books.backordered).toBe(5)
      } else {
        expect(accept.status).toBeGreaterThanOrEqual(400)
        expect(accept.status).toBeLessThan(500)
        expect(books.backorders).toHaveLength(0)
      }
      expect((await level()).reserved - reservedBefore).toBe(5 + books.backordered)
    }
    console.log(`[scale] ${locking}: accept vs completion: ${outcomes.join(", ")}`)
  })

  it("the store setting changed on one server is seen by the next request on the other (Medusa's Caching Module on Redis)", async () => {
    const [A, B] = topology.servers
    await setAvailable(5)
    /** 10 T-shirts while 5 are available: the plugin's prompt (409) with the setting on, Medusa's add (200) with it off. */
    const addTen = async (on: typeof A) => {
      const { cart } = await storeOf(topology, on).sdk.store.cart.create({ region_id: topology.regionId })
      return storeOf(topology, on).post(`/store/carts/${cart.id}/line-items`, { variant_id: tshirt.variantId, quantity: 10 })
    }
    const settingOn = async (on: typeof A) => (await storeOf(topology, on).get("/store/backorder-settings")).data.settings.enabled
    try {
      // both servers read (and cache) the setting
      expect((await addTen(A)).status).toBe(409)
      expect((await addTen(B)).status).toBe(409)
      for (const enabled of [false, true, false]) {
        expect((await admin.post(A, "/admin/backorder-settings", { enabled })).status).toBe(200)
        expect(await settingOn(B)).toBe(enabled)
        const added = await addTen(B)
        expect(added.status).toBe(enabled ? 409 : 200)
        if (!enabled) {
          expect(added.data.cart.items.map((item: any) => num(item.quantity))).toEqual([10])
        }
      }
    } finally {
      expect((await admin.post(A, "/admin/backorder-settings", { enabled: true })).status).toBe(200)
    }
    expect(await settingOn(B)).toBe(true)
  })

  it("four completions of one cart on both servers at once: one order, one back order, one payment", async () => {
    const reservedBefore = await setAvailable(5)
    const cartId = await readyCart(topology, server(0), [{ variant_id: tshirt.variantId, quantity: 10, accept: true }])

    const answers = await Promise.all([0, 1, 2, 3].map((i) => complete(cartId, i)))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200])
    const orderIds = new Set(answers.map((a) => a.data.order?.id))
    expect(orderIds.size).toBe(1)

    const books = await booksOf(cartId)
    expect(books.orders).toHaveLength(1)
    expect([...orderIds]).toEqual([books.orders[0].id])
    expect(books.backorders).toHaveLength(1)
    expect(books.backorders[0].status).toBe("pending")
    expect(books.soldInStock).toBe(5)
    expect(books.backordered).toBe(5)
    expect(books.backorderLinesInOrders).toEqual([])
    expect(books.payments).toHaveLength(1)
    expect((await level()).reserved - reservedBefore).toBe(10)
  })

  /**
   * Carts racing for the last units across both servers, with Medusa's cache on (the scale app
   * enables the Caching Module on Redis): two carts of 5 for 5 available, one completing on each
   * server, then ten carts of 1 for 5, alternating between the servers. Answers and books of both.
   */
  async function raceForLastUnits() {
    const race = async (quantity: number, carts: number) => {
      const reservedBefore = await setAvailable(5)
      const cartIds: string[] = []
      for (let i = 0; i < carts; i++) {
        cartIds.push(await readyCart(topology, server(i), [{ variant_id: tshirt.variantId, quantity }]))
      }
      const answers: Answer[] = await Promise.all(cartIds.map((cartId, i) => complete(cartId, i)))
      let sold = 0
      let backorders = 0
      for (const cartId of cartIds) {
        const books = await booksOf(cartId)
        sold += books.soldInStock
        backorders += books.backorders.length
      }
      return { answers, sold, backorders, reserved: (await level()).reserved - reservedBefore }
    }
    return { pair: await race(5, 2), ten: await race(1, 10) }
  }

  if (locking === "in-memory") {
    // CI runs this first: the same race, on Medusa's default provider, must sell units twice.
    // So the passing races on Redis and Postgres prove the shared provider is what holds.
    it("negative control, in-memory locking: carts racing for the last units across both servers oversell", async () => {
      const rounds: string[] = []
      let oversold = false
      for (let round = 0; round < 3 && !oversold; round++) {
        const { pair, ten } = await raceForLastUnits()
        rounds.push(`two carts of 5 sold ${pair.sold}, ten carts of 1 sold ${ten.sold} (of 5 each)`)
        oversold = pair.sold > 5 || ten.sold > 5
      }
      console.log(`[scale] in-memory negative control: ${rounds.join("; ")}`)
      expect({ oversold, rounds }).toEqual({ oversold: true, rounds: expect.any(Array) })
    })
  }

  it("carts racing for the last units across both servers, with Medusa's cache on: no in-stock unit is sold twice", async () => {
    const { pair, ten } = await raceForLastUnits()
    // two carts of 5 for 5 units: exactly 5 sold, the other cart refused
    expect(pair.answers.map((a) => a.status).sort()).toEqual([200, 409])
    const loser = pair.answers.find((a) => a.status === 409)!
    expect(loser.data).toEqual(expect.objectContaining({ type: "backorder_stock_changed" }))
    expect(pair.sold).toBe(5)
    expect(pair.backorders).toBe(0)
    expect(pair.reserved).toBe(5)
    // ten shoppers of one unit for 5 units
    expect(ten.answers.filter((a) => a.status === 200)).toHaveLength(5)
    expect(ten.answers.filter((a) => a.status === 409)).toHaveLength(5)
    expect(ten.sold).toBe(5)
    expect(ten.reserved).toBe(5)
  })

  it("two admins charge one back order on the two servers at once: one 200, one 409, one shipping method, one payment", async () => {
    await setAvailable(2)
    const placed = await placeBackorder(topology, server(0), tshirt.variantId, 2, 3)
    const admins = [admin, await signIn(topology, server(1))]

    const answers = await Promise.all(
      admins.map((a, i) => a.post(server(i), `/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 4.99, payment: "record" }))
    )
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409])

    const [backorder] = await topology.sql(`SELECT status FROM backorder WHERE id = $1`, [placed.backorderId])
    expect(backorder.status).toBe("charged")
    const order = await orderById(placed.draftOrderId)
    expect(order.shipping_methods).toHaveLength(1)
    const payments = order.payment_collections.flatMap((pc: any) => pc.payments)
    expect(payments).toHaveLength(1)
    expect(payments[0].captured_at).toBeTruthy()
    expect(num(payments[0].amount)).toBeCloseTo(num(order.total), 2)
  })

  it("a paid payment link: Medusa's webhook path captures on the worker, the plugin settles it there once, even when the webhook comes twice", async () => {
    await setAvailable(0)
    const placed = await placeBackorder(topology, server(0), tshirt.variantId, 0, 2)
    const charge = await admin.post(server(0), `/admin/backorders/${placed.backorderId}/charge`, { shipping_amount: 4.99, payment: "link" })
    expect(charge.status).toBe(200)
    expect(charge.data.backorder.status).toBe("awaiting_payment")
    const total = num(charge.data.backorder.order.total)
    const collectionId = charge.data.backorder.payment_collection_id

    // the shopper opens the link on one server; the gateway's webhook reaches both, twice
    const session = await storeOf(topology, server(1)).post(`/store/payment-collections/${collectionId}/payment-sessions`, {
      provider_id: "pp_test-card_test",
    })
    expect(session.status).toBe(200)
    const sessionId = session.data.payment_collection.payment_sessions[0].id
    const webhook = { type: "captured", session_id: sessionId, amount: total }
    const deliveries = await Promise.all([0, 1].map((i) => storeOf(topology, server(i)).post("/hooks/payment/test-card_test", webhook)))
    expect(deliveries.map((d) => d.status)).toEqual([200, 200])

    const deadline = Date.now() + 60000
    let status = "awaiting_payment"
    while (status !== "charged" && Date.now() < deadline) {
      await sleep(500)
      ;[{ status }] = await topology.sql(`SELECT status FROM backorder WHERE id = $1`, [placed.backorderId])
    }
    expect(status).toBe("charged")
    await sleep(3000) // room for a second settlement, if one were to happen

    const charged = topology.events().filter((e) => e.name === "backorder.charged" && e.data.id === placed.backorderId)
    expect(charged).toHaveLength(1)
    expect(charged[0].mode).toBe("worker")
    const order = await orderById(placed.draftOrderId)
    const payments = order.payment_collections.flatMap((pc: any) => pc.payments)
    expect(payments).toHaveLength(1)
    expect(num(payments[0].amount)).toBeCloseTo(total, 2)
    const captured = topology.events().filter((e) => e.name === "payment.captured" && e.data.id === payments[0].id)
    expect(captured.length).toBeGreaterThan(0)
    expect(new Set(captured.map((e) => e.mode))).toEqual(new Set(["worker"]))
  })

  it("restocks on both servers at once, raced by the readiness job and the events redelivered on two more instances: ready oldest first, each notice exactly once", async () => {
    const [A, B] = topology.servers
    // the mug has a line of back orders of its own: on the T-shirt's, the other scenarios' back orders are ahead
    const { data } = await admin.get(A, "/admin/products?handle=medusa-mug&fields=id,*variants,*variants.inventory_items")
    const product = data.products[0]
    const mug = { variantId: product.variants[0].id as string, inventoryItemId: product.variants[0].inventory_items[0].inventory_item_id as string }
    expect((await admin.post(A, `/admin/products/${product.id}/variants/${mug.variantId}`, { allow_backorder: true })).status).toBe(200)
    const mugLevel = () => levelOf({ admin, on: B }, mug.inventoryItemId, locationId)
    /** Paid orders' units: ahead of every back order. */
    const paid = (await mugLevel()).reserved
    const stockMug = async (on: Instance[], available: number) => {
      const answers = await Promise.all(
        on.map((server) =>
          admin.post(server, `/admin/inventory-items/${mug.inventoryItemId}/location-levels/${locationId}`, { stocked_quantity: paid + available })
        )
      )
      expect(answers.map((a) => a.status)).toEqual(on.map(() => 200))
    }
    const statusesOf = async (ids: string[]) => {
      const rows = await topology.sql(`SELECT id, status FROM backorder WHERE id = ANY($1)`, [ids])
      return ids.map((id) => rows.find((row) => row.id === id)?.status)
    }
    const deliveries = (name: string, id: string) => topology.events().filter((e) => e.name === name && e.data.id === id)

    // two more instances of the app: a second worker handling events and the readiness job beside
    // the first, and two `medusa exec` runs booting now and waiting for the go (redeliver-notices.ts)
    const workerB = await topology.instance("worker-b", "worker")
    const goFile = path.join(topology.logDir, "redeliver-go.json")
    const outOf = (run: number) => path.join(topology.logDir, `redeliver-${run}.json`)
    const redeliveries = Promise.all(
      [0, 1].map((run) =>
        topology.exec(path.join(__dirname, "redeliver-notices.ts"), { SCALE_GO_FILE: goFile, SCALE_EXEC_OUT: outOf(run) })
      )
    )
    redeliveries.catch(() => {}) // its failure is the test's when awaited, not an unhandled rejection before
    try {
      await workerB.start()
      await stockMug([A], 0)
      // A (2 units), B (3), C (2), in that order, alternating servers, none in stock
      const placed = []
      for (const [i, units] of [2, 3, 2].entries()) {
        placed.push(await placeBackorder(topology, server(i), mug.variantId, 0, units))
      }
      const ids = placed.map((p) => p.backorderId)
      expect(await statusesOf(ids)).toEqual(["pending", "pending", "pending"])
      expect((await mugLevel()).reserved).toBe(paid + 7)

      // 4 on hand, set on both servers at once: A is ready, C stays pending behind B
      await stockMug([A, B], 4)
      await waitFor("A ready", async () => (await statusesOf(ids))[0] === "ready")
      await sleep(3000) // room for a wrong move
      expect(await statusesOf(ids)).toEqual(["ready", "pending", "pending"])

      // 7 on hand, on both servers at once, while the two exec instances (up and waiting) run the
      // readiness job, send the notices and emit the events again, and two workers deliver them
      await waitFor("the exec instances up", async () => [0, 1].every((run) => fs.existsSync(`${outOf(run)}.booted`)), {
        timeoutMs: 5 * 60 * 1000,
      })
      await stockMug([A, B], 7)
      fs.writeFileSync(goFile, JSON.stringify(ids))
      await redeliveries
      const runs = [0, 1].map((run) => JSON.parse(fs.readFileSync(outOf(run), "utf8")))
      expect(runs.every((run) => run.waited_ms > 0)).toBe(true)
      expect(runs.map(({ backorders, ready }) => ({ backorders, ready }))).toEqual([
        { backorders: 3, ready: 3 },
        { backorders: 3, ready: 3 },
      ])
      expect(await statusesOf(ids)).toEqual(["ready", "ready", "ready"])
      // every event delivered three times: by the plugin once (so each became ready once, however
      // many ran the readiness), and again by each exec instance
      await waitFor("the redelivered events", async () =>
        ids.every((id) => deliveries("backorder.placed", id).length >= 3 && deliveries("backorder.ready", id).length >= 3)
      )
      await sleep(5000) // room for the notices of the last deliveries, and for a second one
      for (const id of ids) {
        expect([deliveries("backorder.placed", id).length, deliveries("backorder.ready", id).length]).toEqual([3, 3])
      }

      // the books of the notices: per back order, one of each kind to each audience
      const notices = await topology.sql(
        `SELECT id, resource_id, channel, template, trigger_type, "to", status, data FROM notification
         WHERE resource_id = ANY($1) AND deleted_at IS NULL ORDER BY created_at`,
        [ids]
      )
      for (const [i, id] of ids.entries()) {
        const [{ email }] = await topology.sql(`SELECT email FROM cart WHERE id = $1`, [placed[i].cartId])
        const mine = notices.filter((n) => n.resource_id === id)
        expect(mine.map((n) => `${n.trigger_type} ${n.channel}:${n.template}`).sort()).toEqual([
          "backorder.placed email:backorder-placed",
          "backorder.placed feed:admin-ui",
          "backorder.ready email:backorder-ready",
          "backorder.ready feed:admin-ui",
        ])
        expect(mine.filter((n) => n.channel === "email").map((n) => n.to)).toEqual([email, email])
        expect(new Set(mine.map((n) => n.status))).toEqual(new Set(["success"]))
      }
      // the exec instances sent only what nobody had sent before them, and never the same notice twice
      const sentByExecs: string[] = runs.flatMap((run) => run.sent)
      expect(new Set(sentByExecs).size).toBe(sentByExecs.length)
      expect(sentByExecs.every((sent) => notices.some((n) => n.id === sent))).toBe(true)
      console.log(
        `[scale] ${locking}: notices of 3 back orders: ${notices.length}; readiness moves by the exec instances: ` +
          `${runs.map((run) => run.moves).join(" + ")}; notices they sent: ${sentByExecs.length}; they waited for the go ` +
          `${runs.map((run) => Math.round(run.waited_ms)).join(" and ")} ms`
      )

      // the back orders' units still reserved, nothing more, nothing less
      expect(await mugLevel()).toEqual({ stocked: paid + 7, reserved: paid + 7 })
    } finally {
      if (!fs.existsSync(goFile)) fs.writeFileSync(goFile, "[]")
      await redeliveries.catch(() => {})
      await workerB.stop()
    }
  })

  const warningsIn = (logFile: string) =>
    fs
      .readFileSync(logFile, "utf8")
      .split("\n")
      .filter((line) => line.includes(IN_MEMORY_LOCKING_WARNING.slice(0, 60)))

  if (locking !== "in-memory") {
    it("warns at startup only where locks would stay in one process", async () => {
      for (const process of [...topology.servers, topology.worker]) {
        expect(warningsIn(`${topology.logDir}/${process.name}.log`)).toEqual([])
      }
      // the same app with Medusa's default (in-memory) locking, started as a server beside them
      const lone = await topology.instance("in-memory-server", "server", { SCALE_LOCKING: "in-memory" })
      await lone.start()
      await lone.stop()
      const warnings = warningsIn(`${topology.logDir}/in-memory-server.log`)
      expect(warnings).toHaveLength(1)
      expect(JSON.parse(warnings[0])).toEqual(expect.objectContaining({ level: "warn" }))
      expect(warnings[0]).toContain('worker mode \\"server\\"')
    })
  }
})
