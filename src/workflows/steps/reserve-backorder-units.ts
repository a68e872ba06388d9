import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ORDER_ITEM_FIELDS } from "../../utils/order-fields"
import { backorderReservationDescription } from "../../utils/backorder-readiness"

export type ReserveBackorderUnitsStepInput = {
  /** The draft order holding the back-ordered items; null: nothing to reserve. */
  draft_order_id: string | null
  sales_channel_id: string | null | undefined
  /**
   * Reserve only lines that hold no reservation: recovery puts back what a run that died after
   * deleting them (a charge before conversion, a cancel) took away, and nothing twice.
   */
  only_unreserved?: boolean
  /**
   * The reservations, known already (the placement built the draft from the variants it read):
   * created as they are, without reading the draft again.
   */
  reservations?: { line_item_id: string; inventory_item_id: string; location_id: string; quantity: number }[]
}

type DraftLine = {
  id: string
  variant_id: string | null
  quantity: number | string
  variant?: {
    manage_inventory?: boolean | null
    inventory_items?: { inventory_item_id: string; required_quantity: number | string }[] | null
  } | null
}

type LocationLevel = { inventory_item_id: string; location_id: string }

type Reservation = {
  line_item_id: string
  inventory_item_id: string
  location_id: string
  quantity: number
  allow_backorder: true
  description: string
}

/** All of them in one call, under Medusa's lock of their inventory items (as its own reservations). */
async function createReservations(container: MedusaContainer, reservations: Reservation[]) {
  const inventoryItemIds = [...new Set(reservations.map((reservation) => reservation.inventory_item_id))]
  if (!reservations.length) {
    return new StepResponse([] as string[], { reservation_ids: [] as string[], inventory_item_ids: [] as string[] })
  }
  const inventory = container.resolve(Modules.INVENTORY)
  const locking = container.resolve(Modules.LOCKING)
  const created = await locking.execute(inventoryItemIds, () => inventory.createReservationItems(reservations))
  const reservationIds = created.map((reservation) => reservation.id)
  return new StepResponse(reservationIds, {
    reservation_ids: reservationIds,
    inventory_item_ids: inventoryItemIds,
  })
}

/**
 * Back-ordered units are promised units: reserving them under the draft's lines makes the
 * variant's available quantity stock − ordered − back ordered, so restocked units go to the
 * back orders first. Medusa's draft orders reserve nothing until converted. Each reservation is
 * described as the back order's (`backorderReservationDescription`): the readiness rule tells
 * them from orders' reservations by it.
 */
export const reserveBackorderUnitsStep = createStep(
  "reserve-backorder-units",
  async (input: ReserveBackorderUnitsStepInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const inventory = container.resolve(Modules.INVENTORY)
    if (!input.draft_order_id) {
      return new StepResponse([] as string[], { reservation_ids: [] as string[], inventory_item_ids: [] as string[] })
    }
    if (input.reservations) {
      return createReservations(
        container,
        input.reservations.map((reservation) => ({
          ...reservation,
          allow_backorder: true,
          description: backorderReservationDescription(input.draft_order_id!),
        }))
      )
    }

    const { data: orders } = await query.graph({
      entity: "order",
      fields: [
        "id",
        ...ORDER_ITEM_FIELDS,
        "items.variant.manage_inventory",
        "items.variant.inventory_items.inventory_item_id",
        "items.variant.inventory_items.required_quantity",
      ],
      filters: { id: input.draft_order_id },
    })
    let lines: DraftLine[] = (orders[0]?.items ?? []).filter(Boolean)
    if (input.only_unreserved && lines.length) {
      const held = await inventory.listReservationItems(
        { line_item_id: lines.map((line) => line.id) },
        { select: ["line_item_id"] }
      )
      const reserved = new Set(held.map((reservation) => reservation.line_item_id))
      lines = lines.filter((line) => !reserved.has(line.id))
    }

    const wanted = lines.flatMap((line) =>
      line.variant?.manage_inventory
        ? (line.variant.inventory_items ?? []).map((item) => ({
            line_item_id: line.id,
            inventory_item_id: item.inventory_item_id,
            quantity: Number(line.quantity) * Number(item.required_quantity),
          }))
        : []
    )
    if (!wanted.length) {
      return new StepResponse([] as string[], { reservation_ids: [] as string[], inventory_item_ids: [] as string[] })
    }

    const inventoryItemIds = [...new Set(wanted.map((w) => w.inventory_item_id))]
    const channelLocationIds = new Set<string>()
    if (input.sales_channel_id) {
      const { data: channelLocations } = await query.graph({
        entity: "sales_channel_locations",
        fields: ["stock_location_id"],
        filters: { sales_channel_id: input.sales_channel_id },
      })
      for (const row of channelLocations as { stock_location_id: string }[]) {
        channelLocationIds.add(row.stock_location_id)
      }
    }
    const levels = (await inventory.listInventoryLevels(
      { inventory_item_id: inventoryItemIds },
      { select: ["inventory_item_id", "location_id"] }
    )) as LocationLevel[]

    // Only a location of the cart's sales channel that stocks the item, as Medusa's own
    // reservation at checkout. Never another channel's location: that would take units the
    // other channel sells. No such location → those units are not reserved (availability in
    // this channel is then not lowered by the back order; nothing else's stock is touched).
    const locationOf = (inventoryItemId: string) =>
      levels.find(
        (level) => level.inventory_item_id === inventoryItemId && channelLocationIds.has(level.location_id)
      )?.location_id

    const reservations = wanted.flatMap((w) => {
      const location_id = locationOf(w.inventory_item_id)
      return location_id
        ? [{ ...w, location_id, allow_backorder: true as const, description: backorderReservationDescription(input.draft_order_id!) }]
        : []
    })
    if (!reservations.length) {
      return new StepResponse([] as string[], { reservation_ids: [] as string[], inventory_item_ids: [] as string[] })
    }

    return createReservations(container, reservations)
  },
  async (compensation, { container }) => {
    if (!compensation?.reservation_ids.length) {
      return
    }
    const inventory = container.resolve(Modules.INVENTORY)
    const locking = container.resolve(Modules.LOCKING)
    await locking.execute(compensation.inventory_item_ids, () =>
      inventory.deleteReservationItems(compensation.reservation_ids)
    )
  }
)
