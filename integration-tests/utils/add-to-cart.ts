import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createPromotionsWorkflow } from "@medusajs/medusa/core-flows"
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
