import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { ProductStatus } from "@medusajs/framework/utils"
import {
  createInventoryItemsWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createPromotionsWorkflow,
} from "@medusajs/medusa/core-flows"
import { BACKORDER_MODULE } from "../../src/modules/backorder"
import type BackorderModuleService from "../../src/modules/backorder/service"
import type { SeededStore } from "./seed"

type Api = {
  get: (url: string, config?: unknown) => Promise<{ data: any; status: number }>
  post: (url: string, body?: unknown, config?: unknown) => Promise<{ data: any; status: number }>
}


/** A store request that resolves with status and body whatever the status (no throw on 4xx). */
export async function send(
  api: Api,
  store: SeededStore,
  url: string,
  body: unknown
): Promise<{ status: number; data: any }> {
  return api.post(url, body, store.headers).catch((error: any) => {
    if (!error.response) {
      throw error
    }
    return { status: error.response.status, data: error.response.data }
  })
}

/** An automatic 10 % promotion on every discountable item. */
export async function createAutomaticItemPromotion(container: MedusaContainer) {
  const {
    result: [promotion],
  } = await createPromotionsWorkflow(container).run({
    input: {
      promotionsData: [
        {
          code: "AUTO10",
          type: "standard",
          status: "active",
          is_automatic: true,
          application_method: {
            type: "percentage",
            target_type: "items",
            allocation: "across",
            value: 10,
          },
        },
      ],
    },
  })
  return promotion
}

/** The plugin's records of back-order lines for a cart (the truth checkout relies on). */
export async function backorderLineRecords(container: MedusaContainer, cartId: string) {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  return backorderModule.listBackorderLines({ cart_id: cartId })
}

/** Line fields the store API does not return by default. */
export async function lineInternals(container: MedusaContainer, lineId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [line],
  } = await query.graph({
    entity: "line_item",
    fields: ["id", "is_custom_price", "is_discountable", "requires_shipping", "unit_price", "quantity"],
    filters: { id: lineId },
  })
  return line
}

/** Replaces a variant's prices through the admin API (Medusa drops the prices not listed). */
export async function setVariantPrices(
  api: Api,
  admin: { headers: { authorization: string } },
  container: MedusaContainer,
  variantId: string,
  prices: { currency_code: string; amount: number }[]
) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [variant],
  } = await query.graph({ entity: "product_variant", fields: ["id", "product_id"], filters: { id: variantId } })
  await api.post(`/admin/products/${variant.product_id}/variants/${variantId}`, { prices }, admin)
}

/**
 * A bundle: one variant made of TWO inventory items (1 of each), managed inventory, backorders
 * allowed, 5 of each in stock, 40 EUR, sold in the seeded channel. The seed's kit has one item
 * with required quantity 2; this is the other kind of kit.
 */
export async function createTwoItemKit(container: MedusaContainer, store: SeededStore): Promise<string> {
  const { result: items } = await createInventoryItemsWorkflow(container).run({
    input: {
      items: [
        { sku: "BUNDLE-MUG", title: "Bundle mug" },
        { sku: "BUNDLE-SHIRT", title: "Bundle shirt" },
      ],
    },
  })
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: items.map((item) => ({
        inventory_item_id: item.id,
        location_id: store.stockLocationId,
        stocked_quantity: 5,
      })),
    },
  })
  const {
    result: [bundle],
  } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Medusa Bundle",
          status: ProductStatus.PUBLISHED,
          shipping_profile_id: store.shippingProfileId,
          options: [{ title: "Size", values: ["L"] }],
          sales_channels: [{ id: store.salesChannelId }],
          variants: [
            {
              title: "L",
              sku: "BUNDLE-L",
              options: { Size: "L" },
              prices: [{ currency_code: "eur", amount: 40 }],
              manage_inventory: true,
              allow_backorder: true,
              inventory_items: items.map((item) => ({ inventory_item_id: item.id, required_quantity: 1 })),
            },
          ],
        },
      ],
    },
  })
  return bundle.variants[0].id
}
