import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"

/** The admin dashboard's notification feed: Medusa's Notification Module, channel `feed`. */
export const ADMIN_FEED = { channel: "feed", template: "admin-ui" } as const

export const oversoldNotificationKey = (orderId: string) => `backorder-oversold:${orderId}`

/**
 * Ties the cart's oversold lines to the order placed for them and tells the admin, once: the
 * notification's idempotency key is the order's, so a second run (a webhook delivered twice)
 * adds nothing. Runs after the payment: it never fails the run (configured by the workflow).
 */
export const announceOversoldLinesStep = createStep(
  "announce-oversold-lines",
  async (input: { cart_id: string; order_id: string }, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const lines = await backorderModule.listOversoldLines({ cart_id: input.cart_id })
    if (!lines.length) {
      return new StepResponse({ oversold_lines: 0 })
    }
    const unlinked = lines.filter((line) => !line.order_id)
    if (unlinked.length) {
      await backorderModule.updateOversoldLines(unlinked.map((line) => ({ id: line.id, order_id: input.order_id })))
    }

    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [order],
    } = await query.graph({
      entity: "order",
      fields: ["id", "display_id", "items.variant_id", "items.product_title", "items.variant_title"],
      filters: { id: input.order_id },
    })
    const titleOf = (variantId: string) => {
      const item = (order?.items ?? []).find((i: { variant_id?: string | null } | null) => i?.variant_id === variantId)
      return item ? [item.product_title, item.variant_title].filter(Boolean).join(" ") : variantId
    }
    const units = lines.map((line) => `${line.oversold_quantity} × ${titleOf(line.variant_id)}`).join(", ")
    const name = order?.display_id ? `#${order.display_id}` : input.order_id

    const notifications = container.resolve(Modules.NOTIFICATION)
    try {
      await notifications.createNotifications({
        to: "",
        ...ADMIN_FEED,
        resource_id: input.order_id,
        resource_type: "order",
        idempotency_key: oversoldNotificationKey(input.order_id),
        data: {
          title: `Order ${name} is oversold`,
          description:
            `The shopper paid before the stock re-check, and these units were not in stock: ${units}. ` +
            `The order holds them (reserved past stock); restock or contact the shopper.`,
        },
      })
    } catch (error) {
      // two concurrent sends: the unique idempotency key lets one through; the other is a duplicate
      const sent = await notifications.listNotifications({ resource_id: input.order_id, ...ADMIN_FEED })
      if (!sent.some((notification) => notification.status !== "failure")) {
        throw error
      }
    }
    return new StepResponse({ oversold_lines: lines.length })
  }
)
