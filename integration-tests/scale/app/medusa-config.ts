// A merchant's production config, as docs/production.md's "Running in production" section gives it:
// Redis for the event bus, the workflow engine, locking and admin sessions, one database, and
// the plugin from its built package. SCALE_LOCKING picks the locking provider the run tests:
// "redis" (default), "postgres" (no Redis needed for locks) or "in-memory" (Medusa's default,
// to show what the shared provider is for). With Redis it also turns on Medusa's Caching Module
// on its Redis provider (behind the `caching` feature flag in 2.21), so the query cache that
// `getVariantAvailability` uses is shared by the three processes, as in a cached production
// store. Without REDIS_URL it is a single-process app on Medusa's defaults (no cache), and
// SCALE_WITHOUT_PLUGIN=1 leaves the plugin out: the benchmark runs both. Medusa's local
// notification provider serves the customers' e-mails as well as the admin's feed, as the demo's
// does: the plugin's notices are records in the Notification Module the scale tests count.
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "production", process.cwd())

const redisUrl = process.env.REDIS_URL
const locking = process.env.SCALE_LOCKING || "redis"
const withPlugin = process.env.SCALE_WITHOUT_PLUGIN !== "1"
const lockingProviders: Record<string, object[]> = {
  redis: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }],
  postgres: [{ resolve: "@medusajs/medusa/locking-postgres", id: "locking-postgres", is_default: true }],
}

export default defineConfig({
  // Medusa 2.21 reads its query cache only with this flag on and the Caching Module loaded
  featureFlags: redisUrl ? { caching: true } : {},
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    workerMode: process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server",
    http: {
      storeCors: "*",
      adminCors: "*",
      authCors: "*",
      jwtSecret: process.env.JWT_SECRET,
      cookieSecret: process.env.COOKIE_SECRET,
    },
    cookieOptions: { secure: false },
  },
  admin: { disable: true },
  modules: [
    ...(redisUrl
      ? [
          { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
          { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
          {
            resolve: "@medusajs/medusa/caching",
            options: {
              providers: [{ resolve: "@medusajs/medusa/caching-redis", id: "caching-redis", is_default: true, options: { redisUrl } }],
            },
          },
        ]
      : []),
    ...(redisUrl && lockingProviders[locking] ? [{ resolve: "@medusajs/medusa/locking", options: { providers: lockingProviders[locking] } }] : []),
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/notification-local",
            id: "local",
            options: { name: "Local Notification Provider", channels: ["feed", "email"] },
          },
        ],
      },
    },
    {
      // the tests' card gateway, whose webhook goes through Medusa's own route (see the fixture)
      resolve: "@medusajs/medusa/payment",
      options: { webhook_delay: 200, providers: [{ resolve: "./src/modules/test-payment", id: "test" }] },
    },
  ],
  plugins: withPlugin
    ? [
        {
          // installed into node_modules by the scale harness (a symlink, as `npm install` would)
          resolve: "medusa-plugin-custom-backorder",
          options: { storefront_url: "https://shop.example.com" },
        },
      ]
    : [],
})
