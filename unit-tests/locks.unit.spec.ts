// The plugin's locks as leases, on Medusa's real in-memory locking provider (no database), and
// the rule of the startup warning. The same leases on locking-postgres: integration-tests/http/locks.spec.ts.
import { InMemoryLockingProvider } from "@medusajs/locking/dist/providers/in-memory"
import { LOCK_TTL, lockRenewalIntervalMs } from "../src/modules/backorder/service"
import {
  acquireLeasedLocks,
  isRenewing,
  releaseLeasedLocks,
  stopRenewal,
  type LeaseDeps,
} from "../src/utils/backorder-locks"
import {
  configuresRedis,
  defaultLockingProviderId,
  usesPostgresLocking,
  warnsAboutInMemoryLocking,
} from "../src/utils/locking-provider"

jest.setTimeout(30_000)

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Whether another owner can take `key` right now (and gives it back). */
const takenByAnother = async (locking: InMemoryLockingProvider, key: string) => {
  try {
    await locking.acquire(key, { ownerId: "another", expire: 1 })
  } catch {
    return false
  }
  await locking.release(key, { ownerId: "another" })
  return true
}

describe("leased locks", () => {
  let locking: InMemoryLockingProvider
  let deps: LeaseDeps
  beforeEach(() => {
    locking = new InMemoryLockingProvider()
    deps = { locking }
  })

  it("live only seconds past their holder (retry after a crash within 15 s), renewed three times per life", () => {
    // a retry waits out at most one lifetime, then completes: within 15 s of the crash
    expect(LOCK_TTL).toBeLessThanOrEqual(10)
    expect(lockRenewalIntervalMs(LOCK_TTL)).toBe(Math.floor((LOCK_TTL * 1000) / 3))
    expect(lockRenewalIntervalMs(1)).toBe(333)
  })

  it("a lock held by live work is renewed past its ttl and never taken by another owner", async () => {
    const held = await acquireLeasedLocks(deps, ["cart_1"], { timeout: 1, ttl: 2 })
    expect(isRenewing(held.owner_id!)).toBe(true)
    await wait(5000) // two and a half lifetimes
    expect(await takenByAnother(locking, "cart_1")).toBe(false)
    expect(await releaseLeasedLocks(deps, held)).toBe(true)
    expect(isRenewing(held.owner_id!)).toBe(false)
    expect(await takenByAnother(locking, "cart_1")).toBe(true)
  })

  it("a dead holder's lock (no renewal, no release) lapses one ttl later, and a waiting request takes it", async () => {
    const dead = await acquireLeasedLocks(deps, ["cart_2", "stock_a"], { timeout: 1, ttl: 1 })
    await stopRenewal(dead.owner_id!) // what SIGKILL does to the renewal
    const started = Date.now()
    const retry = await acquireLeasedLocks(deps, ["cart_2", "stock_a"], { timeout: 5, ttl: 1 })
    const waited = Date.now() - started
    expect(waited).toBeGreaterThan(500)
    expect(waited).toBeLessThan(2500)
    // the dead owner's release (a late compensation) can't free the new holder's keys
    expect(await locking.release(["cart_2", "stock_a"], { ownerId: dead.owner_id })).toBe(false)
    expect(await takenByAnother(locking, "stock_a")).toBe(false)
    await releaseLeasedLocks(deps, retry)
  })

  it("a request waits at most its timeout for a live holder, then fails in the words the routes answer 409 for", async () => {
    const live = await acquireLeasedLocks(deps, ["cart_3"], { timeout: 1, ttl: 2 })
    const started = Date.now()
    await expect(acquireLeasedLocks(deps, ["cart_3"], { timeout: 1.5, ttl: 1 })).rejects.toThrow(/Failed to acquire lock/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500)
    expect(Date.now() - started).toBeLessThan(3000)
    await releaseLeasedLocks(deps, live)
  })

  it("all keys or none: a request that can't take one key holds none of the others while it waits", async () => {
    const live = await acquireLeasedLocks(deps, ["stock_b"], { timeout: 1, ttl: 2 })
    const waiting = acquireLeasedLocks(deps, ["stock_a", "stock_b"], { timeout: 5, ttl: 1 })
    await wait(300)
    expect(await takenByAnother(locking, "stock_a")).toBe(true)
    await releaseLeasedLocks(deps, live)
    const held = await waiting
    expect(held.lock_keys).toEqual(["stock_a", "stock_b"])
    await releaseLeasedLocks(deps, held)
  })

  it("a release stops the renewal for good: the key stays free afterwards", async () => {
    const held = await acquireLeasedLocks(deps, ["cart_4"], { timeout: 1, ttl: 1 })
    await wait(340) // a renewal is due about now
    await releaseLeasedLocks(deps, held)
    await wait(1200)
    expect(await takenByAnother(locking, "cart_4")).toBe(true)
    expect(isRenewing(held.owner_id!)).toBe(false)
  })

  it("takes over expired locks itself where the provider doesn't (locking-postgres), at most twice a second and on the last try", async () => {
    const calls: { keys: string[]; at: number }[] = []
    const live = await acquireLeasedLocks(deps, ["cart_5"], { timeout: 1, ttl: 2 })
    const started = Date.now()
    const takeOverExpired = async (keys: string[]) => {
      calls.push({ keys, at: Date.now() - started })
      return 0 // nothing expired: the holder is alive
    }
    await expect(acquireLeasedLocks({ ...deps, takeOverExpired }, ["cart_5"], { timeout: 1.2, ttl: 1 })).rejects.toThrow()
    expect(calls.every(({ keys }) => keys.length === 1 && keys[0] === "cart_5")).toBe(true)
    expect(calls[0].at).toBeLessThan(300) // on the first refusal
    expect(calls[calls.length - 1].at).toBeGreaterThanOrEqual(1200) // once more before giving up
    const whileWaiting = calls.slice(0, -1).map(({ at }) => at)
    whileWaiting.slice(1).forEach((at, i) => expect(at - whileWaiting[i]).toBeGreaterThanOrEqual(500))
    expect(calls.length).toBeGreaterThanOrEqual(3)
    await releaseLeasedLocks(deps, live)
  })

  it("takes a lock over when the takeover answers it took it", async () => {
    const dead = await acquireLeasedLocks(deps, ["cart_6"], { timeout: 1, ttl: 5 })
    await stopRenewal(dead.owner_id!)
    // stands for locking-postgres's conditional UPDATE: the expired row becomes the caller's
    const takeOverExpired = async (keys: string[], ownerId: string, ttl: number) => {
      await locking.release(keys, { ownerId: dead.owner_id })
      await locking.acquire(keys, { ownerId, expire: ttl })
      return keys.length
    }
    const started = Date.now()
    const held = await acquireLeasedLocks({ ...deps, takeOverExpired }, ["cart_6"], { timeout: 3, ttl: 1 })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(isRenewing(held.owner_id!)).toBe(true)
    expect(await takenByAnother(locking, "cart_6")).toBe(false)
    await releaseLeasedLocks(deps, held)
  })
})

describe("the startup warning", () => {
  const inMemory = { modules: {} }
  const redisModules = { modules: { event_bus: { resolve: "@medusajs/medusa/event-bus-redis", options: {} } } }
  const postgresLocking = {
    modules: {
      locking: {
        resolve: "@medusajs/medusa/locking",
        options: { providers: [{ resolve: "@medusajs/medusa/locking-postgres", id: "locking-postgres", is_default: true }] },
      },
    },
  }

  it("fires for a server or a worker that locks in memory, whatever the environment", () => {
    expect(warnsAboutInMemoryLocking({ workerMode: "server", nodeEnv: "development", config: inMemory })).toBe(true)
    expect(warnsAboutInMemoryLocking({ workerMode: "worker", nodeEnv: undefined, config: inMemory })).toBe(true)
  })

  it("fires for a shared process in production with Redis configured (a sign of several replicas)", () => {
    expect(warnsAboutInMemoryLocking({ workerMode: "shared", nodeEnv: "production", config: redisModules })).toBe(true)
    expect(
      warnsAboutInMemoryLocking({ workerMode: undefined, nodeEnv: "production", config: { projectConfig: { redisUrl: "redis://r" }, modules: {} } })
    ).toBe(true)
  })

  it("stays quiet for a lone shared process: not in production, or without Redis", () => {
    expect(warnsAboutInMemoryLocking({ workerMode: "shared", nodeEnv: "development", config: redisModules })).toBe(false)
    expect(warnsAboutInMemoryLocking({ workerMode: "shared", nodeEnv: "production", config: inMemory })).toBe(false)
  })

  it("stays quiet with a shared locking provider", () => {
    expect(warnsAboutInMemoryLocking({ workerMode: "server", nodeEnv: "production", config: postgresLocking })).toBe(false)
    expect(
      warnsAboutInMemoryLocking({ workerMode: "shared", nodeEnv: "production", config: { ...postgresLocking, projectConfig: { redisUrl: "redis://r" } } })
    ).toBe(false)
  })

  it("Redis is configured by redisUrl, a Redis module, or a module's Redis provider", () => {
    expect(configuresRedis({ projectConfig: { redisUrl: "redis://r" } })).toBe(true)
    expect(configuresRedis(redisModules)).toBe(true)
    expect(
      configuresRedis({ modules: { caching: { resolve: "@medusajs/medusa/caching", options: { providers: [{ resolve: "@medusajs/medusa/caching-redis" }] } } } })
    ).toBe(true)
    expect(configuresRedis({ modules: { locking: true, payment: { resolve: "@medusajs/medusa/payment" } } })).toBe(false)
  })

  it("knows locking-postgres as the default provider", () => {
    expect(usesPostgresLocking(postgresLocking.modules)).toBe(true)
    expect(defaultLockingProviderId(postgresLocking.modules)).toBe("locking-postgres")
    expect(usesPostgresLocking(inMemory.modules)).toBe(false)
  })
})
