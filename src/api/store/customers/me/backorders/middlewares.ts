import { authenticate, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { StoreGetMyBackordersParams } from "./validators"

export const storeCustomerBackordersMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/store/customers/me/backorders",
    // as Medusa guards /store/customers/me: a customer's session or bearer token, else 401
    middlewares: [
      authenticate("customer", ["session", "bearer"]),
      validateAndTransformQuery(StoreGetMyBackordersParams, {}),
    ],
  },
]
