/**
 * A back order's statuses. `ready`: the stock on hand covers it, after everything ahead of it
 * (src/utils/backorder-readiness.ts); it is still waiting for an admin, as `pending` is.
 * `payment_failed`: a charge of the card saved at checkout was refused (declined, 3-D Secure,
 * expired); a payment link went to the customer, and it can be charged again.
 * `charging` and `canceling` are claims: an admin's charge or cancel is under way (see the
 * transitions in service.ts, which are the only way a status changes).
 *
 * This file imports nothing: the data model needs the list when it loads, and the API types
 * (`src/types`) name the statuses in the dashboard's and the storefront kit's declarations
 * without pulling in Medusa's server packages.
 */
export const BACKORDER_STATUSES = [
  "pending",
  "ready",
  "charging",
  "canceling",
  "awaiting_payment",
  "payment_failed",
  "charged",
  "canceled",
] as const

export type BackorderStatus = (typeof BACKORDER_STATUSES)[number]

/** What checkout places: a back order waiting for an admin to charge it. */
export const PLACED_BACKORDER_STATUS = "pending" satisfies BackorderStatus

/**
 * While a back order is in one of these, its units count against its variants' limits and the
 * per-shopper limit: placed and not yet charged or canceled.
 */
export const OUTSTANDING_BACKORDER_STATUSES: readonly BackorderStatus[] = [
  "pending",
  "ready",
  "charging",
  "canceling",
  "awaiting_payment",
  "payment_failed",
]

/** Back orders waiting in line for stock, oldest first: what the readiness rule orders and moves. */
export const QUEUED_BACKORDER_STATUSES = ["pending", "ready"] as const satisfies readonly BackorderStatus[]
