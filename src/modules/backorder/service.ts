import type { Context } from "@medusajs/framework/types"
import { InjectManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import { BackorderSetting } from "./models/backorder-setting"
import { BackorderLine } from "./models/backorder-line"
import { Backorder, type BackorderStatus } from "./models/backorder"

/** Fields a status transition may write along with the status. */
export type BackorderTransitionData = {
  payment_collection_id?: string | null
  payment_link?: string | null
  charged_at?: Date | null
  canceled_at?: Date | null
}

export const BACKORDER_SETTING_ID = "bos_store"

export type BackorderSettings = { enabled: boolean }

export const DEFAULT_BACKORDER_SETTINGS: BackorderSettings = { enabled: false }

/** Plugin options; Medusa hands a plugin's options to each of its modules. */
export type BackorderModuleOptions = {
  /** Where the storefront serves payment links; Medusa's dashboard defaults to the same URL. */
  storefront_url?: string
  /** The most units one back-order line may hold (no shop sells billions on credit). */
  max_backorder_quantity?: number
  /** The highest shipping amount an admin may charge on one back order, in its currency. */
  max_shipping_amount?: number
}

export const DEFAULT_STOREFRONT_URL = "http://localhost:8000"
export const DEFAULT_MAX_BACKORDER_QUANTITY = 10_000
export const DEFAULT_MAX_SHIPPING_AMOUNT = 100_000

/** PostgreSQL's integer: Medusa stores reservation and inventory quantities in it. */
export const MAX_STORABLE_QUANTITY = 2_147_483_647

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

  /** Never above what PostgreSQL can store, whatever the option says. */
  getMaxBackorderQuantity(): number {
    const option = Number(this.options_.max_backorder_quantity)
    return Math.min(option > 0 ? Math.floor(option) : DEFAULT_MAX_BACKORDER_QUANTITY, MAX_STORABLE_QUANTITY)
  }

  getMaxShippingAmount(): number {
    const option = Number(this.options_.max_shipping_amount)
    return Number.isFinite(option) && option > 0 ? option : DEFAULT_MAX_SHIPPING_AMOUNT
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

  /**
   * Moves a back order from `from` to `to` in one conditional UPDATE (`WHERE status = from`).
   * Answers false when the back order was not in `from`: someone else moved it first. The
   * database decides, so this holds even when the locking provider does not span instances.
   * `undo`: a compensation moving it back, which applies even if the row was soft-deleted
   * meanwhile, so a restored back order is in the state it had before the failed run.
   */
  @InjectManager()
  async transitionBackorderStatus(
    id: string,
    from: BackorderStatus,
    to: BackorderStatus,
    data: BackorderTransitionData = {},
    { undo = false }: { undo?: boolean } = {},
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<boolean> {
    const knex = sharedContext.manager!.getKnex()
    const row = knex("backorder").where({ id, status: from })
    if (!undo) {
      row.whereNull("deleted_at")
    }
    const updated = await row.update({ ...data, status: to, updated_at: knex.fn.now() })
    return Number(updated) === 1
  }

  private async hasSettingsRow(): Promise<boolean> {
    const [, count] = await this.listAndCountBackorderSettings({ id: BACKORDER_SETTING_ID }, { take: 1 })
    return count > 0
  }
}

export default BackorderModuleService
