import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { isBackorderableVariant } from "../../utils/backorder-availability"
import { backorderUnitPriceOf, fetchVariantWithPrice } from "../../utils/backorder-price"

export type RemovedBackorderLine = {
  line_item_id: string
  variant_id: string
  quantity: number
  reason: string
}

/** A restored line and the metadata it had, for the compensation. */
type KeptLine = { id: string; metadata: Record<string, unknown> | null }

/**
 * Medusa drops every custom-priced line when a cart changes region (its currency or tax
 * inclusiveness may change), back-order lines included. This brings the shopper's accepted
 * back-order lines back with their quantity, re-priced for display in the new context, or,
 * when the variant can no longer be back ordered or has no price there, leaves them out and
 * says so. Compensation takes the restored lines out again.
 */
export const keepBackorderLinesStep = createStep(
  "keep-backorder-lines",
  async (input: { cart_id: string; line_item_ids: string[] }, { container }) => {
    const removed: RemovedBackorderLine[] = []
    const kept: KeptLine[] = []
    if (!input.line_item_ids.length) {
      return new StepResponse({ removed }, kept)
    }
    const cartModule = container.resolve(Modules.CART)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const lines = await cartModule.listLineItems(
      { id: input.line_item_ids, cart_id: input.cart_id },
      { select: ["id", "variant_id", "quantity", "metadata", "deleted_at"], withDeleted: true }
    )
    const dropped = lines.filter((line) => !!line.deleted_at)
    if (!dropped.length) {
      return new StepResponse({ removed }, kept)
    }
    const {
      data: [cart],
    } = await query.graph({
      entity: "cart",
      fields: ["id", "currency_code", "region_id", "customer_id"],
      filters: { id: input.cart_id },
    })
    const { data: variants } = await query.graph({
      entity: "product_variant",
      fields: ["id", "manage_inventory", "allow_backorder", "inventory_items.inventory_item_id", "inventory_items.required_quantity"],
      filters: { id: dropped.flatMap((line) => (line.variant_id ? [line.variant_id] : [])) },
    })

    const restorable: { id: string; metadata: Record<string, unknown>; previous: Record<string, unknown> | null }[] = []
    for (const line of dropped) {
      const variant = variants.find((v: { id: string }) => v.id === line.variant_id)
      const price = variant
        ? backorderUnitPriceOf(
            await fetchVariantWithPrice(
              container,
              { currency_code: cart.currency_code, region_id: cart.region_id ?? null, customer_id: cart.customer_id ?? null },
              variant.id
            )
          )
        : null
      const reason = !variant || !isBackorderableVariant(variant)
        ? "it can no longer be back ordered"
        : price === null
          ? `it has no price in ${String(cart.currency_code).toUpperCase()}`
          : null
      if (reason) {
        removed.push({ line_item_id: line.id, variant_id: line.variant_id ?? "", quantity: Number(line.quantity), reason })
        continue
      }
      restorable.push({
        id: line.id,
        previous: (line.metadata as Record<string, unknown> | null) ?? null,
        metadata: { ...(line.metadata ?? {}), backorder_unit_price: price },
      })
    }

    if (restorable.length) {
      await cartModule.restoreLineItems(restorable.map((line) => line.id))
      for (const line of restorable) {
        await cartModule.updateLineItems(line.id, { metadata: line.metadata })
      }
    }
    if (removed.length) {
      // the records of lines that are gone for good
      const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
      const records = await backorderModule.listBackorderLines({ line_item_id: removed.map((r) => r.line_item_id) })
      await backorderModule.softDeleteBackorderLines(records.map((record) => record.id))
    }
    return new StepResponse(
      { removed },
      restorable.map((line): KeptLine => ({ id: line.id, metadata: line.previous }))
    )
  },
  async (restored, { container }) => {
    if (!restored?.length) {
      return
    }
    const cartModule = container.resolve(Modules.CART)
    for (const line of restored) {
      await cartModule.updateLineItems(line.id, { metadata: line.metadata ?? {} })
    }
    await cartModule.softDeleteLineItems(restored.map((line) => line.id))
  }
)
