import { MedusaService } from "@medusajs/framework/utils"
import { BackorderSetting } from "./models/backorder-setting"
import { BackorderLine } from "./models/backorder-line"
import { Backorder } from "./models/backorder"

export const BACKORDER_SETTING_ID = "bos_store"

export type BackorderSettings = { enabled: boolean }

export const DEFAULT_BACKORDER_SETTINGS: BackorderSettings = { enabled: false }

/** Plugin options; Medusa hands a plugin's options to each of its modules. */
export type BackorderModuleOptions = {
  /** Where the storefront serves payment links; Medusa's dashboard defaults to the same URL. */
  storefront_url?: string
}

export const DEFAULT_STOREFRONT_URL = "http://localhost:8000"

class BackorderModuleService extends MedusaService({
  BackorderSetting,
  BackorderLine,
  Backorder,
}) {
  protected readonly options_: BackorderModuleOptions

  constructor(container: Record<string, unknown>, options: BackorderModuleOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = options ?? {}
  }

  getStorefrontUrl(): string {
    return (this.options_.storefront_url || DEFAULT_STOREFRONT_URL).replace(/\/+$/, "")
  }

  async retrieveSettings(): Promise<BackorderSettings> {
    const [setting] = await this.listBackorderSettings(
      { id: BACKORDER_SETTING_ID },
      { take: 1 }
    )
    return setting ? { enabled: setting.enabled } : { ...DEFAULT_BACKORDER_SETTINGS }
  }

  async updateSettings(update: BackorderSettings): Promise<BackorderSettings> {
    if (!(await this.hasSettingsRow())) {
      try {
        const created = await this.createBackorderSettings({ id: BACKORDER_SETTING_ID, ...update })
        return { enabled: created.enabled }
      } catch (error) {
        // Two first writes can race to create the single row; the loser updates it instead.
        if (!(await this.hasSettingsRow())) {
          throw error
        }
      }
    }
    const saved = await this.updateBackorderSettings({ id: BACKORDER_SETTING_ID, ...update })
    return { enabled: saved.enabled }
  }

  private async hasSettingsRow(): Promise<boolean> {
    const [, count] = await this.listAndCountBackorderSettings({ id: BACKORDER_SETTING_ID }, { take: 1 })
    return count > 0
  }
}

export default BackorderModuleService
