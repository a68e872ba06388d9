import type { MiddlewareRoute } from "@medusajs/framework/http"
import { keepBackordersOnCartUpdate, keepBackordersOnCustomerTransfer } from "./keep-backorders"

/** On Medusa's own cart routes that change the pricing context, after their validation and auth. */
export const storeCartUpdateBackorderMiddlewares: MiddlewareRoute[] = [
  { method: ["POST"], matcher: "/store/carts/:id", middlewares: [keepBackordersOnCartUpdate] },
  { method: ["POST"], matcher: "/store/carts/:id/customer", middlewares: [keepBackordersOnCustomerTransfer] },
]
