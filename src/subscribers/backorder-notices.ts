import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { BackorderCanceledBy, BackorderNoticeKind } from "../utils/backorder-notices"
import { BACKORDER_CANCELED_EVENT } from "../workflows/cancel-backorder"
import {
  BACKORDER_CHARGED_EVENT,
  BACKORDER_PAYMENT_FAILED_EVENT,
  BACKORDER_PAYMENT_LINK_CREATED_EVENT,
} from "../workflows/charge-backorder"
import { BACKORDER_PLACED_EVENT } from "../workflows/complete-cart-with-backorders"
import { notifyBackorderWorkflow } from "../workflows/notify-backorder"
import { BACKORDER_READY_EVENT } from "../workflows/refresh-backorder-readiness"
import { BACKORDER_SHIPS_ON_CHANGED_EVENT } from "../workflows/update-variant-backorder-settings"

const KIND_OF_EVENT: Record<string, BackorderNoticeKind> = {
  [BACKORDER_PLACED_EVENT]: "placed",
  [BACKORDER_READY_EVENT]: "ready",
  [BACKORDER_PAYMENT_LINK_CREATED_EVENT]: "payment_link",
  [BACKORDER_CHARGED_EVENT]: "charged",
  [BACKORDER_CANCELED_EVENT]: "canceled",
  [BACKORDER_SHIPS_ON_CHANGED_EVENT]: "ships_on_changed",
  [BACKORDER_PAYMENT_FAILED_EVENT]: "payment_failed",
}

/**
 * The back order's events become its notices. After the answer the shopper or admin got, and
 * durable as the event bus is (Redis in production: retried, and run by a worker): a notice
 * neither slows nor fails the checkout, charge or cancel it tells of.
 */
export default async function backorderNoticesHandler({
  event,
  container,
}: SubscriberArgs<{
  id: string
  payment_link?: string | null
  canceled_by?: BackorderCanceledBy
  variant_id?: string
  ships_on?: string | null
  reason?: string | null
  attempt?: number | null
}>) {
  const kind = KIND_OF_EVENT[event.name]
  if (!kind || !event.data?.id) {
    return
  }
  await notifyBackorderWorkflow(container).run({
    input: {
      backorder_id: event.data.id,
      kind,
      payment_link: event.data.payment_link ?? null,
      canceled_by: event.data.canceled_by ?? null,
      ...(kind === "payment_failed" && { payment_failure: { reason: event.data.reason ?? null, attempt: event.data.attempt ?? null } }),
      ...(kind === "ships_on_changed" && { ships_on_change: { variant_id: event.data.variant_id ?? null, ships_on: event.data.ships_on ?? null } }),
    },
  })
}

export const config: SubscriberConfig = {
  event: Object.keys(KIND_OF_EVENT),
}
