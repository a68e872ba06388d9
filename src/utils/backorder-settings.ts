import type { ICachingModuleService, MedusaContainer } from "@medusajs/framework/types"
import { FeatureFlag, Modules } from "@medusajs/framework/utils"
import { randomUUID } from "node:crypto"
import { BACKORDER_MODULE } from "../modules/backorder"
import type BackorderModuleService from "../modules/backorder/service"
import type { BackorderSettings } from "../types"

/*
 * The store setting through Medusa's Caching Module, where the merchant configured it (the
 * `caching` feature flag and the module): every add to cart and every completion reads it.
 *
 * Never stale, whatever the timing: the entry is keyed by a version, and a change of the
 * setting writes a new version only after the database has it. A reader reads the version
 * first, then the entry of that version; on a miss it reads the database and fills that entry.
 * A reader whose database read came before a change can only fill the entry of a version the
 * change has already replaced (or is about to replace), which nobody reads any more.
 *
 * The versions live where the provider keeps them: Redis (`caching-redis`) is shared by every
 * instance, so a change on one is seen by the next read on any. The in-memory provider keeps
 * them in each process: right for one instance; several instances with it would each see
 * their own changes only, so the entries live at most SETTINGS_CACHE_TTL seconds.
 */

export const SETTINGS_VERSION_KEY = "backorder:settings:version"
export const settingsEntryKey = (version: string) => `backorder:settings:${version}`

/** Seconds an entry lives; bounds what an instance on a per-process provider can miss. */
export const SETTINGS_CACHE_TTL = 30

function cachingModule(container: MedusaContainer): ICachingModuleService | undefined {
  if (!FeatureFlag.isFeatureEnabled("caching")) {
    return undefined
  }
  return container.resolve<ICachingModuleService | undefined>(Modules.CACHING, { allowUnregistered: true }) ?? undefined
}

/** The store setting: from the cache when there is one and it holds the current version, else the database. */
export async function readBackorderSettings(container: MedusaContainer): Promise<BackorderSettings> {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const cache = cachingModule(container)
  if (!cache) {
    return backorderModule.retrieveSettings()
  }
  // a provider that fails to answer reads as a miss (the module logs it); one that fails to
  // store leaves the read to the database: a cache outage costs reads, never an add
  let version = (await cache.get({ key: SETTINGS_VERSION_KEY })) as string | null
  if (version) {
    const cached = (await cache.get({ key: settingsEntryKey(version) })) as BackorderSettings | null
    if (cached && typeof cached.enabled === "boolean") {
      return { enabled: cached.enabled }
    }
  } else {
    // no version yet (first read, or expired): start one before reading the database
    version = await setVersion(cache).catch(() => null)
  }
  const settings = await backorderModule.retrieveSettings()
  if (version) {
    await cache.set({ key: settingsEntryKey(version), data: settings, tags: [], ttl: SETTINGS_CACHE_TTL }).catch(() => undefined)
  }
  return settings
}

/**
 * After the setting changed in the database: every later read, on any instance sharing the
 * cache, reads it anew. A failure here fails the change (its step compensates), so the cache
 * never outlives a change it missed.
 */
export async function publishBackorderSettingsChange(container: MedusaContainer): Promise<void> {
  const cache = cachingModule(container)
  if (!cache) {
    return
  }
  // cleared first: a provider may skip a write (the in-memory one when full), never a clear
  await cache.clear({ key: SETTINGS_VERSION_KEY })
  await setVersion(cache)
}

/**
 * A new version. Its tag is unique on purpose: the Caching Module joins a `set` to one already
 * under way for the same key and tags, and a change must never be folded into an earlier write.
 */
async function setVersion(cache: ICachingModuleService): Promise<string> {
  const version = randomUUID()
  await cache.set({ key: SETTINGS_VERSION_KEY, data: version as unknown as object, tags: [settingsEntryKey(version)], ttl: SETTINGS_CACHE_TTL })
  return version
}
