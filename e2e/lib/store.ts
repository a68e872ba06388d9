// Starts the demo store (demo/run.mjs, the one-command store) for the browser tests: a
// throwaway data dir, a free port, and production mode so the dashboard is the built one
// (`medusa build` + `medusa start`) with the plugin's compiled admin extensions.
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"

// scripts/ is CommonJS without types
const { getFreePort } = require("../../scripts/embedded-pg.js") as { getFreePort: () => Promise<number> }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** What the tests need to know of a running demo store (its DEMO_READY_FILE, renamed). */
export interface StoreInfo {
  baseUrl: string
  publishableKey: string
  regionId: string
}

interface ReadyFile {
  base_url: string
  publishable_key: string
  region_id: string
}

export function readReadyFile(file: string): StoreInfo {
  const info = JSON.parse(fs.readFileSync(file, "utf8")) as ReadyFile
  return { baseUrl: info.base_url, publishableKey: info.publishable_key, regionId: info.region_id }
}

export async function startDemoStore({
  pluginRoot,
  logFile,
  skipBuild = false,
  timeoutMs = 15 * 60 * 1000,
}: {
  pluginRoot: string
  logFile: string
  skipBuild?: boolean
  timeoutMs?: number
}): Promise<StoreInfo & { stop: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "backorder-e2e-"))
  const readyFile = path.join(dataDir, "ready.json")
  const port = await getFreePort()
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
  const info = readReadyFile(readyFile)
  // the ready file is written once /health answered or the wait ran out: make sure it did answer
  const healthy = await fetch(`${info.baseUrl}/health`).then((r) => r.ok, () => false)
  if (!healthy) {
    await stop()
    throw new Error(`the demo store does not answer on ${info.baseUrl}/health; see ${logFile}`)
  }
  return { ...info, stop }
}
