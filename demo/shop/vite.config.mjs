// Bundles the demo shop (React + @medusajs/js-sdk + the plugin's storefront kit) into
// demo/shop/dist, served by the demo store under /shop. Run by demo/run.mjs.
import path from "node:path"
import { fileURLToPath } from "node:url"
import { defineConfig } from "vite"

const shopDir = path.dirname(fileURLToPath(import.meta.url))

export default defineConfig({
  root: shopDir,
  base: "/shop/",
  logLevel: "warn",
  // vite's own esbuild transform handles TSX; no React plugin needed for a production bundle
  esbuild: { jsx: "automatic" },
  build: {
    outDir: path.join(shopDir, "dist"),
    emptyOutDir: true,
    // the kit comes from the plugin's build (CommonJS, outside node_modules through the symlink)
    commonjsOptions: { include: [/node_modules/, /\.medusa[\\/]server[\\/]src[\\/]storefront/] },
  },
})
