import { defineMiddlewares } from "@medusajs/framework/http"
import { adminBackorderSettingsMiddlewares } from "./admin/backorder-settings/middlewares"
import { adminBackordersMiddlewares } from "./admin/backorders/middlewares"
import { storeCartLineItemBackorderMiddlewares } from "./store/carts/[id]/line-items/middlewares"
import { storeCartCompleteBackorderMiddlewares } from "./store/carts/[id]/complete/middlewares"

export default defineMiddlewares({
  routes: [
    ...adminBackorderSettingsMiddlewares,
    ...adminBackordersMiddlewares,
    ...storeCartLineItemBackorderMiddlewares,
    ...storeCartCompleteBackorderMiddlewares,
  ],
})
