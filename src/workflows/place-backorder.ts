/**
 * placeBackorderWorkflow — the one workflow that places a pending back order.
 *
 * Input:  { cart_id: string, items: { variant_id: string, quantity: number }[] }
 *         The cart supplies customer, email, region, currency, sales channel, addresses and the
 *         back-order lines' tax lines; `items` are the back-ordered variants and quantities.
 * Output: { backorder_id: string, draft_order_id: string }
 *
 * What it does, all or nothing:
 * 1. Creates a Medusa draft order (`status: "draft"`, `is_draft_order: true`) with Medusa's order
 *    module, in one call, from what the cart already holds: lines priced by Medusa's pricing at
 *    this moment, taxed with the tax lines Medusa computed for the cart's back-order lines, with
 *    no shipping method and no promotions (lines are not discountable). It is what Medusa's
 *    `createOrderWorkflow` made of the same items, without looking the region, customer, sales
 *    channel, stock and taxes up again (`prepareBackorderDraftStep` says what it copies). Each
 *    line is titled "<product> (back ordered)" and carries `metadata: { is_backorder,
 *    source_cart_id }`; the draft carries `metadata: { backorder_cart_id }` from its creation on,
 *    so a completion killed before step 3 leaves a draft the cart's next completion finds and
 *    removes (`removeOrphanBackorderDraftsStep`).
 * 2. Reserves the draft lines' units in one call (`line_item_id` = draft line id,
 *    `allow_backorder: true`), so available = stock − ordered − back ordered. Whoever converts
 *    the draft later must delete these reservations first (`deleteReservationItemsByLineItem`),
 *    because Medusa's conversion reserves every item again.
 * 3. Records the `backorder` (status `pending`) in the plugin's module.
 * Compensation deletes the record, the reservations and the draft order.
 *
 * It takes no lock of its own: callers that read the cart concurrently with shoppers
 * (checkout) hold the cart's lock around it.
 */
import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { createOrdersStep } from "@medusajs/medusa/core-flows"
import { createBackorderStep } from "./steps/create-backorder"
import { prepareBackorderDraftStep } from "./steps/prepare-backorder-draft"
import { reserveBackorderUnitsStep } from "./steps/reserve-backorder-units"

export type PlaceBackorderWorkflowInput = {
  cart_id: string
  items: { variant_id: string; quantity: number }[]
}

export type PlaceBackorderWorkflowOutput = {
  backorder_id: string
  draft_order_id: string
}

export const placeBackorderWorkflowId = "place-backorder"

export const placeBackorderWorkflow = createWorkflow(
  placeBackorderWorkflowId,
  (input: PlaceBackorderWorkflowInput) => {
    const draft = prepareBackorderDraftStep(input)

    // Medusa's own step: the order module's createOrders, compensated by deleteOrders
    const orders = createOrdersStep(transform({ draft }, ({ draft }) => [draft.order]))
    const draftOrder = transform({ orders }, ({ orders }) => orders[0])

    const reservationInput = transform({ draftOrder, draft }, ({ draftOrder, draft }) => {
      const lineOf = new Map((draftOrder.items ?? []).map((line) => [line.variant_id, line.id]))
      return {
        draft_order_id: draftOrder.id,
        sales_channel_id: draftOrder.sales_channel_id,
        reservations: draft.reservations.flatMap(({ variant_id, ...reservation }) => {
          const line_item_id = lineOf.get(variant_id)
          return line_item_id ? [{ ...reservation, line_item_id }] : []
        }),
      }
    })
    reserveBackorderUnitsStep(reservationInput)

    const backorderInput = transform({ draftOrder, draft, input }, ({ draftOrder, draft, input }) => ({
      cart_id: input.cart_id,
      draft_order_id: draftOrder.id,
      email: draft.email,
      customer_id: draftOrder.customer_id ?? draft.customer_id,
      items: input.items,
    }))
    const backorder = createBackorderStep(backorderInput)

    const output = transform(
      { backorder, draftOrder },
      ({ backorder, draftOrder }): PlaceBackorderWorkflowOutput => ({
        backorder_id: backorder.id,
        draft_order_id: draftOrder.id,
      })
    )
    return new WorkflowResponse(output)
  }
)
