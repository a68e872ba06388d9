import type { MedusaRequest } from "@medusajs/framework/http"
import type { BackorderQuestionStatusHeader } from "../../../types"

export const BACKORDER_QUESTION_STATUS_HEADER = "x-backorder-question-status" satisfies BackorderQuestionStatusHeader

/**
 * The status of the plugin's two questions to the shopper (the prompt on add/update, stock
 * changed at completion): 409 by default, 200 when the client asks with
 * `x-backorder-question-status: 200`. Why: the JS SDK's `client.fetch` throws on any status
 * >= 300 and keeps only the body's `message`, so the storefront kit, whose requests go through
 * `client.fetch` (and so through a storefront's own wrapper: locale, headers), asks for 200 and
 * tells the question by the body's `type`.
 */
export function backorderQuestionStatus(req: MedusaRequest): 200 | 409 {
  return req.get(BACKORDER_QUESTION_STATUS_HEADER) === "200" ? 200 : 409
}
