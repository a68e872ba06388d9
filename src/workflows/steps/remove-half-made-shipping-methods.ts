import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  addDraftOrderShippingMethodsWorkflow,
  beginDraftOrderEditWorkflow,
  confirmDraftOrderEditWorkflow,
  removeDraftOrderShippingMethodWorkflow,
} from "@medusajs/medusa/core-flows"
import type { HalfMadeShippingMethod } from "./read-claim-books"

type Input = { order_id: string; shipping_methods: HalfMadeShippingMethod[]; actor_id?: string }

/** One draft-order edit of Medusa's: begin, `change`, confirm (so the draft's totals follow). */
async function editDraft(container: MedusaContainer, orderId: string, actorId: string, change: () => Promise<unknown>) {
  await beginDraftOrderEditWorkflow(container).run({ input: { order_id: orderId, created_by: actorId } })
  await change()
  await confirmDraftOrderEditWorkflow(container).run({ input: { order_id: orderId, confirmed_by: actorId } })
}

/**
 * A pending back order's draft has no shipping method (checkout adds none): one found there on
 * recovery was confirmed by a charge that died before converting. It is removed with Medusa's
 * draft-order edit, so the next charge adds exactly one. Compensation adds the same methods
 * back (same option, same amount).
 */
export const removeHalfMadeShippingMethodsStep = createStep(
  "remove-half-made-shipping-methods",
  async ({ order_id, shipping_methods, actor_id = "" }: Input, { container }) => {
    if (!shipping_methods.length) {
      return new StepResponse(undefined, null)
    }
    await editDraft(container, order_id, actor_id, async () => {
      for (const method of shipping_methods) {
        await removeDraftOrderShippingMethodWorkflow(container).run({
          input: { order_id, shipping_method_id: method.id },
        })
      }
    })
    return new StepResponse(undefined, { order_id, shipping_methods, actor_id })
  },
  async (removed, { container }) => {
    if (!removed) {
      return
    }
    await editDraft(container, removed.order_id, removed.actor_id, async () => {
      for (const method of removed.shipping_methods) {
        await addDraftOrderShippingMethodsWorkflow(container).run({
          input: { order_id: removed.order_id, shipping_option_id: method.shipping_option_id, custom_amount: method.amount },
        })
      }
    })
  }
)
