/**
 * Whether the plugin's locks hold across processes: they are Medusa's Locking module's, and its
 * default provider locks within one process only.
 */

type LockingProviderEntry = { id?: string; resolve?: unknown; is_default?: boolean }
type ModulesConfig = Record<string, unknown> | undefined

const IN_MEMORY: LockingProviderEntry = { id: "in-memory" }

/**
 * The provider Medusa's Locking module uses by default for this config, by the rule of its
 * provider loader: the last `is_default` provider, else the only one listed, else its built-in
 * "in-memory" provider (which locks within one process only).
 */
export function defaultLockingProvider(modules: ModulesConfig): LockingProviderEntry {
  const locking = modules?.locking as { options?: { providers?: LockingProviderEntry[] } } | boolean | undefined
  const providers = (typeof locking === "object" && locking.options?.providers) || []
  const explicit = providers.filter((provider) => provider.is_default)
  if (explicit.length) {
    return explicit[explicit.length - 1]
  }
  return providers.length === 1 ? providers[0] : IN_MEMORY
}

/** The id of that provider. */
export function defaultLockingProviderId(modules: ModulesConfig): string {
  return defaultLockingProvider(modules).id ?? "in-memory"
}

/**
 * Whether that provider is `locking-postgres`, whose 2.21 `acquire` never takes over another
 * owner's expired row: the plugin does it itself (src/utils/backorder-locks.ts).
 */
export function usesPostgresLocking(modules: ModulesConfig): boolean {
  const { resolve } = defaultLockingProvider(modules)
  return typeof resolve === "string" && /locking-postgres/.test(resolve)
}

const mentionsRedis = (entry: unknown): boolean => {
  if (!entry || typeof entry !== "object") {
    return false
  }
  const { resolve, options } = entry as { resolve?: unknown; options?: { providers?: unknown[] } }
  return (
    (typeof resolve === "string" && /redis/i.test(resolve)) ||
    (Array.isArray(options?.providers) && options.providers.some(mentionsRedis))
  )
}

/** Redis is configured: Medusa's `redisUrl`, or any module or module provider on Redis. */
export function configuresRedis(config: { projectConfig?: { redisUrl?: string }; modules?: ModulesConfig }): boolean {
  return !!config.projectConfig?.redisUrl || Object.values(config.modules ?? {}).some(mentionsRedis)
}

/**
 * Whether a process should warn that the plugin's locks stay within it: it locks in memory and
 * other processes probably run beside it. A server or a worker always has a counterpart; a
 * `shared` process (Medusa's default) has one when it runs in production with Redis configured,
 * which is what several replicas of one app need and a lone process doesn't.
 */
export function warnsAboutInMemoryLocking({
  workerMode,
  nodeEnv,
  config,
}: {
  workerMode: string | undefined
  nodeEnv: string | undefined
  config: { projectConfig?: { redisUrl?: string }; modules?: ModulesConfig }
}): boolean {
  if (defaultLockingProviderId(config.modules) !== "in-memory") {
    return false
  }
  if (workerMode === "server" || workerMode === "worker") {
    return true
  }
  return (workerMode ?? "shared") === "shared" && nodeEnv === "production" && configuresRedis(config)
}

/** The startup warning for a process of a multi-process deployment that would lock in memory. */
export const IN_MEMORY_LOCKING_WARNING =
  "medusa-plugin-custom-backorder: the Locking module uses its in-memory provider while this process runs in " +
  "worker mode \"%s\". Locks then hold within this process only, so two instances can sell the same last units or " +
  "decide one cart twice. Configure @medusajs/medusa/locking-redis (or locking-postgres); see the plugin's " +
  "docs/production.md, \"Running in production\"."

/** Added for a `shared` process: why it is taken for one of several. */
export const SHARED_MODE_REASON = " It runs in production with Redis configured, as several replicas of one app do."
