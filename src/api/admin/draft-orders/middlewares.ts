import type { MiddlewareRoute } from "@medusajs/framework/http"
import { refuseOnPendingBackorderDraft } from "./back-order-drafts"

/** In front of Medusa's own draft-order and order routes that would break a back order's draft. */
export const adminBackorderDraftGuardMiddlewares: MiddlewareRoute[] = [
  { method: ["DELETE"], matcher: "/admin/draft-orders/:id", middlewares: [refuseOnPendingBackorderDraft("delete")] },
  {
    method: ["POST"],
    matcher: "/admin/draft-orders/:id/convert-to-order",
    middlewares: [refuseOnPendingBackorderDraft("convert")],
  },
  { method: ["POST"], matcher: "/admin/draft-orders/:id/edit", middlewares: [refuseOnPendingBackorderDraft("edit")] },
  { method: ["POST"], matcher: "/admin/draft-orders/:id/edit/*", middlewares: [refuseOnPendingBackorderDraft("edit")] },
  { method: ["POST"], matcher: "/admin/orders/:id/cancel", middlewares: [refuseOnPendingBackorderDraft("cancel")] },
]
