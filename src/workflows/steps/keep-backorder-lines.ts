import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { isBackorderableVariant } from "../../utils/backorder-availability"
import type { RemovedBackorderLine } from "../../types"
import { backorderUnitPriceShown, withBackorderUnitPrice, type LineMetadata } from "../../utils/backorder-line"
import { backorderUnitPriceOf, fetchVariantWithPrice } from "../../utils/backorder-price"


/** A line this step changed: its metadata before, and whether it brought the line back. */
type ChangedLine = { id: string; metadata: LineMetadata | null; restored: boolean }

/**
 * After a change of the cart's pricing context (region, currency, customer), the shopper's
 * back-order lines keep their quantity and show the price they will be charged in the new
 * context (`metadata.backorder_unit_price`). Medusa drops every custom-priced line when the
 * region changes (its currency or tax inclusiveness may change): those lines are brought back,
 * or, when the variant can no longer be back ordered or has no price there, left out and
 * reported. Compensation puts the metadata back and takes restored lines out again.
 */
export const keepBackorderLinesStep = createStep(
  "keep-backorder-lines",
  async (input: { cart_id: string; line_item_ids: string[] }, { container }) => {
    const removed: RemovedBackorderLine[] = []
    const changed: ChangedLine[] = []
    if (!input.line_item_ids.length) {
      return new StepResponse({ removed }, changed)
    }
    const cartModule = container.resolve(Modules.CART)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const lines = await cartModule.listLineItems(
      { id: input.line_item_ids, cart_id: input.cart_id },
      { select: ["id", "variant_id", "quantity", "metadata", "deleted_at"], withDeleted: true }
    )
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
      filters: { id: lines.flatMap((line) => (line.variant_id ? [line.variant_id] : [])) },
    })
    const context = { currency_code: cart.currency_code, region_id: cart.region_id ?? null, customer_id: cart.customer_id ?? null }

    for (const line of lines) {
      const variant = variants.find((v: { id: string }) => v.id === line.variant_id)
      const price = variant ? backorderUnitPriceOf(await fetchVariantWithPrice(container, context, variant.id)) : null
      const previous: LineMetadata | null = line.metadata ?? null
      if (!line.deleted_at) {
        // still in the cart: only the price shown changes (checkout prices the back order itself)
        if (price !== null && backorderUnitPriceShown(previous) !== price) {
          await cartModule.updateLineItems(line.id, { metadata: withBackorderUnitPrice(previous, price) })
          changed.push({ id: line.id, metadata: previous, restored: false })
        }
        continue
      }
      const backorderable = !!variant && isBackorderableVariant(variant)
      if (!backorderable || price === null) {
        const reason = !backorderable
          ? "it can no longer be back ordered"
          : `it has no price in ${String(cart.currency_code).toUpperCase()}`
        removed.push({ line_item_id: line.id, variant_id: line.variant_id ?? "", quantity: Number(line.quantity), reason })
        continue
      }
      await cartModule.restoreLineItems([line.id])
      await cartModule.updateLineItems(line.id, { metadata: withBackorderUnitPrice(previous, price) })
      changed.push({ id: line.id, metadata: previous, restored: true })
    }

    if (removed.length) {
      // the records of lines that are gone for good
      const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
      const records = await backorderModule.listBackorderLines({ line_item_id: removed.map((r) => r.line_item_id) })
      await backorderModule.softDeleteBackorderLines(records.map((record) => record.id))
    }
    return new StepResponse({ removed }, changed)
  },
  async (changed, { container }) => {
    if (!changed?.length) {
      return
    }
    const cartModule = container.resolve(Modules.CART)
    for (const line of changed) {
      await cartModule.updateLineItems(line.id, { metadata: line.metadata ?? {} })
    }
    const restored = changed.filter((line) => line.restored).map((line) => line.id)
    if (restored.length) {
      await cartModule.softDeleteLineItems(restored)
    }
  }
)
