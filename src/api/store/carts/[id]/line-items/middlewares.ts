import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import type { HttpTypes } from "@medusajs/framework/types"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { decideLineItemRequest, type LineItemRequest } from "../../../../../utils/backorder-decision"
import { addToCartWithBackorderWorkflow } from "../../../../../workflows/add-to-cart-with-backorder"
import { backorderQuestionStatus } from "../../backorder-question-status"
import { isLockTimeout, respondCartLocked } from "../../lock-conflict"
import { backorderConfirmationRequired, backorderLimitReached, takeBackorderAnswer } from "./backorder-request"

/*
 * These run on Medusa's own line-item routes, after core validated the body and the
 * query, and before core's handler: falling through with next() is Medusa's behaviour,
 * changing req.validatedBody changes what core does.
 */

async function backorderOnAddToCart(
  req: MedusaRequest<HttpTypes.StoreAddCartLineItem>,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  const body = req.validatedBody
  const answer = takeBackorderAnswer(body)
  return answerLineItemRequest(req, res, next, body, {
    cart_id: req.params.id,
    variant_id: body.variant_id,
    quantity: body.quantity,
    answer,
  })
}

async function backorderOnUpdateLineItem(
  req: MedusaRequest<HttpTypes.StoreUpdateCartLineItem>,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  const body = req.validatedBody
  const answer = takeBackorderAnswer(body)
  return answerLineItemRequest(req, res, next, body, {
    cart_id: req.params.id,
    line_item_id: req.params.line_id,
    quantity: body.quantity,
    answer,
  })
}

async function answerLineItemRequest(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction,
  body: HttpTypes.StoreUpdateCartLineItem,
  request: LineItemRequest
) {
  const decision = await decideLineItemRequest(req.scope, request)
  switch (decision.action) {
    case "core":
      return next()
    case "prompt":
      return res.status(backorderQuestionStatus(req)).json(backorderConfirmationRequired(decision.shortfall))
    case "limit_reached":
      return res.status(backorderQuestionStatus(req)).json(backorderLimitReached(decision.shortfall, decision.message))
    case "decline":
      // nothing to add: Medusa validates the add route's quantity as positive (the update route takes 0: remove)
      if (!request.line_item_id && decision.quantity === 0) {
        return res.status(200).json({ cart: await refetchCart(request.cart_id, req.scope, req.queryConfig.fields) })
      }
      body.quantity = decision.quantity
      return next()
    case "accept":
      try {
        await addToCartWithBackorderWorkflow(req.scope).run({
          input: {
            cart_id: request.cart_id,
            variant_id: decision.variant_id,
            quantity: decision.quantity,
            metadata: body.metadata,
            line_item_id: request.line_item_id,
          },
        })
      } catch (error) {
        if (!isLockTimeout(error)) {
          throw error
        }
        return respondCartLocked(res)
      }
      return res.status(200).json({ cart: await refetchCart(request.cart_id, req.scope, req.queryConfig.fields) })
  }
}

export const storeCartLineItemBackorderMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/store/carts/:id/line-items",
    middlewares: [backorderOnAddToCart],
  },
  {
    method: ["POST"],
    matcher: "/store/carts/:id/line-items/:line_id",
    middlewares: [backorderOnUpdateLineItem],
  },
]
