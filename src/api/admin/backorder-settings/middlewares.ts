import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminUpdateBackorderSettings } from "./validators"

export const adminBackorderSettingsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/admin/backorder-settings",
    middlewares: [validateAndTransformBody(AdminUpdateBackorderSettings)],
  },
]
