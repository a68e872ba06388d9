// One more instance going over back orders' readiness and notices again (`medusa exec`, run by
// topology.spec.ts, two at once beside the servers and the workers). It boots, then waits for the
// test's go (so it races the workers' handling of a restock instead of its own boot time): it runs
// the readiness job's workflow, sends the placed notice of every back order and the ready notice
// of every ready one itself, and emits `backorder.placed` and `backorder.ready` onto the Redis event
// bus again, so the workers deliver them a second time. By the workflows' names, as the app
// registered them: nothing of the plugin is imported here.
//   SCALE_GO_FILE   written by the test: the back orders' ids (a JSON list; empty: give up)
//   SCALE_EXEC_OUT  where this run writes what it did (JSON): the readiness moves, the notices it sent
//                   (and `<SCALE_EXEC_OUT>.booted` once it is up and waiting)
import fs from "fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

type Backorder = { id: string; status: string; draft_order_id: string; cart_id: string }

const GO_TIMEOUT_MS = 10 * 60 * 1000

export default async function redeliverNotices({ container }: ExecArgs) {
  const goFile = process.env.SCALE_GO_FILE!
  const booted = Date.now()
  fs.writeFileSync(`${process.env.SCALE_EXEC_OUT}.booted`, String(booted)) // the test waits for it before its go
  const deadline = booted + GO_TIMEOUT_MS
  while (!fs.existsSync(goFile)) {
    if (Date.now() > deadline) throw new Error(`no go in ${goFile}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  // how long this instance waited for the go
  const waited_ms = Math.max(0, fs.statSync(goFile).mtimeMs - booted)
  const ids = JSON.parse(fs.readFileSync(goFile, "utf8")) as string[]
  if (!ids.length) return

  const engine = container.resolve(Modules.WORKFLOW_ENGINE)
  const eventBus = container.resolve(Modules.EVENT_BUS)
  const readiness = await engine.run("refresh-backorder-readiness", { input: {}, throwOnError: true })
  // read after its own readiness run, which holds the readiness lock: the stock the test set is seen
  const backorders = await container
    .resolve<{ listBackorders: (filters: { id: string[] }) => Promise<Backorder[]> }>("backorder")
    .listBackorders({ id: ids })
  const ready = backorders.filter((backorder) => backorder.status === "ready")

  const sent: string[] = []
  const notify = async (backorder_id: string, kind: string) => {
    const { result } = await engine.run("notify-backorder", { input: { backorder_id, kind }, throwOnError: true })
    sent.push(...((result as string[]) ?? []))
  }
  for (const backorder of backorders) await notify(backorder.id, "placed")
  for (const backorder of ready) await notify(backorder.id, "ready")
  await eventBus.emit<Record<string, unknown>>([
    ...backorders.map((backorder) => ({
      name: "backorder.placed",
      data: { id: backorder.id, order_id: null, draft_order_id: backorder.draft_order_id, cart_id: backorder.cart_id },
    })),
    // as the readiness workflow emits it: `order_id` is the back order's draft
    ...ready.map((backorder) => ({ name: "backorder.ready", data: { id: backorder.id, order_id: backorder.draft_order_id } })),
  ])
  fs.writeFileSync(
    process.env.SCALE_EXEC_OUT!,
    JSON.stringify({ waited_ms, backorders: backorders.length, ready: ready.length, moves: (readiness.result as unknown[]).length, sent })
  )
}
