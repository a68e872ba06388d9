import type { MiddlewareRoute } from "@medusajs/framework/http"
import { changesDraftOwner, orderIdInBody, refuseOnPendingBackorderDraft } from "./back-order-drafts"

/**
 * In front of Medusa's own routes that would change a pending back order's draft. Route
 * middlewares, not workflow hooks: the workflows behind these routes (begin order edit, claim,
 * exchange, return, update draft order) expose no hook before they write, and fulfilment's only
 * hook (`fulfillmentCreated`) runs after the fulfilment exists and would take the merchant's one
 * handler of it. The decision itself lives in one place (`backorderHoldingDraft`).
 */
export const adminBackorderDraftGuardMiddlewares: MiddlewareRoute[] = [
  { method: ["DELETE"], matcher: "/admin/draft-orders/:id", middlewares: [refuseOnPendingBackorderDraft("delete")] },
  {
    method: ["POST"],
    matcher: "/admin/draft-orders/:id",
    middlewares: [refuseOnPendingBackorderDraft("owner", { when: changesDraftOwner })],
  },
  {
    method: ["POST"],
    matcher: "/admin/draft-orders/:id/convert-to-order",
    middlewares: [refuseOnPendingBackorderDraft("convert")],
  },
  { method: ["POST"], matcher: "/admin/draft-orders/:id/edit", middlewares: [refuseOnPendingBackorderDraft("edit")] },
  { method: ["POST"], matcher: "/admin/draft-orders/:id/edit/*", middlewares: [refuseOnPendingBackorderDraft("edit")] },
  { method: ["POST"], matcher: "/admin/order-edits", middlewares: [refuseOnPendingBackorderDraft("edit", { orderIdOf: orderIdInBody })] },
  { method: ["POST"], matcher: "/admin/claims", middlewares: [refuseOnPendingBackorderDraft("claim", { orderIdOf: orderIdInBody })] },
  { method: ["POST"], matcher: "/admin/exchanges", middlewares: [refuseOnPendingBackorderDraft("exchange", { orderIdOf: orderIdInBody })] },
  { method: ["POST"], matcher: "/admin/returns", middlewares: [refuseOnPendingBackorderDraft("return", { orderIdOf: orderIdInBody })] },
  { method: ["POST"], matcher: "/admin/orders/:id/cancel", middlewares: [refuseOnPendingBackorderDraft("cancel")] },
  { method: ["POST"], matcher: "/admin/orders/:id/fulfillments", middlewares: [refuseOnPendingBackorderDraft("fulfill")] },
  { method: ["POST"], matcher: "/admin/orders/:id/fulfillments/*", middlewares: [refuseOnPendingBackorderDraft("fulfill")] },
  ...["complete", "archive", "credit-lines", "transfer"].map(
    (action): MiddlewareRoute => ({
      method: ["POST"],
      matcher: `/admin/orders/:id/${action}`,
      middlewares: [refuseOnPendingBackorderDraft("change")],
    })
  ),
]
