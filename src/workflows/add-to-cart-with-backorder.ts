import {
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { PromotionActions } from "@medusajs/framework/utils"
import {
  addToCartWorkflow,
  updateCartPromotionsWorkflow,
  updateLineItemInCartWorkflow,
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { CART_CHANGE_LOCK, cartLockKey } from "../modules/backorder/service"
import { acquireLeasedLockStep } from "./steps/acquire-leased-lock"
import { releaseLeasedLockStep } from "./steps/release-leased-lock"
import {
  computeBackorderSplitStep,
  type ComputeBackorderSplitInput,
} from "./steps/compute-backorder-split"
import { recordBackorderLinesStep } from "./steps/record-backorder-lines"

export type AddToCartWithBackorderInput = ComputeBackorderSplitInput

export type AddToCartWithBackorderResult = {
  in_stock_quantity: number
  backorder_quantity: number
  /** Back-order lines this run created (empty when it added to an existing one). */
  created_backorder_line_ids: string[]
}

/**
 * The shopper accepted the back order: the available units go into the ordinary line,
 * the rest into the variant's back-order line, in one run (all or nothing).
 * Used by both the add and the update line-item routes.
 */
export const addToCartWithBackorderWorkflow = createWorkflow(
  "add-to-cart-with-backorder",
  (input: AddToCartWithBackorderInput) => {
    // Core's own lock steps are skipped when nested, so this is the only lock on the cart.
    const lockKey = transform({ input }, ({ input }) => cartLockKey(input.cart_id))
    const lock = acquireLeasedLockStep(transform({ lockKey }, ({ lockKey }) => ({ lock_keys: [lockKey], ...CART_CHANGE_LOCK })))

    const split = computeBackorderSplitStep(input)

    when("update-in-stock-line", { split }, ({ split }) => !!split.in_stock_line_update).then(() => {
      const update = transform({ input, split }, ({ input, split }) => ({
        cart_id: input.cart_id,
        item_id: split.in_stock_line_update!.item_id,
        update: split.in_stock_line_update!.update,
      }))
      updateLineItemInCartWorkflow.runAsStep({ input: update })
    })

    when("add-split-lines", { split }, ({ split }) => split.items_to_add.length > 0).then(() => {
      const addition = transform({ input, split }, ({ input, split }) => ({
        cart_id: input.cart_id,
        items: split.items_to_add,
      }))
      addToCartWorkflow.runAsStep({ input: addition })
    })

    const recordInput = transform({ input, split }, ({ input, split }) => ({
      cart_id: input.cart_id,
      variant_id: input.variant_id,
      line_ids_before: split.line_ids_before,
      creates_backorder_line: split.creates_backorder_line,
    }))
    const createdBackorderLineIds = recordBackorderLinesStep(recordInput)

    // Medusa's refresh inside the add above computed the promotions before the new line was
    // recorded, so with it counted (see backorder-promotions.ts): compute them again now that
    // the record exists, and the payment collection's amount with them.
    // (Nothing to compute again when no promotion could apply: no code on the cart, no automatic one.)
    when("refresh-promotions-without-new-backorder-line", { createdBackorderLineIds, split }, ({ createdBackorderLineIds, split }) =>
      createdBackorderLineIds.length > 0 && split.promotions_may_apply
    ).then(() => {
      const { data: cart } = useQueryGraphStep({
        entity: "cart",
        fields: ["id", "promotions.code"],
        filters: { id: input.cart_id },
        options: { isList: false },
      }).config({ name: "get-cart-promotion-codes" })
      const refresh = transform({ cart, input }, ({ cart, input }) => ({
        cart_id: input.cart_id,
        promo_codes: ((cart?.promotions ?? []) as ({ code?: string | null } | null)[]).flatMap((promotion) =>
          promotion?.code ? [promotion.code] : []
        ),
        action: PromotionActions.REPLACE,
        force_refresh_payment_collection: true,
      }))
      updateCartPromotionsWorkflow.runAsStep({ input: refresh })
    })

    releaseLeasedLockStep(lock)

    const result = transform(
      { split, createdBackorderLineIds },
      ({ split, createdBackorderLineIds }): AddToCartWithBackorderResult => ({
        in_stock_quantity: split.in_stock_quantity,
        backorder_quantity: split.backorder_quantity,
        created_backorder_line_ids: createdBackorderLineIds,
      })
    )
    return new WorkflowResponse(result)
  }
)
