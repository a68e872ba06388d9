// Generates the plugin's module migrations (`medusa plugin:db:generate` needs a live database):
// starts a throwaway embedded PostgreSQL unless DB_HOST is set.
import { spawnSync } from "node:child_process"
import { createRequire } from "node:module"

const require = createRequire(import.meta.url)
const { startEmbeddedPostgres } = require("./embedded-pg.js")

const server = process.env.DB_HOST ? null : await startEmbeddedPostgres()
const env = server
  ? { ...process.env, DB_HOST: "localhost", DB_PORT: String(server.port), DB_USERNAME: server.user, DB_PASSWORD: server.password }
  : process.env
const { status } = spawnSync("npx", ["medusa", "plugin:db:generate"], { stdio: "inherit", env })
await server?.stop()
process.exit(status ?? 1)
