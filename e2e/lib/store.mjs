// Starts the demo store (demo/run.mjs, the lead's one-command store) for the browser test:
// a throwaway data dir, a free port, and production mode so the dashboard is the built one
// (`medusa build` + `medusa start`) with the plugin's compiled admin extensions.
import { spawn } from "node:child_process"
import fs from "node:fs"
import { createRequire } from "node:module"
import os from "node:os"
import path from "node:path"

const { getFreePort: freePort } = createRequire(import.meta.url)("../../scripts/embedded-pg.js")

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * @param {{ pluginRoot: string, logFile: string, skipBuild?: boolean, timeoutMs?: number }} options
 * @returns {Promise<{ baseUrl: string, publishableKey: string, regionId: string, stop: () => Promise<void> }>}
 */
export async function startDemoStore({ pluginRoot, logFile, skipBuild = false, timeoutMs = 15 * 60 * 1000 }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "backorder-e2e-"))
  const readyFile = path.join(dataDir, "ready.json")
  const port = await freePort()
  const log = fs.openSync(logFile, "w")
  const child = spawn(process.execPath, [path.join(pluginRoot, "demo", "run.mjs")], {
    cwd: pluginRoot,
    env: {
      ...process.env,
      PORT: String(port),
      DEMO_DATA_DIR: dataDir,
      DEMO_MODE: "production",
      DEMO_READY_FILE: readyFile,
      ...(skipBuild ? { DEMO_SKIP_BUILD: "1" } : {}),
      MEDUSA_DISABLE_TELEMETRY: "true",
    },
    stdio: ["ignore", log, log],
  })
  let exited = false
  child.once("exit", () => {
    exited = true
  })

  const stop = async () => {
    if (!exited) {
      // demo/run.mjs stops its Medusa server and PostgreSQL on SIGTERM
      child.kill("SIGTERM")
      for (let i = 0; i < 60 && !exited; i++) {
        await sleep(500)
      }
      if (!exited) {
        child.kill("SIGKILL")
      }
    }
    fs.closeSync(log)
    if (!process.env.E2E_KEEP_DATA) {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }

  const deadline = Date.now() + timeoutMs
  while (!fs.existsSync(readyFile)) {
    if (exited) {
      await stop()
      throw new Error(`the demo store exited before it was ready; see ${logFile}`)
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`the demo store was not ready after ${timeoutMs / 1000} s; see ${logFile}`)
    }
    await sleep(1000)
  }
  const info = JSON.parse(fs.readFileSync(readyFile, "utf8"))
  const baseUrl = info.base_url
  // the ready file is written once /health answered or the wait ran out: make sure it did answer
  const healthy = await fetch(`${baseUrl}/health`).then((r) => r.ok, () => false)
  if (!healthy) {
    await stop()
    throw new Error(`the demo store does not answer on ${baseUrl}/health; see ${logFile}`)
  }
  return { baseUrl, publishableKey: info.publishable_key, regionId: info.region_id, stop }
}
