// The demo store: a merchant's Medusa app with the plugin installed from its built package.
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// Set by `DEMO_TOPOLOGY=cluster` (demo/cluster.mjs): the production modules of docs/production.md's
// "Running in production", so two servers and a worker share events, workflows, locks and sessions.
const redisUrl = process.env.REDIS_URL

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || `http://localhost:${process.env.PORT || 9000}`,
      authCors: process.env.AUTH_CORS || `http://localhost:8000,http://localhost:${process.env.PORT || 9000}`,
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
    // The demo is served over plain http on localhost; in production mode Medusa marks the
    // session cookie Secure, which a browser never sends over http, so the admin could not log in.
    cookieOptions: { secure: false },
  },
  modules: [
    {
      // a card gateway for the shop's payment-link page: the tests' one (it approves every card),
      // linked into src/modules; Medusa's manual provider stays available beside it
      resolve: "@medusajs/medusa/payment",
      options: { providers: [{ resolve: "./src/modules/test-card", id: "test" }] },
    },
    {
      // Medusa's local provider for the plugin's e-mails as well as the dashboard's feed: the
      // customer's notices show in the server's log, the admin's in the dashboard's bell
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
    ...(redisUrl
      ? [
          { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
          { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
          {
            resolve: "@medusajs/medusa/locking",
            options: {
              providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }],
            },
          },
        ]
      : []),
  ],
  plugins: [
    {
      // installed into demo/node_modules by demo/run.mjs, as `npm install` would
      resolve: "medusa-plugin-custom-backorder",
      // the demo shop (demo/shop) is served by this app under /shop, so payment links open its
      // /payment-collection/:id page
      options: {
        storefront_url: process.env.STOREFRONT_URL || `http://localhost:${process.env.PORT || 9000}/shop`,
        // the test card keeps a logged-in customer's card at checkout, for "Charge saved card"
        saved_card_providers: {
          "pp_test-card_test": { checkout_data: { setup_future_usage: "off_session" }, charge_data: { off_session: true } },
        },
      },
    },
  ],
})
