/**
 * The plugin's locks as leases: short-lived locks that the process holding them renews while its
 * work runs. A process killed in the middle of its work stops renewing, and its locks lapse
 * LOCK_TTL seconds later, so a retry on another server goes on after seconds, not minutes.
 *
 * Every lock is taken under an owner id of its own run: Medusa's providers extend a lock when
 * its owner acquires it again (in-memory: new expiration; Redis: `SET XX EX`; locking-postgres:
 * `UPDATE ... expiration`), which is the renewal, and release only what that owner holds.
 * The renewal lives in this process's memory; the keys and the owner travel in the workflow
 * (the acquire step's output), so the release and the compensation are ordinary steps.
 */
import { randomUUID } from "node:crypto"
import { setTimeout as sleep } from "node:timers/promises"
import type { ILockingModule, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { usesPostgresLocking } from "./locking-provider"
import {
  LOCK_MAX_HOLD,
  lockRenewalIntervalMs,
  type BackorderLockTiming,
} from "../modules/backorder/service"

/** Locks one run holds: what its release (and its compensation) give back. */
export type HeldLocks = { lock_keys: string[]; owner_id: string | null }

/**
 * Takes over keys whose lock has expired (another owner's, or an ownerless one), for `ownerId`,
 * for `ttl` seconds; answers how many it took. Only needed where the provider doesn't.
 */
export type TakeOverExpiredLocks = (keys: string[], ownerId: string, ttl: number) => Promise<number>

export type LeaseDeps = {
  locking: Pick<ILockingModule, "acquire" | "release">
  logger?: Pick<Logger, "warn" | "info">
  takeOverExpired?: TakeOverExpiredLocks
}

/**
 * Takes over expired rows of locking-postgres's `locking` table in one conditional UPDATE: of two
 * processes racing for one expired lock, the row's lock lets exactly one match it. In 2.21 that
 * provider's `acquire` refuses any row of another owner, expired or not, and nothing deletes
 * expired rows, so without this one killed checkout would lock its cart and items for good.
 */
export const takeOverExpiredPostgresLocks =
  (knex: Knex): TakeOverExpiredLocks =>
  async (keys, ownerId, ttl) =>
    Number(
      await knex("locking")
        .whereIn("id", keys)
        .whereNotNull("expiration")
        .where("expiration", "<=", knex.fn.now())
        .update({ owner_id: ownerId, expiration: knex.raw("NOW() + make_interval(secs => ?)", [ttl]) })
    )

/** The lease's collaborators in an app: its Locking module, and on locking-postgres the takeover. */
export function leaseDepsOf(container: MedusaContainer): LeaseDeps {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  return {
    locking: container.resolve(Modules.LOCKING),
    logger: container.resolve(ContainerRegistrationKeys.LOGGER),
    takeOverExpired: usesPostgresLocking(config.modules)
      ? takeOverExpiredPostgresLocks(container.resolve(ContainerRegistrationKeys.PG_CONNECTION))
      : undefined,
  }
}

type Renewal = { stop: () => Promise<void>; lost: () => boolean }

/** The renewals running in this process, by owner id. */
const renewals = new Map<string, Renewal>()

/** How often, at most, one waiting acquire looks for expired locks to take over (ms): a query each time. */
const TAKE_OVER_EVERY_MS = 500

/**
 * Takes every key, all or none, waiting up to `timing.timeout` seconds, then renews them in this
 * process every `lockRenewalIntervalMs(timing.ttl)` until `releaseLeasedLocks`. Medusa's
 * providers take several keys one by one (in-memory, Postgres) or side by side (Redis), and a call
 * that fails halfway keeps the keys it got; so each attempt gives back what it got before waiting
 * and trying again.
 */
export async function acquireLeasedLocks(
  deps: LeaseDeps,
  keys: string[],
  timing: BackorderLockTiming,
  ownerPrefix = "backorder"
): Promise<HeldLocks> {
  const lock_keys = [...new Set(keys)]
  if (!lock_keys.length) {
    return { lock_keys, owner_id: null }
  }
  const { locking, takeOverExpired, logger } = deps
  const owner_id = `${ownerPrefix}:${randomUUID()}`
  const giveUpAt = Date.now() + timing.timeout * 1000
  let nextTakeOver = 0
  while (true) {
    try {
      await locking.acquire(lock_keys, { ownerId: owner_id, expire: timing.ttl })
      break
    } catch (error) {
      await locking.release(lock_keys, { ownerId: owner_id }).catch(() => undefined)
      const lastTry = Date.now() >= giveUpAt
      if (takeOverExpired && (Date.now() >= nextTakeOver || lastTry)) {
        nextTakeOver = Date.now() + TAKE_OVER_EVERY_MS
        const taken = await takeOverExpired(lock_keys, owner_id, timing.ttl).catch(() => 0)
        if (taken > 0) {
          logger?.warn(`Took over ${taken} expired lock(s) among "${lock_keys.join('", "')}": their holder died without releasing them.`)
          continue // the keys taken over are ours now; the acquire renews them
        }
      }
      if (lastTry) {
        throw asLockTimeout(error, lock_keys)
      }
    }
    // jittered, so queued requests don't retry in lockstep
    await sleep(50 + Math.random() * 150)
  }
  const held = { lock_keys, owner_id }
  startRenewal(deps, held, timing.ttl)
  return held
}

/**
 * The provider's error, in the words the routes answer 409 for (`isLockTimeout`):
 * locking-postgres says `"<key>" is already locked.` when it loses an insert race.
 */
function asLockTimeout(error: unknown, keys: string[]): unknown {
  return isLockTimeout(error)
    ? error
    : new Error(`Failed to acquire lock for key(s) "${keys.join('", "')}": ${error instanceof Error ? error.message : String(error)}`)
}

/**
 * A lock that could not be taken in time (another request holds it): the locking providers
 * throw plain errors, which Medusa would answer with a 500, so the routes answer 409 for them.
 */
export function isLockTimeout(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? "")
  return /Failed to acquire lock|Timed-out acquiring lock/.test(message)
}

/** Stops the renewal (waiting for one in flight, which could re-create a key), then releases. */
export async function releaseLeasedLocks(deps: Pick<LeaseDeps, "locking">, held: HeldLocks | null | undefined): Promise<boolean> {
  if (!held?.owner_id || !held.lock_keys.length) {
    return true
  }
  await stopRenewal(held.owner_id)
  return deps.locking.release(held.lock_keys, { ownerId: held.owner_id })
}

/** Whether this process is renewing the locks of `ownerId` (for tests and diagnostics). */
export function isRenewing(ownerId: string): boolean {
  const renewal = renewals.get(ownerId)
  return !!renewal && !renewal.lost()
}

/**
 * Stops renewing without releasing: what a process that dies does to its locks. Only tests call
 * it, to leave a lock as a killed process leaves it.
 */
export async function stopRenewal(ownerId: string): Promise<void> {
  const renewal = renewals.get(ownerId)
  renewals.delete(ownerId)
  await renewal?.stop()
}

function startRenewal({ locking, logger }: LeaseDeps, held: HeldLocks & { owner_id: string }, ttl: number) {
  const every = lockRenewalIntervalMs(ttl)
  const until = Date.now() + LOCK_MAX_HOLD * 1000
  const keys = held.lock_keys.join('", "')
  let timer: NodeJS.Timeout | undefined
  let inFlight: Promise<void> | null = null
  let stopped = false
  let lost = false

  const renew = async () => {
    if (stopped) {
      return
    }
    if (Date.now() >= until) {
      lost = true
      renewals.delete(held.owner_id)
      logger?.warn(`Stopped renewing the lock(s) "${keys}" after ${LOCK_MAX_HOLD} s: the run holding them never released them.`)
      return
    }
    try {
      // the same owner acquiring again extends the lock; one taken over by another owner since
      // (it lapsed: this process stalled longer than its lifetime) fails, and stays theirs
      await locking.acquire(held.lock_keys, { ownerId: held.owner_id, expire: ttl })
    } catch (error) {
      if (!stopped) {
        lost = true
        renewals.delete(held.owner_id)
        logger?.warn(
          `Lost the lock(s) "${keys}" while the run holding them was still working: it expired before it was renewed ` +
            `(${error instanceof Error ? error.message : String(error)}).`
        )
      }
      return
    }
    schedule()
  }
  const schedule = () => {
    if (stopped) {
      return
    }
    timer = setTimeout(() => {
      inFlight = renew().finally(() => {
        inFlight = null
      })
    }, every)
    timer.unref?.()
  }

  renewals.set(held.owner_id, {
    lost: () => lost,
    stop: async () => {
      stopped = true
      if (timer) {
        clearTimeout(timer)
      }
      await inFlight
    },
  })
  schedule()
}
