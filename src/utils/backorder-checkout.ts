import type { MedusaContainer } from "@medusajs/framework/types"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import { readBackorderSettings } from "./backorder-settings"

/**
 * Whether a completion of this cart must be the plugin's (`complete-cart-with-backorders`):
 * with the setting on, or once the cart has back-order records or a back order (a replay).
 * Only a cart that can't hold a back-order line (setting off, no records) is left to Medusa.
 * The answer must not depend on the cart's lines: it is taken before the cart lock, and an
 * accepted back order landing after it would otherwise reach Medusa's completion.
 */
export async function completesThroughPlugin(container: MedusaContainer, cartId: string): Promise<boolean> {
  // the setting first: it is usually cached, and with it on, nothing else needs reading
  if ((await readBackorderSettings(container)).enabled) {
    return true
  }
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [backorders, recorded] = await Promise.all([
    backorderModule.listBackorders({ cart_id: cartId }, { take: 1, select: ["id"] }),
    backorderModule.listBackorderLineIds(cartId),
  ])
  return backorders.length > 0 || recorded.size > 0
}

/** Which of these cart lines are back-order lines (the plugin's records). */
export async function backorderLinesAmong(
  container: MedusaContainer,
  cartId: string,
  lineItemIds: string[]
): Promise<string[]> {
  if (!lineItemIds.length) {
    return []
  }
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const records = await backorderModule.listBackorderLines(
    { cart_id: cartId, line_item_id: lineItemIds },
    { select: ["line_item_id"] }
  )
  return records.map((record) => record.line_item_id)
}
