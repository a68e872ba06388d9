import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { buildBackorderNoticesStep, type BuildBackorderNoticesInput } from "./steps/build-backorder-notices"
import { sendBackorderNoticesStep } from "./steps/send-backorder-notices"

export type NotifyBackorderInput = BuildBackorderNoticesInput

/**
 * One notice of a back order (placed, ready, payment link, charged, canceled, ship date changed)
 * to its customer and, for some kinds, to the admin's feed, through Medusa's Notification Module;
 * sent once per back order, kind and audience however often it runs (src/utils/backorder-notices.ts).
 * Output: the ids of the notifications sent by this run.
 */
export const notifyBackorderWorkflow = createWorkflow("notify-backorder", (input: NotifyBackorderInput) => {
  const notifications = buildBackorderNoticesStep(input)
  return new WorkflowResponse(sendBackorderNoticesStep(notifications))
})
