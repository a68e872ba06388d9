// The plugin's own source booted as a Medusa app by the integration tests
// (medusaIntegrationTestRunner with cwd = plugin root). Not part of the published package.
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

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
  modules: [
    {
      resolve: "./src/modules/backorder",
      options: { storefront_url: "https://storefront.test" },
    },
  ],
})
