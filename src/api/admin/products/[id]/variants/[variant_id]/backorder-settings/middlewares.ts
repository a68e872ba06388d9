import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminUpdateVariantBackorderSettings } from "./validators"

export const adminVariantBackorderSettingsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/admin/products/:id/variants/:variant_id/backorder-settings",
    middlewares: [validateAndTransformBody(AdminUpdateVariantBackorderSettings)],
  },
]
