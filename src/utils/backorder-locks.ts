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

type LockingProviderEntry = { id?: string; is_default?: boolean }

/**
 * The id of the provider Medusa's Locking module uses by default for this config, by the rule
 * of its provider loader: the last `is_default` provider, else the only one listed, else its
 * built-in "in-memory" provider (which locks within one process only).
 */
export function defaultLockingProviderId(modules: Record<string, unknown> | undefined): string {
  const locking = modules?.locking as { options?: { providers?: LockingProviderEntry[] } } | boolean | undefined
  const providers = (typeof locking === "object" && locking.options?.providers) || []
  const explicit = providers.filter((provider) => provider.is_default)
  if (explicit.length) {
    return explicit[explicit.length - 1].id ?? "in-memory"
  }
  return providers.length === 1 ? providers[0].id ?? "in-memory" : "in-memory"
}

/** The startup warning for a process of a multi-process deployment that would lock in memory. */
export const IN_MEMORY_LOCKING_WARNING =
  "medusa-plugin-custom-backorder: the Locking module uses its in-memory provider while this process runs in " +
  "worker mode \"%s\". Locks then hold within this process only, so two instances can sell the same last units or " +
  "decide one cart twice. Configure @medusajs/medusa/locking-redis (or locking-postgres); see the plugin's README, " +
  "\"Running in production\"."
/**
 * Paying one back order's payment link from the storefront: the payment collection's id,
 * namespaced, so two clicks on "Pay" authorise one session and capture once. Not the back
 * order's id: the settlement that the capture triggers takes that one.
 */
export const LINK_PAYMENT_LOCK = { timeout: 10, ttl: 60 } as const

export const linkPaymentLockKey = (paymentCollectionId: string) => `backorder:link-payment:${paymentCollectionId}`
