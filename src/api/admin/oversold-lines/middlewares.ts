import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminGetOversoldLinesParams } from "./validators"

export const adminOversoldLinesMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/oversold-lines",
    middlewares: [validateAndTransformQuery(AdminGetOversoldLinesParams, {})],
  },
]
