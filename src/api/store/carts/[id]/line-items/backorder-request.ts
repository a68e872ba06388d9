import { MedusaError } from "@medusajs/framework/utils"
import type { BackorderConfirmationRequired, BackorderLimitReached, BackorderShortfall } from "../../../../../types"
import { backorderPromptMessage } from "../../../../../utils/backorder-decision"
import {
  BACKORDER_ANSWER_KEY,
  reservedBackorderKeysIn,
  type BackorderAnswer,
  type LineMetadata,
} from "../../../../../utils/backorder-line"
import { StoreBackorderAnswer } from "./validators"

/**
 * Takes the shopper's answer out of the line's metadata, so it is never stored, and
 * refuses the keys the plugin writes on back-order lines.
 */
export function takeBackorderAnswer(body: { metadata?: LineMetadata | null }): BackorderAnswer | undefined {
  const metadata = body.metadata
  if (!metadata) {
    return undefined
  }
  const reserved = reservedBackorderKeysIn(metadata)
  if (reserved.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `metadata.${reserved[0]} is set by the store and can not be sent`
    )
  }
  if (!(BACKORDER_ANSWER_KEY in metadata)) {
    return undefined
  }
  const { [BACKORDER_ANSWER_KEY]: raw, ...rest } = metadata
  const answer = StoreBackorderAnswer.safeParse(raw)
  if (!answer.success) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, answer.error.issues[0].message)
  }
  body.metadata = rest
  return answer.data
}

/** The 409 that asks the shopper. */
export function backorderConfirmationRequired(shortfall: BackorderShortfall): BackorderConfirmationRequired {
  return {
    type: "backorder_confirmation_required",
    message: backorderPromptMessage(shortfall),
    backorder: shortfall,
  }
}

/** The 409 when the limits leave nothing to back order: the available units only. */
export function backorderLimitReached(shortfall: BackorderShortfall, message?: string): BackorderLimitReached {
  return {
    type: "backorder_limit_reached",
    message: message ?? backorderPromptMessage(shortfall),
    backorder: shortfall,
  }
}
