import { MedusaError } from "@medusajs/framework/utils"
import {
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
  type WorkflowData,
} from "@medusajs/framework/workflows-sdk"
import {
  addDraftOrderShippingMethodsWorkflow,
  beginDraftOrderEditWorkflow,
  confirmDraftOrderEditWorkflow,
  convertDraftOrderWorkflow,
  createOrUpdateOrderPaymentCollectionWorkflow,
  deleteReservationsByLineItemsStep,
  emitEventStep,
  markPaymentCollectionAsPaid,
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { inventoryItemsReservablePastStock, type VariantInventoryRule } from "../utils/backorder-availability"
import { backorderLockKey } from "../modules/backorder/service"
import type { ChargeBackorderBody } from "../types"
import { ORDER_ITEM_FIELDS } from "../utils/order-fields"
import { acquireStockLocksStep } from "./steps/acquire-stock-locks"
import { buildBackorderPaymentLinkStep } from "./steps/build-backorder-payment-link"
import { claimBackorderStep } from "./steps/claim-backorder"
import { getBackorderLockTimingsStep } from "./steps/get-backorder-lock-timings"
import { releaseStockLocksStep } from "./steps/release-stock-locks"
import { resolveBackorderShippingOptionStep } from "./steps/resolve-backorder-shipping-option"
import { transitionBackorderStatusStep } from "./steps/transition-backorder-status"
import { acquireLeasedLockStep } from "./steps/acquire-leased-lock"
import { releaseLeasedLockStep } from "./steps/release-leased-lock"

export const BACKORDER_CHARGED_EVENT = "backorder.charged"
/** `{ id, order_id, payment_link }`: the charge opened a payment link for the shopper. */
export const BACKORDER_PAYMENT_LINK_CREATED_EVENT = "backorder.payment_link_created"

export type ChargeBackorderInput = ChargeBackorderBody & {
  backorder_id: string
  /** The admin user, recorded on the order edit and the capture. */
  actor_id?: string
}

/**
 * Converts a back order's draft into an order, its units reserved once. Checkout reserved the
 * back-ordered units on the draft's lines so stock shows them as promised; conversion reserves
 * every line again, so the checkout reservations go first, under the items' stock locks (a
 * checkout re-checking meanwhile would see the units free). For the charge and for the
 * settlement of a paid payment link; call it inside a workflow's composer.
 */
export function convertBackorderDraft(draftOrderId: string | WorkflowData<string>) {
  const { data: draft } = useQueryGraphStep({
    entity: "order",
    fields: [
      "id",
      ...ORDER_ITEM_FIELDS,
      "items.variant.manage_inventory",
      "items.variant.allow_backorder",
      "items.variant.inventory_items.inventory_item_id",
    ],
    filters: { id: draftOrderId },
    options: { throwIfKeyNotFound: true, isList: false },
  }).config({ name: "get-backorder-draft-items" })
  const draftItemIds = transform({ draft }, ({ draft }) => (draft.items ?? []).map((item: { id: string }) => item.id))
  const stockToLock = transform({ draft }, ({ draft }) => ({
    inventory_item_ids: inventoryItemsReservablePastStock(
      (draft.items ?? []).map((item: { variant?: VariantInventoryRule | null } | null) => item?.variant)
    ),
  }))
  const stockLocks = acquireStockLocksStep(stockToLock)
  deleteReservationsByLineItemsStep(draftItemIds)
  convertDraftOrderWorkflow.runAsStep({ input: { id: draftOrderId } })
  releaseStockLocksStep(stockLocks)
}

/**
 * Charges a pending back order: adds the shipping the admin entered to its draft order, then
 * either records the payment and converts the draft into a real order, or opens a payment link
 * on the draft (converted when the link is paid, see settleBackorderPaymentWorkflow).
 * Output: `{ backorder_id, order_id }`.
 */
export const chargeBackorderWorkflow = createWorkflow("charge-backorder", (input: ChargeBackorderInput) => {
  // The back order id is the key charge and cancel share; the core draft-order workflows
  // below run nested, so their own order-id locks are skipped and this one guards them.
  const locks = getBackorderLockTimingsStep()
  const lockKey = transform({ input }, ({ input }) => backorderLockKey(input.backorder_id))
  const lock = acquireLeasedLockStep(transform({ lockKey, locks }, ({ lockKey, locks }) => ({ lock_keys: [lockKey], ...locks.backorder })))

  // the claim in the database before anything else: the lock may be per process
  const backorder = claimBackorderStep({ backorder_id: input.backorder_id, action: "charge" })
  const shippingOptionId = resolveBackorderShippingOptionStep({
    backorder,
    shipping_option_id: input.shipping_option_id,
  })

  beginDraftOrderEditWorkflow.runAsStep({
    input: { order_id: backorder.draft_order_id, created_by: input.actor_id },
  })
  addDraftOrderShippingMethodsWorkflow.runAsStep({
    input: {
      order_id: backorder.draft_order_id,
      shipping_option_id: shippingOptionId,
      custom_amount: input.shipping_amount,
    },
  })
  confirmDraftOrderEditWorkflow.runAsStep({
    input: { order_id: backorder.draft_order_id, confirmed_by: input.actor_id ?? "" },
  })

  // Recorded: the money is there, so the draft becomes an order now. A payment link leaves it a
  // draft until the link is paid (the settlement converts it): converting emits Medusa's
  // `order.placed`, which tells fulfilment the goods can ship.
  when("convert-recorded-backorder", { input }, ({ input }) => input.payment === "record").then(() => {
    convertBackorderDraft(backorder.draft_order_id)
  })

  createOrUpdateOrderPaymentCollectionWorkflow.runAsStep({
    input: { order_id: backorder.draft_order_id },
  })
  // read the open collection back: nested here, the workflow's output came back without it
  // (the draft edit's confirmation had already created the collection)
  const { data: openCollections } = useQueryGraphStep({
    entity: "order_payment_collection",
    fields: ["payment_collection_id", "payment_collection.status"],
    filters: { order_id: backorder.draft_order_id },
  }).config({ name: "get-backorder-payment-collection" })
  const paymentCollectionId = transform({ openCollections }, ({ openCollections }) => {
    const open = openCollections.find((link) =>
      ["not_paid", "awaiting"].includes(link.payment_collection?.status ?? "")
    )
    if (!open) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "The charged order has no open payment collection.")
    }
    return open.payment_collection_id as string
  })

  const paymentLink = when("open-backorder-payment-link", { input }, ({ input }) => input.payment === "link").then(
    () =>
      buildBackorderPaymentLinkStep({
        payment_collection_id: paymentCollectionId,
        order_id: backorder.draft_order_id,
      })
  )

  // The status is written before the capture: a capture cannot be undone (Medusa leaves
  // refunds to a person), so it is the last writing step and anything that fails runs
  // before money moves. If the capture itself fails, this step's compensation puts back
  // the fields it wrote and the back order is pending again.
  const statusUpdate = transform(
    { input, paymentCollectionId, paymentLink },
    ({ input, paymentCollectionId, paymentLink }) => ({
      id: input.backorder_id,
      transition: input.payment === "record" ? ("record_payment" as const) : ("send_payment_link" as const),
      data:
        input.payment === "record"
          ? { payment_collection_id: paymentCollectionId }
          : { payment_collection_id: paymentCollectionId, payment_link: paymentLink ?? null },
      required: true,
    })
  )
  transitionBackorderStatusStep(statusUpdate)

  when("announce-backorder-payment-link", { input }, ({ input }) => input.payment === "link").then(() => {
    emitEventStep({
      eventName: BACKORDER_PAYMENT_LINK_CREATED_EVENT,
      data: transform({ input, backorder, paymentLink }, ({ input, backorder, paymentLink }) => ({
        id: input.backorder_id,
        order_id: backorder.draft_order_id,
        payment_link: paymentLink ?? null,
      })),
    }).config({ name: "emit-backorder-payment-link-created" })
  })

  when("record-backorder-payment", { input }, ({ input }) => input.payment === "record").then(() => {
    markPaymentCollectionAsPaid.runAsStep({
      input: {
        payment_collection_id: paymentCollectionId,
        order_id: backorder.draft_order_id,
        captured_by: input.actor_id,
      },
    })
    // the money is taken: nothing after the capture may roll the charge back
    emitEventStep({
      eventName: BACKORDER_CHARGED_EVENT,
      data: { id: input.backorder_id, order_id: backorder.draft_order_id },
    }).config({ continueOnPermanentFailure: true })
  })

  releaseLeasedLockStep(lock).config({ continueOnPermanentFailure: true })

  const result = transform({ input, backorder }, ({ input, backorder }) => ({
    backorder_id: input.backorder_id,
    order_id: backorder.draft_order_id,
  }))
  return new WorkflowResponse(result)
})
