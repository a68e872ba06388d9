/**
 * A claim's life and its recovery, as pure rules (no Medusa, no database): when a claim belongs
 * to a run that died, and what a dead run's back order becomes, read from the books.
 */
import type { BackorderStatus } from "./statuses"

/**
 * The claims: statuses a run holds while it works (`charging`, `canceling`). Entering one
 * stamps `claimed_at`, leaving one clears it (the service's `transitionBackorderStatus`), so a
 * claim's age tells a live run from a dead one.
 */
export const CLAIM_STATUSES = ["charging", "canceling"] as const satisfies readonly BackorderStatus[]
export type ClaimStatus = (typeof CLAIM_STATUSES)[number]

export const isClaimStatus = (status: string): status is ClaimStatus =>
  (CLAIM_STATUSES as readonly string[]).includes(status)

/** Claims taken before this moment are stale (`lifetimeSeconds`: the back order lock's ttl). */
export const claimStaleBefore = (now: Date, lifetimeSeconds: number): Date =>
  new Date(now.getTime() - lifetimeSeconds * 1000)

/**
 * A claim is stale when it is older than the back order's lock can live: a run still alive
 * holds its lock, so a claim older than that lock belongs to a run that died (killed, out of
 * memory). A claim without a time was taken before claims carried one: older than any lock.
 */
export function isClaimStale(claimedAt: Date | string | null | undefined, now: Date, lifetimeSeconds: number): boolean {
  if (!claimedAt) {
    return true
  }
  return new Date(claimedAt).getTime() < claimStaleBefore(now, lifetimeSeconds).getTime()
}

/** What recovery reads of a claimed back order's draft order (or the order it became). */
export type ClaimBooks = {
  /** null: the draft order was deleted. */
  order: { status: string; is_draft_order: boolean } | null
  payment_collections: { id: string; status: string }[]
}

/** The transition recovery makes, and what it writes with it. */
export type ClaimRecovery =
  /** Nothing irreversible happened: pending again (after undoing what the dead run half did). */
  | { transition: "release_claim" }
  /** The order exists and its collection is fully paid: charged. */
  | { transition: "record_payment"; payment_collection_id: string }
  /** The order exists and is not paid: its open collection (null: open one) waits for a link payment. */
  | { transition: "send_payment_link"; payment_collection_id: string | null }
  /** The draft (or its order) is canceled or gone. */
  | { transition: "cancel" | "close_canceled_claim" }

/** A collection whose payment is still to come (Medusa's statuses short of `completed`). */
const OPEN_COLLECTION_STATUSES = ["not_paid", "awaiting", "authorized", "partially_authorized", "partially_captured"]

/**
 * What the books say a dead run's back order is: the one rule recovery follows, so the status
 * matches the draft order, the order and its payments rather than what the dead run meant to do.
 * - gone or canceled draft (or order) → canceled;
 * - `canceling` otherwise → pending (Medusa's cancel had not finished);
 * - `charging` with the draft still a draft → pending (nothing was converted or paid);
 * - `charging` with the draft converted: a completed collection → charged; otherwise
 *   awaiting payment on its open collection (the admin's choice of record or link died with the
 *   run; no money was taken, so the shopper's link, or Medusa's capture, settles it).
 */
export function recoveryOfClaim(claim: ClaimStatus, books: ClaimBooks): ClaimRecovery {
  const { order } = books
  if (!order || order.status === "canceled") {
    return { transition: claim === "canceling" ? "cancel" : "close_canceled_claim" }
  }
  if (claim === "canceling" || order.is_draft_order) {
    return { transition: "release_claim" }
  }
  const paid = books.payment_collections.find((collection) => collection.status === "completed")
  if (paid) {
    return { transition: "record_payment", payment_collection_id: paid.id }
  }
  const open = books.payment_collections.find((collection) => OPEN_COLLECTION_STATUSES.includes(collection.status))
  return { transition: "send_payment_link", payment_collection_id: open?.id ?? null }
}
