import {
  prepareRetrieveQuery,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
} from "@medusajs/framework/http"
import { toPlacedBackorder } from "../../../../../utils/placed-backorder"
import { backorderQuestionStatus } from "../../backorder-question-status"
import { ContainerRegistrationKeys, MedusaError, Modules, TransactionState } from "@medusajs/framework/utils"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { defaultStoreCartFields } from "@medusajs/medusa/api/store/carts/query-config"
import { BACKORDER_MODULE } from "../../../../../modules/backorder"
import type BackorderModuleService from "../../../../../modules/backorder/service"
import type {
  BackorderLimitExceeded,
  BackorderPromotionsChanged,
  BackorderStockChanged,
  CompletedCartWithBackorder,
  PendingBackorderDraftOrder,
} from "../../../../../types"
import { isLockTimeout, respondCartLocked } from "../../lock-conflict"
import { completesThroughPlugin } from "../../../../../utils/backorder-checkout"
import {
  BACKORDER_PROMOTIONS_CHANGED_MESSAGE,
  completeCartWithBackordersWorkflowId,
  type CompleteCartWithBackordersWorkflowInput,
  type CompleteCartWithBackordersWorkflowOutput,
} from "../../../../../workflows/complete-cart-with-backorders"

/** Fields of the pending back order's draft order in the completion response. */
export const BACKORDER_DRAFT_ORDER_FIELDS = [
  "id",
  "display_id",
  "currency_code",
  "subtotal",
  "tax_total",
  "shipping_total",
  "total",
  "items.*",
  "items.tax_lines.*",
  "items.adjustments.*",
]

/** Medusa answers these with 200 and the cart, so the storefront can retry the payment. */
const PAYMENT_ERROR_TYPES: string[] = [
  MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
  MedusaError.Types.PAYMENT_REQUIRES_MORE_ERROR,
]

/**
 * Runs in front of Medusa's own `POST /store/carts/:id/complete`. Carts that can't hold
 * back-order lines go to Medusa's handler untouched; the others are completed by the plugin's
 * workflow, which runs Medusa's own completion under the cart lock, and answered in Medusa's
 * response shape (`backorder` added only when a back order was placed).
 */
export async function completeCartWithBackorders(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  try {
    const cartId = req.params.id
    if (!(await completesThroughPlugin(req.scope, cartId))) {
      return next()
    }
    await respondWithBackorderCompletion(req, res, cartId)
  } catch (error) {
    // errors keep Medusa's shape: its error handler sits behind next()
    next(error)
  }
}

async function respondWithBackorderCompletion(req: MedusaRequest, res: MedusaResponse, cartId: string) {

  const workflowEngine = req.scope.resolve(Modules.WORKFLOW_ENGINE)
  const { errors, result, transaction } = await workflowEngine.run(completeCartWithBackordersWorkflowId, {
    input: { cart_id: cartId } satisfies CompleteCartWithBackordersWorkflowInput,
    throwOnError: false,
  })

  if (!transaction.hasFinished()) {
    throw new MedusaError(MedusaError.Types.CONFLICT, "Cart is already being completed by another request")
  }

  // Not `errors.length`: the steps after payment authorisation may fail without failing the run
  // (continueOnPermanentFailure), and their errors are still listed; the order stands then.
  const failed = [TransactionState.FAILED, TransactionState.REVERTED].includes(transaction.getState())
  if (failed) {
    const error = errors?.[0]?.error ?? new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "The cart could not be completed")
    if (isLockTimeout(error)) {
      return respondCartLocked(res)
    }
    if (!PAYMENT_ERROR_TYPES.includes(error?.type)) {
      throw error
    }
    // the rollback has put the back-order lines back, so the cart is shown as the shopper left it
    const cartQuery = await prepareRetrieveQuery({}, { defaults: defaultStoreCartFields }, req)
    const cart = await refetchCart(cartId, req.scope, cartQuery.remoteQueryConfig.fields)
    res.status(200).json({
      type: "cart",
      cart,
      error: { message: error.message, name: error.name, type: error.type },
    })
    return
  }

  if (errors?.length) {
    const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
    for (const { action, error } of errors) {
      logger.warn(`Cart ${cartId} completed, but ${action} failed after payment: ${error?.message}`)
    }
  }

  const outcome: CompleteCartWithBackordersWorkflowOutput = result
  if (outcome.stock_changed.length) {
    const stockChanged: BackorderStockChanged = {
      type: "backorder_stock_changed",
      message: outcome.stock_changed_message ?? "",
      items: outcome.stock_changed,
    }
    res.status(backorderQuestionStatus(req)).json(stockChanged)
    return
  }
  if (outcome.limit_exceeded?.length) {
    const limitExceeded: BackorderLimitExceeded = {
      type: "backorder_limit_exceeded",
      message: outcome.limit_exceeded_message ?? "",
      items: outcome.limit_exceeded,
    }
    res.status(backorderQuestionStatus(req)).json(limitExceeded)
    return
  }
  if (outcome.promotions_changed) {
    const promotionsChanged: BackorderPromotionsChanged = {
      type: "backorder_promotions_changed",
      message: BACKORDER_PROMOTIONS_CHANGED_MESSAGE,
    }
    res.status(backorderQuestionStatus(req)).json(promotionsChanged)
    return
  }

  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const backorderModule = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const backorder = outcome.backorder_id ? await backorderModule.retrieveBackorder(outcome.backorder_id) : null

  const [{ data: orders }, draftOrders] = await Promise.all([
    query.graph({ entity: "order", fields: req.queryConfig.fields, filters: { id: outcome.order_id ?? "" } }),
    backorder
      ? query
          .graph({ entity: "order", fields: BACKORDER_DRAFT_ORDER_FIELDS, filters: { id: backorder.draft_order_id } })
          .then(({ data }) => data)
      : Promise.resolve([]),
  ])

  // query.graph answers untyped rows: these are the shapes the fields asked for
  const [order]: CompletedCartWithBackorder["order"][] = orders
  const [draftOrder]: PendingBackorderDraftOrder[] = draftOrders
  const completed: CompletedCartWithBackorder = {
    type: "order",
    order,
    ...(backorder && {
      backorder: toPlacedBackorder(req.scope, backorder, draftOrder ?? null),
    }),
  }
  res.status(200).json(completed)
}
