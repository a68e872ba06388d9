/**
 * The reference a shopper quotes for a back order: "BO-" and the last 8 characters of its id
 * (random ULID characters, upper-cased). Not the draft order's `display_id`, which shares its
 * sequence with orders, so "#1" would look like someone else's order.
 */
export function backorderReference(backorderId: string): string {
  return `BO-${backorderId.slice(-8).toUpperCase()}`
}
