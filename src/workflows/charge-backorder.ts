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
  capturePaymentWorkflow,
  createPaymentSessionsWorkflow,
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
import { transitionBackorderStatusStep, type TransitionBackorderStatusInput } from "./steps/transition-backorder-status"
import { acquireLeasedLockStep } from "./steps/acquire-leased-lock"
import { releaseLeasedLockStep } from "./steps/release-leased-lock"
import { findBackorderSavedCardStep } from "./steps/find-backorder-saved-card"
import { countSavedCardAttemptStep } from "./steps/count-saved-card-attempt"
import { authorizeSavedCardStep, type SavedCardAuthorization } from "./steps/authorize-saved-card"

export const BACKORDER_CHARGED_EVENT = "backorder.charged"
/** `{ id, order_id, payment_link }`: the charge opened a payment link for the shopper. */
export const BACKORDER_PAYMENT_LINK_CREATED_EVENT = "backorder.payment_link_created"
/**
 * `{ id, order_id, payment_link, reason, attempt }`: the saved card was refused; the payment link
 * went to the customer instead (the `backorder-payment-failed` notice).
 */
export const BACKORDER_PAYMENT_FAILED_EVENT = "backorder.payment_failed"

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
 * Charges a pending or ready back order: adds the shipping the admin entered to its draft order,
 * then either records the payment and converts the draft into a real order, opens a payment link
 * on the draft (converted when the link is paid, see settleBackorderPaymentWorkflow), or charges
 * the card its checkout kept (`saved_card`: authorised off-session, then the draft converted and
 * the payment captured; refused: `payment_failed` and a payment link; pending: awaiting payment
 * until the provider's webhook). A back order whose card was refused is charged again the same
 * ways, on the shipping its first charge added (`shipping_amount` and `shipping_option_id` are
 * not used then).
 * Output: `{ backorder_id, order_id }`.
 */
export const chargeBackorderWorkflow = createWorkflow("charge-backorder", (input: ChargeBackorderInput) => {
  // The back order id is the key charge and cancel share; the core draft-order workflows
  // below run nested, so their own order-id locks are skipped and this one guards them.
  const locks = getBackorderLockTimingsStep()
  const lockKey = transform({ input }, ({ input }) => backorderLockKey(input.backorder_id))
  const lock = acquireLeasedLockStep(transform({ lockKey, locks }, ({ lockKey, locks }) => ({ lock_keys: [lockKey], ...locks.backorder })))

  // no saved card: a 400 before anything is claimed
  const savedCard = when("find-saved-card-to-charge", { input }, ({ input }) => input.payment === "saved_card").then(() =>
    findBackorderSavedCardStep({ backorder_id: input.backorder_id })
  )

  // the claim in the database before anything else: the lock may be per process
  const backorder = claimBackorderStep({ backorder_id: input.backorder_id, action: "charge" })

  // a refused card's retry: its first charge added the shipping already
  when("add-backorder-shipping", { backorder }, ({ backorder }) => backorder.claimed_from !== "payment_failed").then(() => {
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

  // The saved card: the back order's own session (any earlier one on the collection goes, as
  // Medusa keeps one session per collection), authorised off-session with this attempt's key.
  const cardAuthorization = when("charge-saved-card", { input }, ({ input }) => input.payment === "saved_card").then(() => {
    const attempt = countSavedCardAttemptStep({ backorder_id: input.backorder_id })
    const session = createPaymentSessionsWorkflow.runAsStep({
      input: transform({ savedCard, paymentCollectionId, backorder, attempt }, ({ savedCard, paymentCollectionId, backorder, attempt }) => ({
        payment_collection_id: paymentCollectionId,
        provider_id: savedCard!.provider_id,
        customer_id: backorder.customer_id ?? undefined,
        data: savedCard!.data,
        context: { idempotency_key: attempt.idempotency_key },
      })),
    })
    const authorization = authorizeSavedCardStep(
      transform({ session, attempt }, ({ session, attempt }) => ({
        payment_session_id: session.id,
        idempotency_key: attempt.idempotency_key,
      }))
    )
    return transform({ authorization, attempt }, ({ authorization, attempt }) => ({ ...authorization, attempt: attempt.attempt }))
  })
  const outcome = transform({ input, cardAuthorization }, ({ input, cardAuthorization }) =>
    input.payment === "saved_card" ? cardAuthorization!.outcome : null
  )

  // Recorded, or the saved card authorised: the money is there, so the draft becomes an order
  // now, before the capture. A payment link (or a card whose bank answers later) leaves it a
  // draft until it is paid (the settlement converts it): converting emits Medusa's
  // `order.placed`, which tells fulfilment the goods can ship. One place for both, as a
  // nested workflow's step can't be renamed for a second branch without losing its compensation.
  when(
    "convert-charged-backorder",
    { input, outcome },
    ({ input, outcome }) => input.payment === "record" || outcome === "authorized"
  ).then(() => {
    convertBackorderDraft(backorder.draft_order_id)
  })

  // a link for a link, and for a refused card (sent to the customer with the refusal)
  const paymentLink = when(
    "open-backorder-payment-link",
    { input, outcome },
    ({ input, outcome }) => input.payment === "link" || outcome === "refused"
  ).then(() =>
    buildBackorderPaymentLinkStep({
      payment_collection_id: paymentCollectionId,
      order_id: backorder.draft_order_id,
    })
  )

  // The status is written before the capture: a capture cannot be undone (Medusa leaves
  // refunds to a person), so it is the last writing step and anything that fails runs
  // before money moves. If the capture itself fails, this step's compensation puts back
  // the fields it wrote and the back order is in the status it was claimed from again.
  const statusUpdate = transform(
    { input, paymentCollectionId, paymentLink, cardAuthorization },
    ({ input, paymentCollectionId, paymentLink, cardAuthorization }) => ({
      id: input.backorder_id,
      ...chargeTransition(input.payment, cardAuthorization ?? null, paymentCollectionId, paymentLink ?? null),
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

  when("announce-refused-card", { outcome }, ({ outcome }) => outcome === "refused").then(() => {
    emitEventStep({
      eventName: BACKORDER_PAYMENT_FAILED_EVENT,
      data: transform(
        { input, backorder, paymentLink, cardAuthorization },
        ({ input, backorder, paymentLink, cardAuthorization }) => ({
          id: input.backorder_id,
          order_id: backorder.draft_order_id,
          payment_link: paymentLink ?? null,
          reason: cardAuthorization?.reason ?? null,
          attempt: cardAuthorization?.attempt ?? null,
        })
      ),
    }).config({ name: "emit-backorder-payment-failed" })
  })

  when("capture-saved-card", { outcome }, ({ outcome }) => outcome === "authorized").then(() => {
    capturePaymentWorkflow.runAsStep({
      input: transform({ input, cardAuthorization }, ({ input, cardAuthorization }) => ({
        payment_id: cardAuthorization!.payment_id!,
        captured_by: input.actor_id,
      })),
    })
    // the money is taken: nothing after the capture may roll the charge back
    emitEventStep({
      eventName: BACKORDER_CHARGED_EVENT,
      data: { id: input.backorder_id, order_id: backorder.draft_order_id },
    }).config({ name: "emit-backorder-card-charged", continueOnPermanentFailure: true })
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

/**
 * The status a charge leaves: a recorded payment or an authorised card, charged; a link, or a
 * card whose bank answers later, awaiting payment; a refused card, `payment_failed` with why.
 */
function chargeTransition(
  payment: ChargeBackorderInput["payment"],
  card: SavedCardAuthorization | null,
  paymentCollectionId: string,
  paymentLink: string | null
): Pick<TransitionBackorderStatusInput, "transition" | "data"> {
  if (payment === "record") {
    return { transition: "record_payment", data: { payment_collection_id: paymentCollectionId } }
  }
  if (payment === "link") {
    return { transition: "send_payment_link", data: { payment_collection_id: paymentCollectionId, payment_link: paymentLink } }
  }
  switch (card?.outcome) {
    case "authorized":
      return { transition: "charge_saved_card", data: { payment_collection_id: paymentCollectionId } }
    case "pending":
      return { transition: "await_saved_card", data: { payment_collection_id: paymentCollectionId } }
    case "refused":
      return {
        transition: "fail_payment",
        data: { payment_collection_id: paymentCollectionId, payment_link: paymentLink, payment_failure_reason: card.reason },
      }
    default:
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "The saved card's charge has no outcome.")
  }
}
