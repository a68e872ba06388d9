// The demo shop (demo/shop, a React app bundled by demo/run.mjs) served by the demo store itself
// under /shop, on the store's own origin: no CORS setup, and the plugin's payment links
// (storefront_url = <store>/shop) open its /payment-collection/:id page. Demo only: this file
// is not part of the published plugin.
import fs from "node:fs"
import path from "node:path"
import { defineMiddlewares, type MedusaNextFunction, type MedusaRequest, type MedusaResponse } from "@medusajs/framework/http"

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json",
}

/** What the shop needs to talk to the store: the publishable key and region the seed wrote. */
function shopConfig(): Record<string, unknown> {
  const file = process.env.DEMO_INFO_FILE
  const info = file && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {}
  return { publishableKey: info.publishable_key ?? "", regionId: info.region_id ?? "" }
}

function serveShop(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const root = process.env.DEMO_SHOP_DIR
  if (req.method !== "GET" && req.method !== "HEAD") {
    return next()
  }
  if (!root || !fs.existsSync(path.join(root, "index.html"))) {
    res.status(503).type("text/plain").send("The demo shop is not built; start the demo with `npm run demo`.")
    return
  }
  // mounted on /shop, so req.path is what follows it
  const relative = path.normalize(decodeURIComponent(req.path)).replace(/^(\.\.[/\\])+/, "")
  const file = path.join(root, relative)
  if (file.startsWith(root + path.sep) && relative !== "/" && fs.existsSync(file) && fs.statSync(file).isFile()) {
    res.setHeader("content-type", TYPES[path.extname(file)] ?? "application/octet-stream")
    // hashed asset names: cache them; index.html never
    res.setHeader("cache-control", relative.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache")
    res.send(fs.readFileSync(file))
    return
  }
  // every other path is a page of the single-page shop
  const html = fs
    .readFileSync(path.join(root, "index.html"), "utf8")
    .replace("<!--shop-config-->", `<script>window.__SHOP_CONFIG__=${JSON.stringify(shopConfig()).replace(/</g, "\\u003c")}</script>`)
  res.setHeader("cache-control", "no-cache")
  res.type("html").send(html)
}

export default defineMiddlewares({
  routes: [
    {
      // no method: registered as app.use("/shop"), so it answers /shop and everything below it
      matcher: "/shop",
      middlewares: [serveShop],
    },
  ],
})
