import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { recoveryOfClaim, type ClaimRecovery } from "../../modules/backorder/service"
import { inventoryItemsReservablePastStock, type VariantInventoryRule } from "../../utils/backorder-availability"
import { ORDER_ITEM_FIELDS } from "../../utils/order-fields"
import type { StaleClaim } from "./retake-stale-claim"

/** A shipping method a dead charge confirmed on the draft, as far as re-adding it needs. */
export type HalfMadeShippingMethod = { id: string; shipping_option_id: string; amount: number }

export type ClaimBooksReading = {
  recovery: ClaimRecovery
  /** The draft's edit the dead charge began and never confirmed (undone when going back to pending). */
  open_edit: boolean
  /** Shipping methods a dead charge confirmed on a draft that goes back to pending. */
  shipping_methods: HalfMadeShippingMethod[]
  /** The draft whose lines lost their checkout reservations (or never lost them), when it goes back to pending. */
  reserve_draft: { draft_order_id: string; sales_channel_id: string | null } | null
  /** The stock to lock while the reservations are put back. */
  inventory_item_ids: string[]
}

type OrderRow = {
  id: string
  status: string
  is_draft_order: boolean
  sales_channel_id: string | null
  shipping_methods?: ({ id: string; shipping_option_id?: string | null; amount: unknown } | null)[] | null
  payment_collections?: ({ id: string; status: string } | null)[] | null
  items?: ({ variant?: VariantInventoryRule | null } | null)[] | null
}

/**
 * Reads what a dead run left in the books (the draft order or the order it became, its
 * payment collections, an edit left open, shipping methods added) and decides with
 * `recoveryOfClaim` what the back order becomes. Writes nothing.
 */
export const readClaimBooksStep = createStep(
  "read-claim-books",
  async (claim: StaleClaim, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [order],
    } = await query.graph({
      entity: "order",
      fields: [
        "id",
        "status",
        "is_draft_order",
        "sales_channel_id",
        "shipping_methods.id",
        "shipping_methods.shipping_option_id",
        "shipping_methods.amount",
        "payment_collections.id",
        "payment_collections.status",
        ...ORDER_ITEM_FIELDS,
        "items.variant.manage_inventory",
        "items.variant.allow_backorder",
        "items.variant.inventory_items.inventory_item_id",
      ],
      filters: { id: claim.draft_order_id },
    })
    const row = order as OrderRow | undefined
    const recovery = recoveryOfClaim(claim.status, {
      order: row ? { status: row.status, is_draft_order: !!row.is_draft_order } : null,
      payment_collections: (row?.payment_collections ?? []).flatMap((c) => (c ? [{ id: c.id, status: c.status }] : [])),
    })

    // back to pending on a live draft: undo what the dead run half did, so a new charge works
    const backToDraft = recovery.transition === "release_claim" && !!row && !!row.is_draft_order
    let openEdit = false
    if (backToDraft) {
      const orderModule = container.resolve(Modules.ORDER)
      const changes = await orderModule.listOrderChanges(
        { order_id: claim.draft_order_id, status: ["pending", "requested"] },
        { select: ["id"], take: 1 }
      )
      openEdit = changes.length > 0
    }
    const reading: ClaimBooksReading = {
      recovery,
      open_edit: openEdit,
      shipping_methods: backToDraft
        ? (row!.shipping_methods ?? []).flatMap((method) =>
            method?.shipping_option_id
              ? [{ id: method.id, shipping_option_id: method.shipping_option_id, amount: Number(method.amount) }]
              : []
          )
        : [],
      // a canceling claim's draft, too: Medusa's cancel deletes the reservations before it marks the draft canceled
      reserve_draft:
        recovery.transition === "release_claim" && row
          ? { draft_order_id: row.id, sales_channel_id: row.sales_channel_id ?? null }
          : null,
      inventory_item_ids:
        recovery.transition === "release_claim" && row
          ? inventoryItemsReservablePastStock((row.items ?? []).map((item) => item?.variant))
          : [],
    }
    return new StepResponse(reading)
  }
)
