import type { FilterableOrderProps } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { ORDER_ITEM_FIELDS } from "../../utils/order-fields"
import { backorderDraftMetadata, type BackorderDraftMetadata } from "../../utils/backorder-line"

type OrphanDraftsRemoved = { order_ids: string[]; reservation_ids: string[]; inventory_item_ids: string[] }

/** Filters Medusa's order module applies that its filter type does not name (JSON metadata, the draft flag). */
type BackorderDraftFilters = FilterableOrderProps & { is_draft_order: true; metadata: BackorderDraftMetadata }

/**
 * A completion killed between placing the back order's draft and recording the back order
 * leaves a draft order (tagged with the cart, `backorder_cart_id`) and its reservations, and no
 * back order. Its units would count as taken at the re-check, and a new back order would be
 * placed beside it. Under the cart's lock (no live completion of this cart is placing one), a
 * tagged draft that no back order records is such an orphan: it is soft-deleted with its
 * reservations, and the completion places the back order afresh, at today's prices.
 * Compensation restores both.
 */
export const removeOrphanBackorderDraftsStep = createStep(
  "remove-orphan-backorder-drafts",
  async ({ cart_id }: { cart_id: string }, { container }) => {
    const orderModule = container.resolve(Modules.ORDER)
    const filters: BackorderDraftFilters = { is_draft_order: true, metadata: backorderDraftMetadata(cart_id) }
    const listed = await orderModule.listOrders(filters, { select: ["id", "is_draft_order", "metadata"] })
    const tagged = listed.filter(
      // the filter is Medusa's JSON query: check again what it matched
      (draft) => draft.is_draft_order && draft.metadata?.backorder_cart_id === cart_id
    )
    const none: OrphanDraftsRemoved = { order_ids: [], reservation_ids: [], inventory_item_ids: [] }
    if (!tagged.length) {
      return new StepResponse(none, none)
    }
    const recorded = await container
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .listBackorders({ draft_order_id: tagged.map((draft) => draft.id) }, { select: ["draft_order_id"], withDeleted: true })
    const recordedIds = new Set(recorded.map((backorder) => backorder.draft_order_id))
    const orphanIds = tagged.map((draft) => draft.id).filter((id) => !recordedIds.has(id))
    if (!orphanIds.length) {
      return new StepResponse(none, none)
    }

    const { data: orphans } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
      entity: "order",
      fields: ["id", ...ORDER_ITEM_FIELDS],
      filters: { id: orphanIds },
    })
    const rows: { items?: ({ id: string } | null)[] | null }[] = orphans
    const lines = rows.flatMap((orphan) =>
      (orphan.items ?? []).flatMap((item) => (item ? [item] : []))
    )
    const inventory = container.resolve(Modules.INVENTORY)
    const reservations = lines.length
      ? await inventory.listReservationItems(
          { line_item_id: lines.map((line) => line.id) },
          { select: ["id", "inventory_item_id"] }
        )
      : []
    const removed: OrphanDraftsRemoved = {
      order_ids: orphanIds,
      reservation_ids: reservations.map((reservation) => reservation.id),
      inventory_item_ids: [...new Set(reservations.map((reservation) => reservation.inventory_item_id))],
    }
    if (removed.reservation_ids.length) {
      await container
        .resolve(Modules.LOCKING)
        .execute(removed.inventory_item_ids, () => inventory.softDeleteReservationItems(removed.reservation_ids))
    }
    await orderModule.softDeleteOrders(orphanIds)
    return new StepResponse(removed, removed)
  },
  async (removed, { container }) => {
    if (!removed?.order_ids.length) {
      return
    }
    await container.resolve(Modules.ORDER).restoreOrders(removed.order_ids)
    if (removed.reservation_ids.length) {
      const inventory = container.resolve(Modules.INVENTORY)
      await container
        .resolve(Modules.LOCKING)
        .execute(removed.inventory_item_ids, () => inventory.restoreReservationItems(removed.reservation_ids))
    }
  }
)
