import type { LoaderOptions } from "@medusajs/framework/types"
import { configManager } from "@medusajs/framework/config"
import { IN_MEMORY_LOCKING_WARNING, SHARED_MODE_REASON, warnsAboutInMemoryLocking } from "../../../utils/locking-provider"

// Medusa's one-off commands force worker mode "server" in a single process: nothing to warn about there.
const ONE_OFF_COMMAND = /^(exec|user|db:|plugin:|build$)/

let warned = false

/**
 * Warns once per process when the plugin's locks would not hold across processes: its Locking
 * module falls back to the in-memory provider while others run beside it (the rule:
 * `warnsAboutInMemoryLocking`).
 */
export default async function warnInMemoryLockingLoader({ container }: LoaderOptions) {
  if (warned || ONE_OFF_COMMAND.test(process.argv[2] ?? "")) {
    return
  }
  let config: typeof configManager.config
  try {
    config = configManager.config
  } catch {
    return // no config loaded (the module is used outside an app)
  }
  const workerMode = config.projectConfig?.workerMode ?? process.env.MEDUSA_WORKER_MODE ?? "shared"
  if (warnsAboutInMemoryLocking({ workerMode, nodeEnv: process.env.NODE_ENV, config })) {
    warned = true
    const reason = workerMode === "shared" ? SHARED_MODE_REASON : ""
    container.resolve("logger").warn(IN_MEMORY_LOCKING_WARNING.replace("%s", workerMode) + reason)
  }
}
