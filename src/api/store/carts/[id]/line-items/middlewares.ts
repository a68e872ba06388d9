import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import type { HttpTypes } from "@medusajs/framework/types"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import type { BackorderAnswer } from "../../../../../utils/backorder-line"
import { isLockTimeout, respondCartLocked } from "../../lock-conflict"
import { addToCartWithBackorderWorkflow } from "../../../../../workflows/add-to-cart-with-backorder"
import {
  backorderConfirmationRequired,
  decideBackorder,
  takeBackorderAnswer,
  type BackorderDecision,
} from "./backorder-request"

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
  const decision = await decideBackorder(req.scope, {
    cart_id: req.params.id,
    variant_id: body.variant_id,
    quantity: body.quantity,
  })
  return answerShortfall(req, res, next, { decision, answer, body })
}

async function backorderOnUpdateLineItem(
  req: MedusaRequest<HttpTypes.StoreUpdateCartLineItem>,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  const body = req.validatedBody
  const answer = takeBackorderAnswer(body)
  const decision = await decideBackorder(req.scope, {
    cart_id: req.params.id,
    line_item_id: req.params.line_id,
    quantity: body.quantity,
  })
  return answerShortfall(req, res, next, { decision, answer, body, line_item_id: req.params.line_id })
}

async function answerShortfall(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction,
  {
    decision,
    answer,
    body,
    line_item_id,
  }: {
    decision: BackorderDecision
    answer: BackorderAnswer | undefined
    body: HttpTypes.StoreUpdateCartLineItem
    line_item_id?: string
  }
) {
  if (decision.action === "core") {
    return next()
  }
  const { prompt } = decision
  if (!answer) {
    return res.status(409).json(backorderConfirmationRequired(prompt))
  }

  if (answer === "decline") {
    if (!line_item_id && prompt.available === 0) {
      return res.status(200).json({ cart: await refetchCart(req.params.id, req.scope, req.queryConfig.fields) })
    }
    body.quantity = prompt.available
    return next()
  }

  try {
    await addToCartWithBackorderWorkflow(req.scope).run({
      input: {
        cart_id: req.params.id,
        variant_id: decision.variant_id,
        quantity: prompt.requested,
        metadata: body.metadata,
        line_item_id,
      },
    })
  } catch (error) {
    if (!isLockTimeout(error)) {
      throw error
    }
    return respondCartLocked(res)
  }
  return res.status(200).json({ cart: await refetchCart(req.params.id, req.scope, req.queryConfig.fields) })
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
