import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import type { BackorderSettings } from "../../types"
import { publishBackorderSettingsChange } from "../../utils/backorder-settings"

export const updateBackorderSettingsStep = createStep(
  "update-backorder-settings",
  async (update: BackorderSettings, { container }) => {
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const previous = await backorderModule.retrieveSettings()
    const settings = await backorderModule.updateSettings(update)
    // only once the database holds it: a read in between then fills a version nobody reads
    try {
      await publishBackorderSettingsChange(container)
    } catch (error) {
      // a failing step is not compensated: put the old value back, or the cache would miss the change
      await backorderModule.updateSettings(previous)
      throw error
    }
    return new StepResponse(settings, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    await backorderModule.updateSettings(previous)
    await publishBackorderSettingsChange(container)
  }
)
