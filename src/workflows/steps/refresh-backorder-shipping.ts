import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { OUTSTANDING_BACKORDER_STATUSES } from "../../modules/backorder/statuses"
import { withBackorderShipping, type LineMetadata } from "../../utils/backorder-line"
import { ORDER_ITEM_FIELDS } from "../../utils/order-fields"

export type RefreshBackorderShippingInput = {
  variant_id: string
  ships_on: string | null
  message: string | null
}

type Previous = {
  cart_lines: { id: string; metadata: LineMetadata | null }[]
  /** A draft line and its order item (`detail`): an order line shows the order item's metadata. */
  draft_lines: { id: string; detail_id: string | null; metadata: LineMetadata | null }[]
}

/**
 * A variant's new date or message, written where the shopper and the admin read it: the
 * back-order lines of open carts and the draft lines of outstanding back orders (their
 * `backorder_ships_on` / `backorder_message` metadata). The undo puts the old metadata back.
 */
export const refreshBackorderShippingStep = createStep(
  "refresh-backorder-shipping",
  async (input: RefreshBackorderShippingInput, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const cartModule = container.resolve(Modules.CART)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const shipping = { ships_on: input.ships_on, message: input.message }

    const [records, items] = await Promise.all([
      backorderModule.listBackorderLines({ variant_id: input.variant_id }, { select: ["line_item_id"] }),
      backorderModule.listBackorderItems({ variant_id: input.variant_id }, { select: ["backorder_id"] }),
    ])
    const [cartLines, backorders] = await Promise.all([
      records.length
        ? cartModule.listLineItems({ id: records.map((record) => record.line_item_id) }, { select: ["id", "metadata", "cart.completed_at"], relations: ["cart"] })
        : Promise.resolve([]),
      items.length
        ? backorderModule.listBackorders(
            { id: [...new Set(items.map((item) => item.backorder_id))], status: [...OUTSTANDING_BACKORDER_STATUSES] },
            { select: ["id", "draft_order_id"] }
          )
        : Promise.resolve([]),
    ])
    const openCartLines = cartLines.filter((line) => !line.cart?.completed_at)
    const { data: drafts } = backorders.length
      ? await query.graph({ entity: "order", fields: ["id", ...ORDER_ITEM_FIELDS], filters: { id: backorders.map((bo) => bo.draft_order_id) } })
      : { data: [] }
    type DraftLine = { id: string; variant_id?: string | null; metadata?: LineMetadata | null; detail?: { id: string } | null }
    const draftLines = (drafts as { items?: (DraftLine | null)[] | null }[])
      .flatMap((draft) => draft.items ?? [])
      .flatMap((line) => (line && line.variant_id === input.variant_id ? [line] : []))

    const previous: Previous = {
      cart_lines: openCartLines.map((line) => ({ id: line.id, metadata: (line.metadata as LineMetadata | null) ?? null })),
      draft_lines: draftLines.map((line) => ({ id: line.id, detail_id: line.detail?.id ?? null, metadata: line.metadata ?? null })),
    }
    await writeMetadata(container, {
      cart_lines: previous.cart_lines.map((line) => ({ id: line.id, metadata: shippingUpdate(line.metadata, shipping) })),
      draft_lines: previous.draft_lines.map((line) => ({ ...line, metadata: shippingUpdate(line.metadata, shipping) })),
    })
    return new StepResponse(
      {
        cart_lines: previous.cart_lines.length,
        draft_lines: previous.draft_lines.length,
        /** The outstanding back orders holding the variant: whose customers hear of a new date. */
        backorder_ids: backorders.map((backorder) => backorder.id),
      },
      previous
    )
  },
  async (previous, { container }) => {
    if (previous) {
      await writeMetadata(container, previous)
    }
  }
)

/**
 * The line's metadata with the new shipping keys. Medusa's modules merge metadata on update and
 * remove a key only when it is sent as "": a cleared date or message is sent so.
 */
function shippingUpdate(metadata: LineMetadata | null, shipping: { ships_on: string | null; message: string | null }): LineMetadata {
  const updated = withBackorderShipping(metadata, shipping)
  const removed = ["backorder_ships_on", "backorder_message"].filter((key) => metadata && key in metadata && !(key in updated))
  return { ...updated, ...Object.fromEntries(removed.map((key) => [key, ""])) }
}

async function writeMetadata(container: MedusaContainer, lines: Previous) {
  const cartModule = container.resolve(Modules.CART)
  const orderModule = container.resolve(Modules.ORDER)
  if (lines.cart_lines.length) {
    await cartModule.updateLineItems(lines.cart_lines.map((line) => ({ id: line.id, metadata: line.metadata })))
  }
  for (const line of lines.draft_lines) {
    await orderModule.updateOrderLineItems(line.id, { metadata: line.metadata })
    if (line.detail_id) {
      await orderModule.updateOrderItem(line.detail_id, { metadata: line.metadata })
    }
  }
}
