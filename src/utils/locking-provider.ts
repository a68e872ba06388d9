/**
 * Whether the plugin's locks hold across processes: they are Medusa's Locking module's, and its
 * default provider locks within one process only.
 */

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
