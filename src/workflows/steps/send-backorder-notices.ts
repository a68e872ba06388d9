import type { CreateNotificationDTO, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/**
 * Two instances (or a redelivered event) racing past the Notification Module's own check of an
 * idempotency key: its table holds the key unique, so the slower insert fails. That notice was sent.
 */
const isDuplicateNotice = (error: unknown) =>
  /idempotency_key|duplicate key|unique constraint|already exists/i.test(
    error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? "")
  )

async function sendOnce(container: MedusaContainer, notification: CreateNotificationDTO): Promise<string | null> {
  const notifications = container.resolve(Modules.NOTIFICATION)
  try {
    const [sent] = await notifications.createNotifications([notification])
    return sent?.id ?? null
  } catch (error) {
    if (isDuplicateNotice(error)) {
      return null
    }
    throw error
  }
}

/**
 * Hands the notices to Medusa's Notification Module, one by one, so a notice already sent (its
 * `idempotency_key`) never holds back the others. Answers the ids of those sent now. No
 * compensation: a sent notice can't be unsent, which is why this is the last step of its workflow.
 */
export const sendBackorderNoticesStep = createStep(
  "send-backorder-notices",
  async (notifications: CreateNotificationDTO[], { container }) => {
    const sent: string[] = []
    for (const notification of notifications) {
      const id = await sendOnce(container, notification)
      if (id) {
        sent.push(id)
      }
    }
    return new StepResponse(sent)
  }
)
