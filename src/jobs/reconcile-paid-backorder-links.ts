import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import { statusesBefore } from "../modules/backorder/service"
import { settleBackorderPaymentWorkflow } from "../workflows/settle-backorder-payment"

export type PaidLinksReconciliation = {
  /** Back orders this run charged (their draft converted). */
  settled: string[]
  /** Paid back orders another run (the `payment.captured` handler, another instance) settled first. */
  skipped: string[]
  /** Back orders whose settlement failed (rolled back, still awaiting payment: the next run tries again); logged. */
  failed: string[]
}

type CollectionRow = {
  id: string
  status: string
  payments?: ({ id: string; captured_at?: unknown; canceled_at?: unknown } | null)[] | null
}

/** The captured payment of a fully paid (`completed`) collection: what settles its back order. */
function capturedPaymentOf(collection: CollectionRow | undefined) {
  return collection?.status === "completed"
    ? collection.payments?.find((row) => row?.captured_at && !row.canceled_at) ?? undefined
    : undefined
}

/**
 * One payment link whose collection is fully captured while its back order still awaits payment
 * (the run that captured died before settling it, its `payment.captured` lost with it): settles
 * it now, as the reconcile below would later, so the shopper's retry on the link finds it paid.
 * Answers the captured payment's id when it settled (or found settled) the back order by it, null
 * when the link is not paid; a settlement that fails throws (nothing changed, the reconcile retries).
 */
export async function settleCapturedBackorderLink(container: MedusaContainer, paymentCollectionId: string): Promise<string | null> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [backorder] = await backorderModule.listBackorders(
    { payment_collection_id: paymentCollectionId, status: statusesBefore("settle_payment_link") },
    { select: ["id"], take: 1 }
  )
  if (!backorder) {
    return null
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: collections } = await query.graph({
    entity: "payment_collection",
    fields: ["id", "status", "payments.id", "payments.captured_at", "payments.canceled_at"],
    filters: { id: paymentCollectionId },
  })
  const payment = capturedPaymentOf(collections[0] as CollectionRow | undefined)
  if (!payment) {
    return null
  }
  await settleBackorderPaymentWorkflow(container).run({ input: { payment_id: payment.id } })
  return payment.id
}

/**
 * Settles every back order awaiting payment whose payment collection is fully captured: the
 * `payment.captured` handler settles it as the money arrives, but an event lost with a crashed
 * worker, a settlement that failed, or a capture Medusa's payment module made without announcing
 * it would leave the back order awaiting payment (and its draft unconverted) on paid money.
 * Each runs `settleBackorderPaymentWorkflow`, which takes the back order's lock and moves it with
 * one conditional update: run twice, or on two instances at once, it settles each back order once.
 */
export async function reconcilePaidBackorderLinks(container: MedusaContainer, { limit = 100 } = {}): Promise<PaidLinksReconciliation> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const result: PaidLinksReconciliation = { settled: [], skipped: [], failed: [] }

  const awaiting = (
    await backorderModule.listBackorders(
      { status: statusesBefore("settle_payment_link") },
      { select: ["id", "payment_collection_id"], order: { updated_at: "ASC" }, take: limit }
    )
  ).filter((backorder) => !!backorder.payment_collection_id)
  if (!awaiting.length) {
    return result
  }
  const { data: collections } = await query.graph({
    entity: "payment_collection",
    fields: ["id", "status", "payments.id", "payments.captured_at", "payments.canceled_at"],
    filters: { id: awaiting.map((backorder) => backorder.payment_collection_id!), status: "completed" },
  })
  const paidCollections = new Map((collections as CollectionRow[]).map((collection) => [collection.id, collection]))

  for (const backorder of awaiting) {
    const payment = capturedPaymentOf(paidCollections.get(backorder.payment_collection_id!))
    if (!payment) {
      continue
    }
    try {
      const { result: charged } = await settleBackorderPaymentWorkflow(container).run({ input: { payment_id: payment.id } })
      if (charged) {
        result.settled.push(charged)
      } else {
        result.skipped.push(backorder.id)
      }
    } catch (error) {
      result.failed.push(backorder.id)
      logger.warn(`Settling back order ${backorder.id}'s paid payment link failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  if (result.settled.length) {
    logger.info(`Settled paid back-order payment links: ${result.settled.join(", ")}`)
  }
  return result
}

/** Every five minutes: the `payment.captured` handler settles links as they are paid; this catches what it missed. */
export default async function reconcilePaidBackorderLinksJob(container: MedusaContainer) {
  await reconcilePaidBackorderLinks(container)
}

export const config = {
  name: "reconcile-paid-backorder-links",
  schedule: "*/5 * * * *",
}
