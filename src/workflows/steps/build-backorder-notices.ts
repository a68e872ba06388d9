import type { CreateNotificationDTO } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { backorderGuestToken, backorderGuestTokenSecret } from "../../utils/backorder-guest-token"
import {
  backorderNotifications,
  type BackorderNoticeContext,
  type BackorderNoticeKind,
} from "../../utils/backorder-notices"
import { retrieveBackorderView } from "../../utils/backorder-view"

export type BuildBackorderNoticesInput = BackorderNoticeContext & {
  backorder_id: string
  kind: BackorderNoticeKind
}

/**
 * The notifications of one notice, read from the back order as it is now (its items, amounts,
 * link). The placed notice carries the guest's signed link to the back order's page, where it can
 * be canceled. Writes nothing.
 */
export const buildBackorderNoticesStep = createStep(
  "build-backorder-notices",
  async ({ backorder_id, kind, ...context }: BuildBackorderNoticesInput, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const backorder = await retrieveBackorderView(container, backorder_id)
    const backorder_url =
      kind === "placed"
        ? `${backorderModule.getStorefrontUrl()}/backorders/${backorder.id}?token=${encodeURIComponent(
            backorderGuestToken(backorder.id, backorderGuestTokenSecret(container))
          )}`
        : context.backorder_url
    return new StepResponse<CreateNotificationDTO[]>(
      backorderNotifications(kind, backorder, { ...context, backorder_url }, backorderModule.getNoticeSettings())
    )
  }
)
