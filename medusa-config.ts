// The plugin's own source booted as a Medusa app by the integration tests
// (medusaIntegrationTestRunner with cwd = plugin root). Not part of the published package.
import path from "path"
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// BACKORDER_TEST_CACHING=1 (set by shared-stock.spec.ts): Medusa's Caching Module on, as a store
// that enables it runs: the `caching` feature flag and the module with its in-memory provider
const withCaching = process.env.BACKORDER_TEST_CACHING === "1"

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "*",
      adminCors: "*",
      authCors: "*",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: { disable: true },
  ...(withCaching && { featureFlags: { caching: true } }),
  modules: [
    // integration-tests/http/locks.spec.ts boots this app on locking-postgres, the provider that
    // never takes over another owner's expired lock by itself; the other specs lock in memory
    ...(process.env.BACKORDER_TEST_LOCKING === "postgres"
      ? [
          {
            resolve: "@medusajs/medusa/locking",
            options: {
              providers: [{ resolve: "@medusajs/medusa/locking-postgres", id: "locking-postgres", is_default: true }],
            },
          },
        ]
      : []),
    {
      resolve: "./src/modules/backorder",
      // lock_timeout: the checkout and back-order locks wait 10 s instead of 30, so the test of a
      // cart lock held too long takes seconds, while several completions (or charges) of one
      // cart (or back order) still queue behind each other on a slow machine; the stock locks
      // keep their 60 s
      // ready_on_restock: on only in the specs of readiness and its notices (BACKORDER_TEST_READINESS=1):
      // the other specs' helper puts the seeded 5 T-shirts back on the shelf after each placement,
      // which covers the back order it just placed, and they test a back order that stays pending
      // customer_cancel: off only in backorder-customer-cancel-off.spec.ts (BACKORDER_TEST_CUSTOMER_CANCEL=0)
      options: {
        storefront_url: "https://storefront.test",
        lock_timeout: 10,
        ready_on_restock: process.env.BACKORDER_TEST_READINESS === "1",
        // the test card keeps cards as Stripe does (its keys are Stripe's), and is charged off-session
        saved_card_providers: {
          "pp_test-card_test": { checkout_data: { setup_future_usage: "off_session" }, charge_data: { off_session: true } },
        },
        ...(process.env.BACKORDER_TEST_CUSTOMER_CANCEL === "0" && { customer_cancel: false }),
      },
    },
    {
      // a real gateway for the tests (authorise, decline, 3-D Secure, deferred, webhooks);
      // webhooks are processed 200 ms after they arrive instead of Medusa's default 5 s
      resolve: "@medusajs/medusa/payment",
      options: {
        webhook_delay: 200,
        providers: [{ resolve: path.resolve(process.cwd(), "integration-tests/fixtures/test-payment"), id: "test" }],
      },
    },
    {
      // Medusa's local provider for the e-mails as well as the dashboard's feed: the notices are
      // records in the Notification Module the tests count (defineConfig's default serves the feed only)
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
    ...(withCaching ? [{ resolve: "@medusajs/medusa/caching", options: { in_memory: { enable: true } } }] : []),
  ],
})
