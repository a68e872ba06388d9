// `npm run demo`: a real Medusa store with this plugin and the admin dashboard, on an embedded
// PostgreSQL whose data persists in .demo-data/ (git-ignored). A second start reuses it.
//
// Environment: PORT (9000), DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD (admin@example.com / supersecret),
// DEMO_DATA_DIR (.demo-data), DEMO_MODE=production (medusa build + medusa start instead of develop),
// DEMO_SKIP_BUILD=1 (reuse the plugin's existing build, and the shop's if there is one),
// DEMO_TOPOLOGY=cluster (production mode on Redis: two servers on PORT and PORT+1 and a worker
// on PORT+2; see demo/cluster.mjs).
import { spawn, spawnSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"

const require = createRequire(import.meta.url)
const { startEmbeddedPostgres } = require("../scripts/embedded-pg.js")

const demoDir = path.dirname(fileURLToPath(import.meta.url))
const pluginRoot = path.resolve(demoDir, "..")
const dataDir = path.resolve(process.env.DEMO_DATA_DIR || path.join(pluginRoot, ".demo-data"))
const port = Number(process.env.PORT || 9000)
const adminEmail = process.env.DEMO_ADMIN_EMAIL || "admin@example.com"
const adminPassword = process.env.DEMO_ADMIN_PASSWORD || "supersecret"
const cluster = process.env.DEMO_TOPOLOGY === "cluster"
const production = cluster || process.env.DEMO_MODE === "production"
const medusaBin = path.join(pluginRoot, "node_modules", ".bin", "medusa")

const log = (message) => console.log(`[demo] ${message}`)

function run(command, args, options = {}) {
  const { status } = spawnSync(command, args, { stdio: "inherit", ...options })
  if (status !== 0 && !options.allowFailure) {
    throw new Error(`${command} ${args.join(" ")} exited with ${status}`)
  }
  return status
}

fs.mkdirSync(dataDir, { recursive: true })

// Install the plugin into the demo app the way `npm install ../` would (a symlink), so the
// app and its dashboard resolve it by package name, as in a merchant's project.
const pluginName = require(path.join(pluginRoot, "package.json")).name
const installed = path.join(demoDir, "node_modules", pluginName)
if (!fs.existsSync(installed)) {
  fs.mkdirSync(path.dirname(installed), { recursive: true })
  fs.symlinkSync(path.relative(path.dirname(installed), pluginRoot), installed, "dir")
}

if (!process.env.DEMO_SKIP_BUILD) {
  log("building the plugin (medusa plugin:build)")
  run(medusaBin, ["plugin:build"], { cwd: pluginRoot, env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" } })
  // the storefront kit's type declarations, as `npm run build` emits them
  run(path.join(pluginRoot, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.storefront.json"], { cwd: pluginRoot })
}

// The demo shop (demo/shop: React, the JS SDK and the plugin's storefront kit), bundled with
// vite into demo/shop/dist and served by the demo store under /shop (demo/src/api/middlewares.ts).
const shopDir = path.join(demoDir, "shop", "dist")
if (!process.env.DEMO_SKIP_BUILD || !fs.existsSync(path.join(shopDir, "index.html"))) {
  log("building the demo shop (vite build)")
  run(path.join(pluginRoot, "node_modules", ".bin", "vite"), ["build", "--config", path.join(demoDir, "shop", "vite.config.mjs")], { cwd: pluginRoot })
}

log(`starting PostgreSQL (data in ${path.relative(pluginRoot, dataDir) || dataDir})`)
const db = await startEmbeddedPostgres({ databaseDir: path.join(dataDir, "pg"), persistent: true })
await db.createDatabase("medusa_demo")

let server = null
let clusterHandle = null
let stopping = false
async function stop(code = 0) {
  if (stopping) return
  stopping = true
  log("stopping")
  await clusterHandle?.stop().catch(() => {})
  if (server && server.exitCode === null) {
    try {
      process.kill(-server.pid, "SIGTERM")
    } catch {}
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        try { process.kill(-server.pid, "SIGKILL") } catch {}
        resolve()
      }, 10000)
      server.once("exit", () => { clearTimeout(timer); resolve() })
    })
  }
  await db.stop().catch(() => {})
  process.exit(code)
}
process.on("SIGINT", () => stop(0))
process.on("SIGTERM", () => stop(0))

try {
  const infoFile = path.join(dataDir, "demo.json")
  const env = {
    ...process.env,
    MEDUSA_DISABLE_TELEMETRY: "true",
    DATABASE_URL: `postgres://${db.user}:${db.password}@localhost:${db.port}/medusa_demo`,
    DEMO_INFO_FILE: infoFile,
    DEMO_SHOP_DIR: shopDir,
    PORT: String(port),
  }

  log("migrating the database (medusa db:migrate)")
  run(medusaBin, ["db:migrate"], { cwd: demoDir, env })
  log(`ensuring the admin user ${adminEmail}`)
  const user = spawnSync(medusaBin, ["user", "-e", adminEmail, "-p", adminPassword], { cwd: demoDir, env, encoding: "utf8" })
  if (user.status !== 0) {
    // `medusa user` exits 1 when the user exists already: that is a second start
    if (!/already exists/.test(`${user.stdout}${user.stderr}`)) {
      throw new Error(`creating the admin user failed:\n${user.stdout}\n${user.stderr}`)
    }
    log("the admin user exists already")
  }
  log("seeding the store (idempotent)")
  run(medusaBin, ["exec", "./seed.ts"], { cwd: demoDir, env })
  const info = JSON.parse(fs.readFileSync(infoFile, "utf8"))

  if (production) {
    log("building the app with its dashboard (medusa build)")
    run(medusaBin, ["build"], { cwd: demoDir, env })
  }
  if (cluster) {
    const { startCluster } = await import("./cluster.mjs")
    clusterHandle = await startCluster({ demoDir, dataDir, env, port, log })
  } else if (production) {
    server = spawn(medusaBin, ["start"], { cwd: path.join(demoDir, ".medusa", "server"), env: { ...env, NODE_ENV: "production" }, stdio: "inherit", detached: true })
  } else {
    server = spawn(medusaBin, ["develop"], { cwd: demoDir, env, stdio: "inherit", detached: true })
  }
  server?.on("exit", (code) => {
    if (!stopping) {
      log(`the Medusa server exited (${code})`)
      stop(code ?? 1)
    }
  })

  const base = `http://localhost:${port}`
  const deadline = Date.now() + 180000
  while (Date.now() < deadline) {
    const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false)
    if (ok) break
    await new Promise((r) => setTimeout(r, 1000))
  }
  console.log(
    [
      "",
      "────────────────────────────────────────────────────────────",
      ` Demo store ready${cluster ? " (cluster: Redis, two servers, one worker)" : ""}`,
      `   Dashboard:        ${base}/app`,
      `   Shop:             ${base}/shop`,
      ...(cluster
        ? [
            `   Second server:    http://localhost:${port + 1}/app  (same store, same admin session)`,
            `   Worker:           http://localhost:${port + 2}/health  (subscribers and jobs; no routes)`,
            `   Redis:            ${clusterHandle.redisUrl}`,
          ]
        : []),
      `   Admin login:      ${adminEmail} / ${adminPassword}`,
      `   Store API:        ${base}/store  (header x-publishable-api-key)`,
      `   Publishable key:  ${info.publishable_key}`,
      `   Back orders:      ${info.backorders_enabled ? "on (the demo seed turned the store setting on; Settings → Store turns it off)" : "off (Settings → Store turns them on)"}`,
      `   Region id:        ${info.region_id}`,
      "   Ctrl-C stops the server and the database.",
      "────────────────────────────────────────────────────────────",
      "",
    ].join("\n")
  )
  if (process.env.DEMO_READY_FILE) {
    fs.writeFileSync(process.env.DEMO_READY_FILE, JSON.stringify({ ...info, base_url: base, db_port: db.port }))
  }
} catch (error) {
  console.error(`[demo] ${error.message}`)
  await stop(1)
}
