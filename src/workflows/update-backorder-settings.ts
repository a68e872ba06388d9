import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { BackorderSettings } from "../types"
import { updateBackorderSettingsStep } from "./steps/update-backorder-settings"

export const updateBackorderSettingsWorkflow = createWorkflow(
  "update-backorder-settings",
  (input: BackorderSettings) => {
    const settings = updateBackorderSettingsStep(input)
    return new WorkflowResponse(settings)
  }
)
