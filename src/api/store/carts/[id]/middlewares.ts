import type { MiddlewareRoute } from "@medusajs/framework/http"
import { keepBackordersOnCartUpdate } from "./keep-backorders"

/** On Medusa's own cart update route, after its validation, before its handler. */
export const storeCartUpdateBackorderMiddlewares: MiddlewareRoute[] = [
  { method: ["POST"], matcher: "/store/carts/:id", middlewares: [keepBackordersOnCartUpdate] },
]
