// A merchant's Medusa app that installs the plugin from its built package, exactly as a
// merchant's medusa-config would (`plugins: [{ resolve, options }]`). Run `npm run build` first.
// The merchant has its own completeCartWorkflow.hooks.validate handler (src/workflows/hooks), so
// the plugin is told not to register its own (`complete_cart_validate_hook: false`); the same for
// its updateCartPromotionsWorkflow.hooks.setPromotionContext handler (`promotion_context_hook: false`)
// and its completeCartWorkflow beforePaymentAuthorization handler (`before_payment_authorization_hook: false`).
const path = require("path")
const { defineConfig } = require("@medusajs/framework/utils")

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "*",
      adminCors: "*",
      authCors: "*",
      jwtSecret: "supersecret",
      cookieSecret: "supersecret",
    },
  },
  admin: { disable: true },
  plugins: [
    {
      // package-contents.spec.ts copies this app, installs the packed tarball into it, and names the
      // package here as a merchant does; otherwise the plugin's built checkout is loaded in place
      resolve: process.env.BACKORDER_PLUGIN_RESOLVE || path.resolve(__dirname, "../.."),
      options: {
        storefront_url: "https://shop.example.com",
        complete_cart_validate_hook: false,
        promotion_context_hook: false,
        before_payment_authorization_hook: false,
      },
    },
  ],
})
