// Medusa's production topology on one machine: a Redis server and several `medusa start`
// processes of one built app (servers and a worker) on one PostgreSQL. Used by the scale tests
// (`npm run test:scale`) and by `DEMO_TOPOLOGY=cluster npm run demo`.
const { spawn, spawnSync } = require("child_process")
const fs = require("fs")
const net = require("net")
const path = require("path")

const MEDUSA_BIN = path.resolve(__dirname, "..", "node_modules", ".bin", "medusa")
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function redisServerBinary() {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).stdout.trim()
  if (!found) {
    throw new Error(
      "redis-server is missing. Install Debian's package first: sudo apt-get install -y --no-install-recommends redis-server"
    )
  }
  return found
}

function redisPing(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port }, () => socket.write("PING\r\n"))
    socket.setTimeout(1000)
    socket.once("data", (data) => {
      socket.destroy()
      resolve(data.toString().startsWith("+PONG"))
    })
    socket.once("error", () => resolve(false))
    socket.once("timeout", () => {
      socket.destroy()
      resolve(false)
    })
  })
}

/** A throwaway Redis on a loopback port: no persistence, stopped with the returned `stop`. */
async function startRedis({ port, logFile }) {
  const log = logFile ? fs.openSync(logFile, "a") : "ignore"
  const child = spawn(
    redisServerBinary(),
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
    { stdio: ["ignore", log, log] }
  )
  let exited = false
  child.once("exit", () => (exited = true))
  for (let i = 0; i < 100 && !(await redisPing(port)); i++) {
    if (exited) throw new Error(`redis-server exited at start (port ${port})`)
    await sleep(100)
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (exited) return
      child.kill("SIGTERM")
      for (let i = 0; i < 50 && !exited; i++) await sleep(100)
      if (!exited) child.kill("SIGKILL")
    },
  }
}

async function waitForHealth(url, { timeoutMs, isAlive }) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isAlive()) return false
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false)
    if (ok) return true
    await sleep(500)
  }
  return false
}

/**
 * One `medusa start` of a built app (`serverDir` is its `.medusa/server`) in the given worker
 * mode. Every process listens on its own port: Medusa serves `/health` even in worker mode.
 */
function medusaProcess({ name, serverDir, port, mode, env, logFile, timeoutMs = 240000 }) {
  let child = null
  let exited = true
  const url = `http://localhost:${port}`

  async function start() {
    const log = fs.openSync(logFile, "a")
    child = spawn(MEDUSA_BIN, ["start"], {
      cwd: serverDir,
      env: { ...process.env, ...env, NODE_ENV: "production", PORT: String(port), MEDUSA_WORKER_MODE: mode },
      stdio: ["ignore", log, log],
      detached: true,
    })
    exited = false
    child.once("exit", () => {
      exited = true
      fs.closeSync(log)
    })
    const healthy = await waitForHealth(url, { timeoutMs, isAlive: () => !exited })
    if (!healthy) {
      await stop()
      throw new Error(`${name} (${mode}, port ${port}) did not answer /health; see ${logFile}`)
    }
  }

  async function stop() {
    if (!child || exited) return
    try {
      process.kill(-child.pid, "SIGTERM")
    } catch {}
    for (let i = 0; i < 100 && !exited; i++) await sleep(100)
    if (!exited) {
      try {
        process.kill(-child.pid, "SIGKILL")
      } catch {}
      for (let i = 0; i < 50 && !exited; i++) await sleep(100)
    }
  }

  /**
   * SIGKILL to the process group, as a crash or the kernel's OOM killer does: no shutdown hook
   * runs, requests in flight get no answer, and the locks it holds stay in the provider.
   */
  async function kill() {
    if (!child || exited) return
    try {
      process.kill(-child.pid, "SIGKILL")
    } catch {}
    for (let i = 0; i < 100 && !exited; i++) await sleep(50)
  }

  return {
    name,
    mode,
    port,
    url,
    start,
    stop,
    kill,
    get pid() {
      return child?.pid
    },
    get running() {
      return !exited
    },
  }
}

/** Runs a `medusa` CLI command (build, db:migrate, exec, user) and throws with its output on failure. */
function medusaCli(args, { cwd, env, allowFailure = false }) {
  const result = spawnSync(MEDUSA_BIN, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0 && !allowFailure) {
    throw new Error(`medusa ${args.join(" ")} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`.slice(-6000))
  }
  return result
}

/**
 * `medusaCli` without blocking the event loop, for commands run beside live servers: a blocked
 * loop misses the servers closing idle keep-alive sockets, and the next request on one fails.
 */
function medusaCliAsync(args, { cwd, env }) {
  return new Promise((resolve, reject) => {
    const child = spawn(MEDUSA_BIN, args, { cwd, env: { ...process.env, ...env } })
    let output = ""
    const keep = (chunk) => {
      output = (output + chunk).slice(-6000)
    }
    child.stdout.on("data", keep)
    child.stderr.on("data", keep)
    child.on("error", reject)
    child.on("close", (status) =>
      status === 0 ? resolve() : reject(new Error(`medusa ${args.join(" ")} exited with ${status}:\n${output}`))
    )
  })
}

module.exports = { startRedis, medusaProcess, medusaCli, medusaCliAsync, redisServerBinary }
