import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { StoreGetGuestBackorderParams } from "./validators"

export const storeGuestBackorderMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/store/backorders/:id",
    middlewares: [validateAndTransformQuery(StoreGetGuestBackorderParams, {})],
  },
]
