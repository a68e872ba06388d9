/**
 * The locks the plugin takes with Medusa's Locking module, and how long they wait and live.
 * They hold across server instances only with a shared locking provider (Redis or Postgres);
 * irreversible transitions are claimed in the database as well (the back order's status).
 */

/** Checkout: the cart id itself, the key Medusa's own completion locks, so the two exclude each other. */
export const CART_COMPLETION_LOCK = { timeout: 30, ttl: 120 } as const

/** Charge, cancel and payment settlement of one back order share its id as their key. */
export const BACKORDER_LOCK = { timeout: 30, ttl: 120 } as const

/**
 * Stock of one inventory item, from the re-check at checkout until its units are reserved.
 * Namespaced: Medusa's reserveInventoryStep locks the raw inventory item ids inside the
 * completion this lock spans, so the raw id would deadlock. Waits longer than the cart lock:
 * completions of one variant queue behind each other by design.
 */
export const STOCK_LOCK = { timeout: 60, ttl: 120 } as const

export const stockLockKey = (inventoryItemId: string) => `backorder:stock:${inventoryItemId}`

/** One key per inventory item, sorted, so any two carts take shared keys in the same order. */
export const stockLockKeys = (inventoryItemIds: Iterable<string>) =>
  [...new Set(inventoryItemIds)].sort().map(stockLockKey)

/**
 * Paying one back order's payment link from the storefront: the payment collection's id,
 * namespaced, so two clicks on "Pay" authorise one session and capture once. Not the back
 * order's id: the settlement that the capture triggers takes that one.
 */
export const LINK_PAYMENT_LOCK = { timeout: 10, ttl: 60 } as const

export const linkPaymentLockKey = (paymentCollectionId: string) => `backorder:link-payment:${paymentCollectionId}`
