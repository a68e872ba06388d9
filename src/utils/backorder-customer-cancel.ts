import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import type { CustomerBackorder } from "../types"
import { retrieveShopperBackorderView } from "./backorder-view"
import { cancelBackorderWorkflow } from "../workflows/cancel-backorder"

/**
 * A customer's own cancel, logged in (`customer_id`: only their own) or through the guest's
 * signed link (checked by the route). Refused when the store turned customer cancels off
 * (`customer_cancel: false`); a charged back order, or one being charged, answers 409 (the claim).
 */
export async function cancelOwnBackorder(
  scope: MedusaContainer,
  { backorder_id, customer_id }: { backorder_id: string; customer_id?: string | null }
): Promise<CustomerBackorder> {
  if (!scope.resolve<BackorderModuleService>(BACKORDER_MODULE).allowsCustomerCancel()) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This store does not let customers cancel back orders; please contact the store.")
  }
  await cancelBackorderWorkflow(scope).run({
    input: { backorder_id, canceled_by: "customer", customer_id: customer_id ?? null, actor_id: customer_id ?? undefined },
  })
  const backorder = await retrieveShopperBackorderView(scope, backorder_id)
  if (!backorder) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Back order with id: ${backorder_id} was not found`)
  }
  return backorder
}
