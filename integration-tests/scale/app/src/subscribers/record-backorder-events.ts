import fs from "fs"
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"

/**
 * The scale tests' witness: every delivery of these events, with the process that handled it,
 * appended to $SCALE_EVENTS_FILE. With the Redis event bus only the worker may show up here.
 */
export default async function recordBackorderEvents({ event }: SubscriberArgs<Record<string, unknown>>) {
  const file = process.env.SCALE_EVENTS_FILE
  if (!file) return
  const line = { name: event.name, data: event.data, mode: process.env.MEDUSA_WORKER_MODE, pid: process.pid }
  fs.appendFileSync(file, `${JSON.stringify(line)}\n`)
}

export const config: SubscriberConfig = {
  event: ["backorder.charged", "payment.captured", "backorder.placed", "backorder.ready"],
}
