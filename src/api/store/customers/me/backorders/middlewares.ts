import { authenticate, validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { StoreCancelMyBackorder, StoreGetMyBackordersParams } from "./validators"

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
  {
    method: ["POST"],
    matcher: "/store/customers/me/backorders/:id/cancel",
    middlewares: [authenticate("customer", ["session", "bearer"]), validateAndTransformBody(StoreCancelMyBackorder)],
  },
]
