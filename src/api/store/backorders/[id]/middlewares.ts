import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { StoreCancelGuestBackorder, StoreGetGuestBackorderParams } from "./validators"

export const storeGuestBackorderMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/store/backorders/:id",
    middlewares: [validateAndTransformQuery(StoreGetGuestBackorderParams, {})],
  },
  {
    method: ["POST"],
    matcher: "/store/backorders/:id/cancel",
    middlewares: [validateAndTransformBody(StoreCancelGuestBackorder)],
  },
]
