import type { MedusaContainer } from "@medusajs/framework/types"
import type { BackorderStatus } from "../modules/backorder/statuses"
import type { PendingBackorderDraftOrder, PlacedBackorder } from "../types"
import { backorderGuestToken, backorderGuestTokenSecret } from "./backorder-guest-token"
import { backorderReference } from "./backorder-reference"

/**
 * The back order as the completion answers it to the shopper: with the reference they quote
 * and the guest token that shows it to them again (`GET /store/backorders/:id?token=…`).
 */
export function toPlacedBackorder(
  container: MedusaContainer,
  backorder: { id: string; status: BackorderStatus },
  draftOrder: PendingBackorderDraftOrder | null
): PlacedBackorder {
  return {
    id: backorder.id,
    reference: backorderReference(backorder.id),
    token: backorderGuestToken(backorder.id, backorderGuestTokenSecret(container)),
    status: backorder.status,
    draft_order: draftOrder,
  }
}
