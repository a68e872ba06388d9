import {
  validateAndTransformBody,
  validateAndTransformQuery,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import { listBackordersQueryConfig } from "./query-config"
import {
  AdminCancelBackorder,
  AdminChargeBackorder,
  AdminGetBackordersParams,
  AdminPreviewBackorderChargeParams,
  AdminRecoverBackorder,
} from "./validators"

export const adminBackordersMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/backorders",
    middlewares: [validateAndTransformQuery(AdminGetBackordersParams, listBackordersQueryConfig)],
  },
  {
    method: ["POST"],
    matcher: "/admin/backorders/:id/charge",
    middlewares: [validateAndTransformBody(AdminChargeBackorder)],
  },
  {
    method: ["GET"],
    matcher: "/admin/backorders/:id/charge-preview",
    middlewares: [validateAndTransformQuery(AdminPreviewBackorderChargeParams, {})],
  },
  {
    method: ["POST"],
    matcher: "/admin/backorders/:id/cancel",
    middlewares: [validateAndTransformBody(AdminCancelBackorder)],
  },
  {
    method: ["POST"],
    matcher: "/admin/backorders/:id/recover",
    middlewares: [validateAndTransformBody(AdminRecoverBackorder)],
  },
]
