import type { MiddlewareRoute } from "@medusajs/framework/http"
import { completeCartWithBackorders } from "./complete-with-backorders"

/**
 * A middleware on Medusa's own completion route, so a storefront's `sdk.store.cart.complete()`
 * works unchanged. Core's query validation runs first (`req.queryConfig`); core's handler only
 * runs for carts without back-order lines.
 */
export const storeCartCompleteBackorderMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/store/carts/:id/complete",
    middlewares: [completeCartWithBackorders],
  },
]
