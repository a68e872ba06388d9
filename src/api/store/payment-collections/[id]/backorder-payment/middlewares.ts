import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { StorePayBackorderLink } from "./validators"

export const storeBackorderLinkPaymentMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/store/payment-collections/:id/backorder-payment",
    middlewares: [validateAndTransformBody(StorePayBackorderLink)],
  },
]
