/**
 * completeCartWithBackordersWorkflow — completes a cart, re-checking its stock and placing its
 * back-order lines as a pending back order.
 *
 * Runs for every completion when the store setting is on, and for carts with back-order records
 * or a back order whatever the setting: it decides under the cart lock. Every in-stock line of a
 * backorderable variant is re-checked against what is available now, under the stock locks; a
 * cart without back-order lines and without a shortfall then gets exactly Medusa's
 * `completeCartWorkflow` (as a step).
 *
 * Input:  { cart_id: string, on_stock_change?: "refuse" | "record_oversold" }
 * Output: { order_id, backorder_id, draft_order_id, replayed, stock_changed, oversold, promotions_changed }
 *   `stock_changed` non-empty: nothing was changed or charged (the route answers 409).
 *   `promotions_changed`: the promotions, recomputed without the back-order lines, moved the total
 *   away from the payment's; nothing was placed, the payment sessions were dropped (409).
 *   `on_stock_change: "record_oversold"` (the provider already confirmed the payment: its webhook):
 *   short in-stock lines are placed anyway and recorded as oversold (`oversold`), the admin notified.
 *   `order_id` is the ordinary order, or the draft order when the cart held only back-ordered items.
 *
 * Order of work, so that payment authorisation (inside completeCartWorkflow) comes last and any
 * earlier failure rolls everything back with the payment session still usable:
 * lock (the cart id, as Medusa's own completion) → read the cart, its records and the setting
 * once → lock the stock of the cart's backorderable inventory items → re-read the stock and
 * re-check → recompute the promotions without the back-order lines, where the cart has
 * promotions (and compare the total with the payment's) → place the pending back order → take the
 * back-order lines out of the cart → Medusa's completion: its order and reservations, then its
 * `beforePaymentAuthorization` hook, where the plugin's handler unlocks the stock
 * (src/utils/stock-locks-before-payment.ts), then the payment (or mark an all-back-order cart
 * completed) → unlock the stock (if still held) → link back order and order → emit
 * `backorder.placed` → unlock. The last four run after payment authorisation and are configured
 * so that they can't fail the run (`continueOnPermanentFailure`): nothing after the payment may
 * compensate it.
 *
 * Where the plugin's handler doesn't hold that hook (the option `before_payment_authorization_hook:
 * false`, or another handler came first) and on `on_stock_change: "record_oversold"` (the webhook
 * path: the payment is confirmed already), the stock locks are held until Medusa's completion has
 * returned, payment authorisation included.
 */
import {
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { MathBN, PromotionActions } from "@medusajs/framework/utils"
import {
  completeCartWorkflow,
  emitEventStep,
  refreshPaymentCollectionForCartWorkflow,
  updateCartPromotionsWorkflow,
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { cartLockKey } from "../modules/backorder/service"
import { STOCK_LOCKS_TO_RELEASE_BEFORE_PAYMENT } from "../utils/stock-locks-before-payment"
import { placeBackorderWorkflow } from "./place-backorder"
import { linkBackorderToOrderStep } from "./steps/link-backorder-to-order"
import { recordBackorderSavedCardStep } from "./steps/record-backorder-saved-card"
import { markCartCompletedStep } from "./steps/mark-cart-completed"
import { releaseCartPaymentSessionsStep } from "./steps/release-cart-payment-sessions"
import type { BackorderStockChange } from "../types"
import { prepareBackorderCheckoutStep } from "./steps/prepare-backorder-checkout"
import { readCartAtCheckoutStep } from "./steps/read-cart-at-checkout"
import { removeOrphanBackorderDraftsStep } from "./steps/remove-orphan-backorder-drafts"
import { removeBackorderLinesFromCartStep } from "./steps/remove-backorder-lines-from-cart"
import { acquireStockLocksStep } from "./steps/acquire-stock-locks"
import { releaseStockLocksStep } from "./steps/release-stock-locks"
import { acquireLeasedLockStep } from "./steps/acquire-leased-lock"
import { releaseLeasedLockStep } from "./steps/release-leased-lock"
import { getBackorderLockTimingsStep } from "./steps/get-backorder-lock-timings"
import { recordOversoldLinesStep } from "./steps/record-oversold-lines"
import { announceOversoldLinesStep } from "./steps/announce-oversold-lines"
import { checkBackorderLimitsStep } from "./steps/check-backorder-limits"
import type { BackorderLimitChange } from "../types"

export const BACKORDER_PLACED_EVENT = "backorder.placed"

export type CompleteCartWithBackordersWorkflowInput = {
  cart_id: string
  /**
   * What a short in-stock line does: `"refuse"` (default) places nothing (the store route's 409,
   * the shopper answers again); `"record_oversold"` places it anyway and records the units that
   * were not available, for a cart whose payment the provider has already confirmed.
   */
  on_stock_change?: "refuse" | "record_oversold"
}

export type CompleteCartWithBackordersWorkflowOutput = {
  order_id: string | null
  backorder_id: string | null
  draft_order_id: string | null
  replayed: boolean
  stock_changed: BackorderStockChange[]
  stock_changed_message: string | null
  /**
   * The cart's back-order lines hold more than the limits leave now (checked under the stock
   * locks): nothing was placed or charged (the route answers 409 `backorder_limit_exceeded`).
   */
  limit_exceeded: BackorderLimitChange[]
  limit_exceeded_message: string | null
  /** Short in-stock lines placed anyway (`on_stock_change: "record_oversold"`). */
  oversold: BackorderStockChange[]
  /**
   * The cart's promotions, recomputed without its back-order lines, changed its total: nothing
   * was placed, the cart's payment sessions were dropped (the route answers 409
   * `backorder_promotions_changed`; the shopper pays the new total).
   */
  promotions_changed: boolean
}

export const BACKORDER_PROMOTIONS_CHANGED_MESSAGE =
  "The cart's promotions were recalculated without its back-ordered items and its total changed. " +
  "Nothing was charged. Start the payment again for the new total, then complete the cart again."

export const completeCartWithBackordersWorkflowId = "complete-cart-with-backorders"

export const completeCartWithBackordersWorkflow = createWorkflow(
  // Not stored: no step waits (nothing async), no run is ever resumed, and a stored run
  // checkpoints its whole context after every step, skipped ones included. Medusa's completion
  // inside stores itself, as it does without the plugin.
  { name: completeCartWithBackordersWorkflowId, store: false, idempotent: false },
  (input: CompleteCartWithBackordersWorkflowInput) => {
    // the same key as Medusa's completion, so a plain core completion racing in waits; by
    // default the same wait as well (30 s, the module's lock_timeout)
    const locks = getBackorderLockTimingsStep()
    const lockKey = transform({ input }, ({ input }) => cartLockKey(input.cart_id))
    const cartLock = acquireLeasedLockStep(
      transform({ lockKey, locks }, ({ lockKey, locks }) => ({ lock_keys: [lockKey], ...locks.cart_completion }))
    )

    // Everything checkout decides from, read once under the cart lock (the cart's lines can't
    // change meanwhile); only the stock is read again, under the stock locks.
    const read = readCartAtCheckoutStep({ cart_id: input.cart_id })

    // Stock truth across carts: from the re-check until the units are reserved (inside Medusa's
    // completion, and the back order's own reservations), no other completion reads or reserves
    // the same inventory items.
    const stockLocks = acquireStockLocksStep(transform({ read }, ({ read }) => ({ inventory_item_ids: read.stock_to_lock })))
    // ...and they end there, before the payment is authorised, where the plugin's handler holds
    // Medusa's beforePaymentAuthorization hook (see above)
    const releaseBeforePayment = transform({ input, locks }, ({ input, locks }) =>
      locks.release_stock_before_payment && input.on_stock_change !== "record_oversold"
    )

    // before the re-check: an orphan draft's reservations would make the cart's units look
    // taken. Only a cart with back-order lines can have one (a run dies before it takes them out).
    when("look-for-orphan-drafts", { read }, ({ read }) => read.backorder_line_ids.length > 0).then(() => {
      removeOrphanBackorderDraftsStep({ cart_id: input.cart_id })
    })
    const plan = prepareBackorderCheckoutStep({ read })
    // the back-order limits, counted across carts: under the stock locks taken above
    const limits = checkBackorderLimitsStep(
      transform({ input, plan }, ({ input, plan }) => ({
        cart_id: input.cart_id,
        backorder_line_ids: plan.replay ? [] : plan.backorder_line_ids,
        enforce: input.on_stock_change !== "record_oversold",
      }))
    )

    // The money decision must not rest on adjustments computed while a back-order line counted
    // (a cart from before the plugin excluded them, a merchant's promotion-context handler
    // that forgot to): the promotions are computed again, without the back-order lines, and the
    // payment must cover the total they give. A cart without promotions has no adjustments to
    // redo: Medusa's completion doesn't compute them either.
    const promotions = when("recompute-promotions-at-checkout", { plan, read, limits }, ({ plan, read, limits }) =>
      !plan.replay && plan.backorder_line_ids.length > 0 && read.promotion_codes.length > 0 && !limits.exceeded.length
    ).then(() => {
      const recompute = transform({ read, input }, ({ read, input }) => ({
        cart_id: input.cart_id,
        promo_codes: read.promotion_codes,
        action: PromotionActions.REPLACE,
        force_refresh_payment_collection: false,
      }))
      updateCartPromotionsWorkflow.runAsStep({ input: recompute })
      const { data: after } = useQueryGraphStep({
        entity: "cart",
        fields: ["id", "total", "payment_collection.id", "payment_collection.amount"],
        filters: { id: input.cart_id },
        options: { isList: false },
      }).config({ name: "get-cart-payment-at-checkout" })
      return transform({ after }, ({ after }) => ({
        payment_outdated: !!after?.payment_collection?.id && !MathBN.eq(after.total, after.payment_collection.amount),
      }))
    })

    const decision = transform({ plan, input, promotions, limits }, ({ plan, input, promotions, limits }) => {
      const oversell = input.on_stock_change === "record_oversold"
      // A confirmed payment (the webhook) places the order anyway, at the recomputed prices: its
      // total, above the payment, is what the sale is worth. The shopper's own checkout pays the
      // new total first.
      const promotionsChanged = !plan.replay && !!promotions?.payment_outdated && !oversell
      const proceed =
        !plan.replay && (!plan.stock_changed.length || oversell) && !promotionsChanged && !limits.exceeded.length
      return {
        promotions_changed: promotionsChanged,
        record_oversold: proceed && plan.stock_changed.length > 0,
        place_backorder: proceed && plan.backorder_items.length > 0,
        // no back-order lines under the lock: this is Medusa's own completion, errors included
        // (an empty cart gets core's "Cannot complete a cart with no items")
        complete_cart: proceed && (plan.has_in_stock_lines || !plan.backorder_items.length),
        only_backorders: proceed && plan.backorder_items.length > 0 && !plan.has_in_stock_lines,
      }
    })

    // Medusa drops a cart's payment sessions whenever its total moves away from what they were
    // opened for, so the next completion can only be paid at the new total.
    when("refresh-payment-after-promotions", { decision }, ({ decision }) => decision.promotions_changed).then(() => {
      refreshPaymentCollectionForCartWorkflow.runAsStep({ input: { cart_id: input.cart_id } })
    })

    const placed = when("place-backorder-at-checkout", { decision }, ({ decision }) => decision.place_backorder).then(
      () => {
        const backorderInput = transform({ input, plan }, ({ input, plan }) => ({
          cart_id: input.cart_id,
          items: plan.backorder_items,
        }))
        const backorder = placeBackorderWorkflow.runAsStep({ input: backorderInput })
        const lineIds = transform({ plan }, ({ plan }) => ({ line_item_ids: plan.backorder_line_ids }))
        removeBackorderLinesFromCartStep(lineIds)
        return backorder
      }
    )

    when("record-oversold-lines", { decision }, ({ decision }) => decision.record_oversold).then(() => {
      recordOversoldLinesStep(transform({ input, plan }, ({ input, plan }) => ({ cart_id: input.cart_id, lines: plan.stock_changed })))
    })

    const completed = when("complete-available-items", { decision }, ({ decision }) => decision.complete_cart).then(
      () => {
        const completion = transform({ input, releaseBeforePayment, stockLocks }, ({ input, releaseBeforePayment, stockLocks }) => ({
          id: input.cart_id,
          // read by the plugin's beforePaymentAuthorization handler (the hook sees this input)
          ...(releaseBeforePayment && { [STOCK_LOCKS_TO_RELEASE_BEFORE_PAYMENT]: stockLocks }),
        }))
        return completeCartWorkflow.runAsStep({ input: completion })
      }
    )

    when("complete-backorder-only-cart", { decision }, ({ decision }) => decision.only_backorders).then(() => {
      markCartCompletedStep({ cart_id: input.cart_id })
      // nothing is charged for such a cart: a session opened on it would stay pending (a card hold)
      releaseCartPaymentSessionsStep({ cart_id: input.cart_id })
    })

    // the units are reserved now (or nothing was): the next completion of these items may go
    // (nothing left to give back when the hook gave them back already)
    releaseStockLocksStep(stockLocks).config({ continueOnPermanentFailure: true })

    const linkInput = transform({ placed, completed }, ({ placed, completed }) => ({
      backorder_id: placed?.backorder_id ?? "",
      order_id: completed?.id ?? "",
    }))
    // Payment is authorised by now (inside Medusa's completion). A failure from here on must not
    // roll the run back: compensation would cancel the payment but leave the cart's session
    // `authorized` (the payment module's authorizePaymentSession returns the existing payment),
    // and a retry would place an order whose only payment is the cancelled one. So these last
    // steps can't fail the run; a missed link is logged (the route warns with the step's name)
    // and the order is still found through Medusa's order_cart link by the back order's cart_id.
    when("link-backorder-to-its-order", { linkInput }, ({ linkInput }) => !!linkInput.backorder_id && !!linkInput.order_id).then(
      () => {
        linkBackorderToOrderStep(linkInput).config({ continueOnPermanentFailure: true })
        // the card the paid checkout kept, for the back order's charge later
        recordBackorderSavedCardStep(
          transform({ input, linkInput }, ({ input, linkInput }) => ({ backorder_id: linkInput.backorder_id, cart_id: input.cart_id }))
        ).config({ continueOnPermanentFailure: true })
      }
    )

    const oversoldInput = transform({ input, completed }, ({ input, completed }) => ({
      cart_id: input.cart_id,
      order_id: completed?.id ?? "",
    }))
    when("announce-oversold-order", { decision, oversoldInput }, ({ decision, oversoldInput }) => decision.record_oversold && !!oversoldInput.order_id).then(
      () => {
        announceOversoldLinesStep(oversoldInput).config({ continueOnPermanentFailure: true })
      }
    )

    const eventData = transform({ input, placed, completed }, ({ input, placed, completed }) => ({
      id: placed?.backorder_id ?? "",
      order_id: completed?.id ?? null,
      draft_order_id: placed?.draft_order_id ?? "",
      cart_id: input.cart_id,
    }))
    when("announce-backorder", { eventData }, ({ eventData }) => !!eventData.id).then(() => {
      emitEventStep({ eventName: BACKORDER_PLACED_EVENT, data: eventData }).config({ continueOnPermanentFailure: true })
    })

    releaseLeasedLockStep(cartLock).config({ continueOnPermanentFailure: true })

    const output = transform(
      { plan, placed, completed, decision, limits },
      ({ plan, placed, completed, decision, limits }): CompleteCartWithBackordersWorkflowOutput => {
        if (plan.replay) {
          return {
            order_id: plan.replay.order_id,
            backorder_id: plan.replay.backorder_id,
            draft_order_id: null,
            replayed: true,
            stock_changed: [],
            stock_changed_message: null,
            limit_exceeded: [],
            limit_exceeded_message: null,
            oversold: [],
            promotions_changed: false,
          }
        }
        return {
          order_id: completed?.id ?? placed?.draft_order_id ?? null,
          backorder_id: placed?.backorder_id ?? null,
          draft_order_id: placed?.draft_order_id ?? null,
          replayed: false,
          stock_changed: decision.record_oversold ? [] : plan.stock_changed,
          stock_changed_message: decision.record_oversold ? null : plan.stock_changed_message,
          // the stock answer first: the shopper's answer to it may change the back-order lines
          limit_exceeded: plan.stock_changed.length ? [] : limits.exceeded,
          limit_exceeded_message: plan.stock_changed.length ? null : limits.message,
          oversold: decision.record_oversold ? plan.stock_changed : [],
          promotions_changed: decision.promotions_changed && !plan.stock_changed.length,
        }
      }
    )
    return new WorkflowResponse(output)
  }
)
