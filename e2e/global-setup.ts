// Playwright's global setup: runs once before any test, in the runner's process. Installs
// Debian's Chromium if it is missing, builds the plugin and boots the demo store in production
// mode, and hands the store to the test workers in E2E_STORE_INFO (workers inherit the
// runner's environment). The function it returns is the global teardown: it stops the store.
//
// E2E_SKIP_BUILD=1 reuses the plugin's existing build, E2E_KEEP_DATA=1 keeps the store's
// temporary data dir, E2E_STORE=<DEMO_READY_FILE of a running demo store> runs the tests
// against that store instead of starting one.
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { CHROMIUM, PLUGIN_ROOT, RESULTS_DIR, SCREENSHOT_DIR } from "./paths"
import { readReadyFile, startDemoStore } from "./lib/store"

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) {
    return
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0
  if (!isRoot) {
    throw new Error(`${CHROMIUM} is missing. Install Debian's Chromium first: sudo apt-get install -y --no-install-recommends chromium`)
  }
  console.log("installing Debian's chromium package (apt-get)")
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "chromium"]]) {
    const { status } = spawnSync("apt-get", args, { stdio: "inherit", env })
    if (status !== 0) {
      throw new Error(`apt-get ${args.join(" ")} failed (${status})`)
    }
  }
}

export default async function globalSetup() {
  ensureChromium()
  fs.mkdirSync(RESULTS_DIR, { recursive: true })
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })

  if (process.env.E2E_STORE) {
    process.env.E2E_STORE_INFO = JSON.stringify(readReadyFile(process.env.E2E_STORE))
    return async () => {}
  }

  const logFile = path.join(RESULTS_DIR, "e2e-store.log")
  console.log(`starting the demo store in production mode (log: ${path.relative(PLUGIN_ROOT, logFile)})`)
  const started = Date.now()
  const { stop, ...store } = await startDemoStore({
    pluginRoot: PLUGIN_ROOT,
    logFile,
    skipBuild: !!process.env.E2E_SKIP_BUILD,
  })
  console.log(`store ready at ${store.baseUrl} after ${Math.round((Date.now() - started) / 1000)} s`)
  process.env.E2E_STORE_INFO = JSON.stringify(store)
  return stop
}
