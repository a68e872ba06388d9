import type { CreateNotificationDTO, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/**
 * Two instances (or a redelivered event) racing past the Notification Module's own check of an
 * idempotency key: its table holds the key unique, so the slower insert fails. That notice was sent.
 */
const isDuplicateNotice = (error: unknown) =>
  /idempotency_key|duplicate key|unique constraint|already exists/i.test(
    error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? "")
  )

/** A store with no provider for the channel (no e-mail provider yet): the notice is recorded as failed, not retried. */
const isChannelWithoutProvider = (error: unknown) =>
  /Could not find a notification provider for channel/.test(error instanceof Error ? error.message : String(error))

const warnedChannels = new Set<string>()

async function sendOnce(container: MedusaContainer, notification: CreateNotificationDTO): Promise<string | null> {
  const notifications = container.resolve(Modules.NOTIFICATION)
  try {
    const [sent] = await notifications.createNotifications([notification])
    return sent?.id ?? null
  } catch (error) {
    if (isDuplicateNotice(error)) {
      return null
    }
    if (isChannelWithoutProvider(error)) {
      // once per channel and process: a store without e-mail would otherwise log every notice
      if (!warnedChannels.has(notification.channel)) {
        warnedChannels.add(notification.channel)
        container
          .resolve(ContainerRegistrationKeys.LOGGER)
          .warn(
            `Back-order notices on the channel "${notification.channel}" are not sent: no notification provider serves it ` +
              "(register one in the Notification Module's options, or set the plugin's notification_channel)."
          )
      }
      return null
    }
    // a provider's failure: the event is retried, and the notices already sent are skipped then
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
