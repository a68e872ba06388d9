/**
 * The checkout's stock locks end before the payment is authorised. The plugin's checkout takes
 * the stock locks of the cart's backorderable inventory items before its re-check and holds them
 * while Medusa's completion creates the order and reserves its units; Medusa's
 * `beforePaymentAuthorization` hook (after the reservations, before the payment) then gives
 * them back. So the check and the reservation still can't interleave with another checkout's,
 * but no checkout waits for another's payment authorisation (0.5–1 s at a real gateway).
 *
 * Measured first, the other way round: checking after an optimistic reservation (no lock until
 * the hook) made every completion of a popular variant reserve at once, and Medusa's own
 * reservation step waits only 5 s for its per-item key (`locking.execute`): under load the
 * queue got longer than that and completions failed with a lock time-out.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { leaseDepsOf, releaseLeasedLocks, type HeldLocks } from "./backorder-locks"

/**
 * The key under which the plugin's checkout passes its held stock locks in completeCartWorkflow's
 * input, for the plugin's `beforePaymentAuthorization` handler to give back. Medusa's own
 * completions (and the plugin's, when it holds the locks to the end) don't carry it.
 */
export const STOCK_LOCKS_TO_RELEASE_BEFORE_PAYMENT = "backorder_stock_locks_to_release_before_payment"

let handlerRegistered = false

/** Called by the plugin's hook file once its handler holds the hook. */
export function markStockLockReleaseHookRegistered(): void {
  handlerRegistered = true
}

/**
 * Whether the plugin's `beforePaymentAuthorization` handler holds the hook in this process: only
 * then does a checkout hand its stock locks to it (otherwise they are held to the end: fail-safe).
 */
export function isStockLockReleaseHookRegistered(): boolean {
  return handlerRegistered
}

/** Gives back the checkout's stock locks (only its own: the owner id). A second release does nothing. */
export async function releaseStockLocksBeforePayment(container: MedusaContainer, held: HeldLocks | null | undefined): Promise<void> {
  await releaseLeasedLocks(leaseDepsOf(container), held)
}
