import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { StoreGetVariantBackorderShipping } from "./validators"

export const storeVariantBackorderShippingMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/store/backorder-settings/variants",
    middlewares: [validateAndTransformQuery(StoreGetVariantBackorderShipping, {})],
  },
]
