import { MedusaError } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  cancelDraftOrderEditWorkflow,
  createOrUpdateOrderPaymentCollectionWorkflow,
  emitEventStep,
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { BACKORDER_TRANSITIONS, backorderLockKey, type BackorderStatus } from "../modules/backorder/service"
import { BACKORDER_CANCELED_EVENT } from "./cancel-backorder"
import { BACKORDER_CHARGED_EVENT } from "./charge-backorder"
import { acquireStockLocksStep } from "./steps/acquire-stock-locks"
import { buildBackorderPaymentLinkStep } from "./steps/build-backorder-payment-link"
import { getBackorderLockTimingsStep } from "./steps/get-backorder-lock-timings"
import { readClaimBooksStep } from "./steps/read-claim-books"
import { releaseStockLocksStep } from "./steps/release-stock-locks"
import { removeHalfMadeShippingMethodsStep } from "./steps/remove-half-made-shipping-methods"
import { reserveBackorderUnitsStep } from "./steps/reserve-backorder-units"
import { retakeStaleClaimStep } from "./steps/retake-stale-claim"
import { transitionBackorderStatusStep } from "./steps/transition-backorder-status"
import { acquireLeasedLockStep } from "./steps/acquire-leased-lock"
import { releaseLeasedLockStep } from "./steps/release-leased-lock"

export const recoverBackorderClaimWorkflowId = "recover-backorder-claim"

export type RecoverBackorderClaimInput = {
  backorder_id: string
  /** The admin who pressed Retry; none for the scheduled job. */
  actor_id?: string
}

export type RecoverBackorderClaimOutput = { backorder_id: string; status: BackorderStatus }

/**
 * Recovers a back order left `charging` or `canceling` by a run that died (killed, out of
 * memory): its claim is older than the back order's lock can live (`isClaimStale`).
 *
 * lock (the back order's key, as charge and cancel) → retake the stale claim (conditional
 * update: one recovery wins, a live run's claim is refused 409) → read the books
 * (`recoveryOfClaim`) → make the books and the status agree:
 * - back to pending: cancel the draft edit the dead charge left open, remove the shipping method
 *   it confirmed, and reserve again, under the stock locks, what lost its checkout reservation;
 * - awaiting payment: the order's open payment collection (created if the dead run had none yet)
 *   and its link;
 * - charged or canceled: the status only (the money or the cancel is in the books already).
 * → the transition (`WHERE status = claim`) → emit → unlock.
 * Every write compensates; nothing here takes money or cancels anything.
 */
export const recoverBackorderClaimWorkflow = createWorkflow(
  recoverBackorderClaimWorkflowId,
  (input: RecoverBackorderClaimInput) => {
    const locks = getBackorderLockTimingsStep()
    const lockKey = transform({ input }, ({ input }) => backorderLockKey(input.backorder_id))
    const lock = acquireLeasedLockStep(transform({ lockKey, locks }, ({ lockKey, locks }) => ({ lock_keys: [lockKey], ...locks.backorder })))

    const claim = retakeStaleClaimStep({ backorder_id: input.backorder_id })
    const books = readClaimBooksStep(claim)

    when("cancel-half-made-draft-edit", { books }, ({ books }) => books.open_edit).then(() => {
      cancelDraftOrderEditWorkflow.runAsStep({ input: { order_id: claim.draft_order_id } })
    })
    removeHalfMadeShippingMethodsStep(
      transform({ claim, books, input }, ({ claim, books, input }) => ({
        order_id: claim.draft_order_id,
        shipping_methods: books.shipping_methods,
        actor_id: input.actor_id,
      }))
    )

    const stockLocks = acquireStockLocksStep(
      transform({ books }, ({ books }) => ({ inventory_item_ids: books.inventory_item_ids }))
    )
    reserveBackorderUnitsStep(
      transform({ books }, ({ books }) => ({
        draft_order_id: books.reserve_draft?.draft_order_id ?? null,
        sales_channel_id: books.reserve_draft?.sales_channel_id ?? null,
        only_unreserved: true,
      }))
    )
    releaseStockLocksStep(stockLocks)

    // a converted order without a collection: the dead charge stopped right after converting
    when(
      "open-recovered-payment-collection",
      { books },
      ({ books }) => books.recovery.transition === "send_payment_link" && !books.recovery.payment_collection_id
    ).then(() => {
      createOrUpdateOrderPaymentCollectionWorkflow.runAsStep({ input: { order_id: claim.draft_order_id } })
    })
    const { data: collections } = useQueryGraphStep({
      entity: "order_payment_collection",
      fields: ["payment_collection_id", "payment_collection.status"],
      filters: { order_id: claim.draft_order_id },
    }).config({ name: "get-recovered-payment-collections" })

    const collectionId = transform({ books, collections }, ({ books, collections }) => {
      const { recovery } = books
      if (recovery.transition === "record_payment") {
        return recovery.payment_collection_id
      }
      if (recovery.transition !== "send_payment_link") {
        return null
      }
      if (recovery.payment_collection_id) {
        return recovery.payment_collection_id
      }
      const open = collections.find((link) => ["not_paid", "awaiting"].includes(link.payment_collection?.status ?? ""))
      if (!open) {
        throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "The recovered order has no open payment collection.")
      }
      return open.payment_collection_id as string
    })
    const paymentLink = when("rebuild-backorder-payment-link", { books }, ({ books }) => books.recovery.transition === "send_payment_link").then(
      () =>
        buildBackorderPaymentLinkStep(
          transform({ collectionId, claim }, ({ collectionId, claim }) => ({
            payment_collection_id: collectionId!,
            order_id: claim.draft_order_id,
          }))
        )
    )

    transitionBackorderStatusStep(
      transform({ claim, books, collectionId, paymentLink }, ({ claim, books, collectionId, paymentLink }) => ({
        id: claim.id,
        transition: books.recovery.transition,
        from: claim.status,
        data:
          books.recovery.transition === "send_payment_link"
            ? { payment_collection_id: collectionId, payment_link: paymentLink ?? null }
            : books.recovery.transition === "record_payment"
              ? { payment_collection_id: collectionId }
              : {},
        required: true,
      }))
    )

    const status = transform({ books }, ({ books }): BackorderStatus => BACKORDER_TRANSITIONS[books.recovery.transition].to)
    const event = transform({ claim, status }, ({ claim, status }) => ({
      name: status === "charged" ? BACKORDER_CHARGED_EVENT : status === "canceled" ? BACKORDER_CANCELED_EVENT : null,
      data: { id: claim.id, order_id: claim.draft_order_id },
    }))
    when("announce-recovered-backorder", { event }, ({ event }) => !!event.name).then(() => {
      emitEventStep({
        eventName: transform({ event }, ({ event }) => event.name!),
        data: transform({ event }, ({ event }) => event.data),
      }).config({ continueOnPermanentFailure: true })
    })

    releaseLeasedLockStep(lock).config({ continueOnPermanentFailure: true })

    return new WorkflowResponse(
      transform({ claim, status }, ({ claim, status }): RecoverBackorderClaimOutput => ({ backorder_id: claim.id, status }))
    )
  }
)
