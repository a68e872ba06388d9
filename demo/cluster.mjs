// `DEMO_TOPOLOGY=cluster npm run demo`: the demo store as a merchant runs it in production,
// on this one machine: a Redis server, two server instances (PORT and PORT+1) and one worker
// (PORT+2) of the built app, all on the demo's PostgreSQL. demo/medusa-config.ts adds the Redis
// modules when REDIS_URL is set.
import path from "node:path"
import { createRequire } from "node:module"

const require = createRequire(import.meta.url)
const { startRedis, medusaProcess } = require("../scripts/medusa-topology.js")

/** Starts Redis, then the worker and both servers; `env` must carry DATABASE_URL. */
export async function startCluster({ demoDir, dataDir, env, port, log }) {
  const redis = await startRedis({ port: Number(process.env.DEMO_REDIS_PORT || 6390), logFile: path.join(dataDir, "redis.log") })
  log(`Redis on ${redis.url} (no persistence)`)
  const clusterEnv = {
    ...env,
    REDIS_URL: redis.url,
    // every instance must sign and read the same tokens and session cookies
    JWT_SECRET: env.JWT_SECRET || "supersecret",
    COOKIE_SECRET: env.COOKIE_SECRET || "supersecret",
  }
  const serverDir = path.join(demoDir, ".medusa", "server")
  const processes = [
    { name: "server-1", mode: "server", port },
    { name: "server-2", mode: "server", port: port + 1 },
    { name: "worker", mode: "worker", port: port + 2 },
  ].map(({ name, mode, port }) =>
    medusaProcess({ name, serverDir, port, mode, env: clusterEnv, logFile: path.join(dataDir, `${name}.log`) })
  )
  log(`starting two servers and a worker (logs in ${path.relative(process.cwd(), dataDir) || dataDir}/*.log)`)
  try {
    await Promise.all(processes.map((p) => p.start()))
  } catch (error) {
    await Promise.all(processes.map((p) => p.stop()))
    await redis.stop()
    throw error
  }
  return {
    redisUrl: redis.url,
    processes,
    async stop() {
      await Promise.all(processes.map((p) => p.stop()))
      await redis.stop()
    },
  }
}
