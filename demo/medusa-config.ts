// The demo store: a merchant's Medusa app with the plugin installed from its built package.
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
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
  plugins: [
    {
      // installed into demo/node_modules by demo/run.mjs, as `npm install` would
      resolve: "medusa-plugin-custom-backorder",
      // the demo shop (demo/shop) is served by this app under /shop, so payment links open its
      // /payment-collection/:id page
      options: { storefront_url: process.env.STOREFRONT_URL || `http://localhost:${process.env.PORT || 9000}/shop` },
    },
  ],
})
