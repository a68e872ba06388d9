import { MedusaError } from "@medusajs/framework/utils"

/** What a cart must carry to place a back order: someone to charge and ship to later. */
export type BackorderContact = {
  email?: string | null
  customer_id?: string | null
  shipping_address?: { address_1?: string | null; city?: string | null; country_code?: string | null } | null
}

/**
 * No back order from nobody: a back order reserves stock for someone the merchant must reach
 * and ship to, so a cart placing one needs an e-mail and a shipping address (street, city,
 * country), even one holding only back-order lines. 400, nothing placed.
 */
export function ensureBackorderContact(cart: BackorderContact): void {
  const address = cart.shipping_address
  const missing = [
    !cart.email?.trim() && "an email",
    !(address?.address_1?.trim() && address.city?.trim() && address.country_code?.trim()) && "a shipping address",
  ].filter(Boolean)
  if (missing.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `A cart with back-ordered items needs ${missing.join(" and ")} before it can be completed`
    )
  }
}
