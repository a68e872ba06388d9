// Starts and stops the production topology the scale tests drive: a fresh Redis and database,
// the merchant app in `app/` built once (`medusa build`), migrated and seeded with the demo's
// store, then two server instances and one worker of it.
import fs from "fs"
import os from "os"
import path from "path"
import { Client } from "pg"

// CommonJS helpers shared with the demo (`DEMO_TOPOLOGY=cluster npm run demo`)
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startRedis, medusaProcess, medusaCli, medusaCliAsync } = require("../../scripts/medusa-topology")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { getFreePort } = require("../../scripts/embedded-pg")

export type Locking = "redis" | "postgres" | "in-memory"

export type Instance = {
  name: string
  mode: "server" | "worker" | "shared"
  port: number
  url: string
  running: boolean
  start: () => Promise<void>
  /** SIGTERM (Medusa's graceful shutdown), then SIGKILL after 10 s. */
  stop: () => Promise<void>
  /** SIGKILL at once: a crash, leaving whatever the process held (locks, half-done work). */
  kill: () => Promise<void>
}

export type Topology = {
  locking: Locking
  servers: [Instance, Instance]
  worker: Instance
  databaseUrl: string
  publishableKey: string
  regionId: string
  admin: { email: string; password: string }
  /** Every delivery of `backorder.charged`, `payment.captured`, `backorder.placed` and `backorder.ready`, with the mode of the process that ran it. */
  events: () => { name: string; data: any; mode: string; pid: number }[]
  /** A SQL query against the topology's database, for the books. */
  sql: <T = any>(text: string, values?: unknown[]) => Promise<T[]>
  /** Boot time in ms: build excluded, database + Redis + migrations + seed + three processes. */
  bootMs: number
  logDir: string
  /** One more process of the same app and database (not started), with extra environment. */
  instance: (name: string, mode: "server" | "worker", extraEnv?: Record<string, string>) => Promise<Instance>
  /** `medusa exec <script>` of the same app on the same database and Redis: one more instance, for a script's run. */
  exec: (script: string, env?: Record<string, string>) => Promise<void>
  stop: () => Promise<void>
}

const appDir = path.resolve(__dirname, "app")
const serverDir = path.join(appDir, ".medusa", "server")
const pluginRoot = path.resolve(__dirname, "../..")
const ADMIN = { email: "admin@example.com", password: "supersecret" }

let built: Promise<void> | null = null

/** Installs the plugin into the app as `npm install ../` would, then `medusa build` (once per run). */
function buildApp(): Promise<void> {
  built ??= (async () => {
    const pluginName = require(path.join(pluginRoot, "package.json")).name
    const installed = path.join(appDir, "node_modules", pluginName)
    if (!fs.existsSync(installed)) {
      fs.mkdirSync(path.dirname(installed), { recursive: true })
      fs.symlinkSync(path.relative(path.dirname(installed), pluginRoot), installed, "dir")
    }
    if (!fs.existsSync(path.join(pluginRoot, ".medusa", "server", "src"))) {
      throw new Error("the plugin is not built: run `npm run build` first (npm run test:scale does)")
    }
    // SCALE_REUSE_APP_BUILD=1 keeps an existing build of the app (its config unchanged): two
    // runs side by side then don't rebuild it under each other's running processes
    if (process.env.SCALE_REUSE_APP_BUILD === "1" && fs.existsSync(path.join(serverDir, "medusa-config.js"))) return
    medusaCli(["build"], { cwd: appDir, env: { MEDUSA_DISABLE_TELEMETRY: "true" } })
  })()
  return built
}

const pgConfig = () => ({
  host: process.env.DB_HOST,
  port: Number(process.env.DB_PORT),
  user: process.env.DB_USERNAME,
  password: process.env.DB_PASSWORD,
})

/**
 * A new database on the test PostgreSQL, migrated, with the admin user and the demo's store
 * seeded, for the built app run with `env` (which picks its modules and whether the plugin is in).
 */
async function prepareStore(name: string, logDir: string, env: Record<string, string>) {
  const pg = pgConfig()
  const dbName = `${name.replace(/-/g, "_")}_${Date.now()}`
  const admin = new Client({ ...pg, database: "postgres" })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${dbName}"`)
  await admin.end()
  const infoFile = path.join(logDir, `${name}-store.json`)
  const storeEnv = {
    ...env,
    DATABASE_URL: `postgres://${pg.user}:${pg.password}@localhost:${pg.port}/${dbName}`,
    JWT_SECRET: "scale-jwt-secret",
    COOKIE_SECRET: "scale-cookie-secret",
    DEMO_INFO_FILE: infoFile,
    MEDUSA_DISABLE_TELEMETRY: "true",
    NODE_ENV: "production",
  }
  medusaCli(["db:migrate"], { cwd: serverDir, env: storeEnv })
  medusaCli(["user", "-e", ADMIN.email, "-p", ADMIN.password], { cwd: serverDir, env: storeEnv })
  medusaCli(["exec", path.join(pluginRoot, "demo", "seed.ts")], { cwd: serverDir, env: storeEnv })
  const info = JSON.parse(fs.readFileSync(infoFile, "utf8"))
  const sqlClient = new Client({ ...pg, database: dbName })
  await sqlClient.connect()
  return {
    env: storeEnv,
    databaseUrl: storeEnv.DATABASE_URL,
    publishableKey: info.publishable_key as string,
    regionId: info.region_id as string,
    sql: async <T = any>(text: string, values?: unknown[]) => (await sqlClient.query(text, values as any[])).rows as T[],
    close: () => sqlClient.end().catch(() => {}),
  }
}

export type SingleStore = Pick<Topology, "publishableKey" | "regionId" | "admin" | "sql" | "logDir"> & {
  server: Instance
  /** `medusa exec <script>` against this store's database, beside the running server. */
  exec: (script: string, env?: Record<string, string>) => Promise<void>
  stop: () => Promise<void>
}

/**
 * The built app as one process on Medusa's defaults (shared worker mode, no Redis), with or
 * without the plugin: the two sides of the benchmark.
 */
export async function startSingleStore(name: string, { withPlugin }: { withPlugin: boolean }): Promise<SingleStore> {
  await buildApp()
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), `backorder-bench-${name}-`))
  const store = await prepareStore(name, logDir, withPlugin ? {} : { SCALE_WITHOUT_PLUGIN: "1" })
  const server: Instance = medusaProcess({
    name,
    serverDir,
    port: await getFreePort(),
    mode: "shared",
    env: store.env,
    logFile: path.join(logDir, `${name}.log`),
  })
  try {
    await server.start()
  } catch (error) {
    await store.close()
    throw error
  }
  return {
    server,
    publishableKey: store.publishableKey,
    regionId: store.regionId,
    admin: ADMIN,
    sql: store.sql,
    logDir,
    exec: (script, env = {}) => medusaCliAsync(["exec", script], { cwd: serverDir, env: { ...store.env, ...env } }),
    async stop() {
      await store.close()
      await server.stop()
    },
  }
}

export async function startTopology(locking: Locking): Promise<Topology> {
  await buildApp()
  const started = Date.now()
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), `backorder-scale-${locking}-`))
  const redis = await startRedis({ port: await getFreePort(), logFile: path.join(logDir, "redis.log") })
  const eventsFile = path.join(logDir, "events.jsonl")
  let store: Awaited<ReturnType<typeof prepareStore>>
  try {
    store = await prepareStore(`scale-${locking}`, logDir, {
      REDIS_URL: redis.url,
      SCALE_LOCKING: locking,
      SCALE_EVENTS_FILE: eventsFile,
    })
  } catch (error) {
    await redis.stop()
    throw error
  }
  const env = store.env

  const [portA, portB, portWorker] = [await getFreePort(), await getFreePort(), await getFreePort()]
  const instance = (name: string, mode: string, port: number, extraEnv: Record<string, string> = {}): Instance =>
    medusaProcess({ name, serverDir, port, mode, env: { ...env, ...extraEnv }, logFile: path.join(logDir, `${name}.log`) })
  const servers: [Instance, Instance] = [instance("server-a", "server", portA), instance("server-b", "server", portB)]
  const worker = instance("worker", "worker", portWorker)
  const all = [...servers, worker]
  try {
    await Promise.all(all.map((process) => process.start()))
  } catch (error) {
    await Promise.all(all.map((process) => process.stop()))
    await redis.stop()
    await store.close()
    throw error
  }

  return {
    locking,
    servers,
    worker,
    databaseUrl: store.databaseUrl,
    publishableKey: store.publishableKey,
    regionId: store.regionId,
    admin: ADMIN,
    events: () =>
      fs.existsSync(eventsFile)
        ? fs.readFileSync(eventsFile, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line))
        : [],
    sql: store.sql,
    bootMs: Date.now() - started,
    logDir,
    instance: async (name, mode, extraEnv) => {
      const extra = instance(name, mode, await getFreePort(), extraEnv)
      all.push(extra)
      return extra
    },
    exec: (script, extraEnv = {}) => medusaCliAsync(["exec", script], { cwd: serverDir, env: { ...env, ...extraEnv } }),
    async stop() {
      await store.close()
      await Promise.all(all.map((process) => process.stop()))
      await redis.stop()
    },
  }
}
