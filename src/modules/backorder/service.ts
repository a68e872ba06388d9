import type { Context } from "@medusajs/framework/types"
import { InjectManager, MedusaContext, MedusaError, MedusaService } from "@medusajs/framework/utils"
import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import { BackorderSetting } from "./models/backorder-setting"
import { BackorderLine } from "./models/backorder-line"
import { Backorder } from "./models/backorder"
import { OversoldLine } from "./models/oversold-line"
import { VariantBackorderSetting } from "./models/variant-backorder-setting"
import { BackorderItem } from "./models/backorder-item"
import type { BackorderSettings } from "../../types"
import { OUTSTANDING_BACKORDER_STATUSES, type BackorderStatus } from "./statuses"
import {
  DEFAULT_NOTICE_CHANNEL,
  DEFAULT_NOTICE_TEMPLATES,
  type BackorderNoticeKind,
  type BackorderNoticeSettings,
} from "../../utils/backorder-notices"
import { CLAIM_STATUSES, claimStaleBefore, isClaimStatus, type ClaimStatus } from "./claims"

export { BACKORDER_STATUSES, PLACED_BACKORDER_STATUS, type BackorderStatus } from "./statuses"
export {
  CLAIM_STATUSES,
  claimStaleBefore,
  isClaimStale,
  isClaimStatus,
  recoveryOfClaim,
  type ClaimBooks,
  type ClaimRecovery,
  type ClaimStatus,
} from "./claims"

/*
 * ---- The back order's status machine ----
 *
 * Every status change is one of these transitions, made by `transitionBackorder` in one
 * conditional UPDATE (`WHERE status = from`): of two concurrent runs only one moves the back
 * order, whatever the locking provider, because the database decides. The claims (`charging`,
 * `canceling`) are taken that way before anything irreversible happens; they carry their time
 * (`claimed_at`), so a claim left by a run that died can be recovered (`recover-backorder-claim`,
 * and `claims.ts` for its rules).
 */
export const BACKORDER_TRANSITIONS = {
  /** The stock on hand now covers it, after everything ahead of it (src/utils/backorder-readiness.ts). */
  become_ready: { from: ["pending"], to: "ready" },
  /** The stock fell (a count, a loss) and no longer covers it: back in line. */
  become_pending: { from: ["ready"], to: "pending" },
  /**
   * An admin's charge starts: a pending or ready back order, or one whose saved card was refused
   * (charged again: with the card, by its link, or by a recorded payment).
   */
  claim_charge: { from: ["pending", "ready", "payment_failed"], to: "charging" },
  /**
   * A cancel starts (an admin's, or the customer's own): a pending or ready back order, or one
   * awaiting its payment link (its draft is still a draft until the link is paid, and Medusa's
   * screens are guarded for it).
   */
  claim_cancel: { from: ["pending", "ready", "awaiting_payment", "payment_failed"], to: "canceling" },
  /**
   * The customer's own cancel starts: only while nothing is charged nor being charged (a back
   * order awaiting its payment link is the admin's to cancel).
   */
  claim_customer_cancel: { from: ["pending", "ready"], to: "canceling" },
  /** The charge recorded a payment the admin took (terminal, phone). */
  record_payment: { from: ["charging"], to: "charged", stamp: "charged_at" },
  /** The charge opened a payment link for the shopper. */
  send_payment_link: { from: ["charging"], to: "awaiting_payment" },
  /** The saved card was authorised off-session; its capture follows in the same run. */
  charge_saved_card: { from: ["charging"], to: "charged", stamp: "charged_at" },
  /** The saved card's bank answered "later" (pending): the provider's webhook settles it. */
  await_saved_card: { from: ["charging"], to: "awaiting_payment" },
  /** The saved card was refused: a payment link went to the customer instead. */
  fail_payment: { from: ["charging"], to: "payment_failed" },
  /**
   * The payment link's (or a pending card's) payment was captured, and the draft converted into
   * an order; a link sent after a refused card is paid from `payment_failed`.
   */
  settle_payment_link: { from: ["awaiting_payment", "payment_failed"], to: "charged", stamp: "charged_at" },
  /** The cancel canceled the draft order. */
  cancel: { from: ["canceling"], to: "canceled", stamp: "canceled_at" },
  /** The draft order, or the order it became, was canceled outside the plugin. */
  close_canceled_order: { from: ["pending", "ready", "awaiting_payment", "payment_failed"], to: "canceled", stamp: "canceled_at" },
  /**
   * Recovery of a dead run's claim whose books show nothing irreversible: the draft is still a
   * draft (see `recoveredStatus`), so the back order can be charged or canceled again. Back in
   * line as pending: the next readiness check makes it ready again if the stock covers it.
   */
  release_claim: { from: ["charging", "canceling"], to: "pending" },
  /** Recovery of a dead charge whose draft, or the order it became, was canceled meanwhile. */
  close_canceled_claim: { from: ["charging"], to: "canceled", stamp: "canceled_at" },
} as const satisfies Record<string, { from: readonly BackorderStatus[]; to: BackorderStatus; stamp?: "charged_at" | "canceled_at" }>

export type BackorderTransition = keyof typeof BACKORDER_TRANSITIONS


/**
 * While a back order is in one of these, its draft order belongs to the plugin's flow. A back
 * order awaiting its payment link keeps its draft until the link is paid (the settlement
 * converts it), so Medusa's screens must not convert, edit, ship or cancel it meanwhile.
 */
export const DRAFT_HELD_STATUSES: readonly BackorderStatus[] = [
  "pending",
  "ready",
  "charging",
  "canceling",
  "awaiting_payment",
  "payment_failed",
]

/** The statuses a transition starts from (a read that looks for back orders it can make). */
export const statusesBefore = (transition: BackorderTransition): BackorderStatus[] => [
  ...BACKORDER_TRANSITIONS[transition].from,
]

/** Fields a transition may write along with the status (its timestamp is written by the service). */
export type BackorderTransitionData = {
  payment_collection_id?: string | null
  payment_link?: string | null
  payment_failure_reason?: string | null
}

type BackorderTransitionFields = BackorderTransitionData & {
  charged_at?: Date | null
  canceled_at?: Date | null
  claimed_at?: Date | null
}

/** A transition that was made, with what the undo needs: the status it left and the fields it wrote. */
export type BackorderTransitionMade = {
  id: string
  transition: BackorderTransition
  from: BackorderStatus
  fields: (keyof BackorderTransitionFields)[]
}

/*
 * ---- The plugin's locks (Medusa's Locking module) ----
 *
 * They hold across server instances only with a shared locking provider (Redis or Postgres);
 * irreversible transitions are claimed in the database as well (above). `timeout`: how long a
 * request waits for the lock, `ttl`: how long a lock lives if its holder dies (seconds).
 *
 * Leases: a lock lives LOCK_TTL seconds and the process holding it renews it every
 * `lockRenewalIntervalMs(ttl)` while its work runs (src/utils/backorder-locks.ts), so a lock
 * outlives the process that died holding it by at most LOCK_TTL seconds, however long live work
 * takes. An expired lock is taken over by the next acquire: natively on the in-memory and Redis
 * providers, by the plugin on locking-postgres (which in 2.21 never takes over another owner's row).
 */
export type BackorderLockTiming = { timeout: number; ttl: number }

export type BackorderLockTimings = {
  /** Checkout's lock on the cart. */
  cart_completion: BackorderLockTiming
  /** Charge, cancel and a payment link's settlement of one back order. */
  backorder: BackorderLockTiming
  /**
   * Stock of one inventory item, from checkout's re-check until its units are reserved. Waits
   * twice as long as the cart lock, and never less than with the default (60 s): completions of
   * one variant queue behind each other by design, however briefly one cart's checkout waits.
   */
  stock: BackorderLockTiming
}

/** The default of the `lock_timeout` option, as Medusa's own cart completion waits. */
export const DEFAULT_LOCK_TIMEOUT = 30

/**
 * Seconds a lock lives past its holder's last renewal: what a retry waits after the holder was
 * killed. Two renewals may be missed (a busy event loop, a slow provider) before it lapses.
 */
export const LOCK_TTL = 8

/** A held lock is renewed three times per lifetime (Redis's own `execute` lease does the same). */
export const lockRenewalIntervalMs = (ttlSeconds: number) => Math.max(Math.floor((ttlSeconds * 1000) / 3), 100)

/**
 * The longest one run renews a lock (seconds): a run that never reaches its release (a bug, a
 * hung provider call) frees its keys LOCK_TTL seconds after this, instead of holding them while
 * its process lives.
 */
export const LOCK_MAX_HOLD = 600

/** The cart's lock is the cart id itself, the key Medusa's own cart workflows lock, so the two exclude each other. */
export const cartLockKey = (cartId: string) => cartId

/** Charge, cancel and payment settlement of one back order share its id as their key. */
export const backorderLockKey = (backorderId: string) => backorderId

/**
 * Namespaced: Medusa's reserveInventoryStep locks the raw inventory item ids inside the
 * completion this lock spans, so the raw id would deadlock.
 */
export const stockLockKey = (inventoryItemId: string) => `backorder:stock:${inventoryItemId}`

/** One key per inventory item, sorted, so any two carts take shared keys in the same order. */
export const stockLockKeys = (inventoryItemIds: Iterable<string>) =>
  [...new Set(inventoryItemIds)].sort().map(stockLockKey)

/** A change of the cart's lines or pricing context: the wait of Medusa's own cart workflows. */
export const CART_CHANGE_LOCK: BackorderLockTiming = { timeout: 2, ttl: LOCK_TTL }

/**
 * Paying one back order's payment link from the storefront: the payment collection's id,
 * namespaced, so two clicks on "Pay" authorise one session and capture once. Not the back
 * order's id: the settlement that the capture triggers takes that one.
 */
export const LINK_PAYMENT_LOCK: BackorderLockTiming = { timeout: 10, ttl: LOCK_TTL }

export const linkPaymentLockKey = (paymentCollectionId: string) => `backorder:link-payment:${paymentCollectionId}`

/**
 * The readiness check: one at a time in the whole application (every instance), so two checks of
 * one variant's line never write what each read of an older stock. It waits as long as a stock
 * lock: every restock queues one check.
 */
export const READINESS_LOCK_KEY = "backorder:readiness"

export const BACKORDER_SETTING_ID = "bos_store"

export const DEFAULT_BACKORDER_SETTINGS: BackorderSettings = { enabled: false }

/** Plugin options; Medusa hands a plugin's options to each of its modules. */
export type BackorderModuleOptions = {
  /** Where the storefront serves payment links; Medusa's dashboard defaults to the same URL. */
  storefront_url?: string
  /** The most units one back-order line may hold (no shop sells billions on credit). */
  max_backorder_quantity?: number
  /** The highest shipping amount an admin may charge on one back order, in its currency. */
  max_shipping_amount?: number
  /**
   * Seconds a checkout waits for its cart's lock, and a charge, cancel or payment settlement for
   * its back order's lock, before answering 409 (default 30). The stock locks wait twice as long,
   * and at least 60 s.
   */
  lock_timeout?: number
  /**
   * `false`: the plugin does not register its handler on Medusa's `completeCartWorkflow.hooks.validate`
   * (a hook takes one handler per application); the merchant's own handler calls the exported
   * `refuseCoreCompletionOfBackorderLines` instead. Default `true`.
   */
  complete_cart_validate_hook?: boolean
  /**
   * `false`: the plugin does not register its handler on Medusa's
   * `updateCartPromotionsWorkflow.hooks.setPromotionContext` (one handler per application); the
   * merchant's own handler spreads the exported `promotionContextWithoutBackorderLines` into its
   * answer instead, or back-ordered units count toward promotion rules. Default `true`.
   */
  promotion_context_hook?: boolean
  /**
   * `false`: the plugin does not register its handler on Medusa's
   * `completeCartWorkflow.hooks.beforePaymentAuthorization` (one handler per application), and
   * its checkout holds the stock locks of the cart's backorderable items from its re-check until
   * Medusa's completion has returned, payment authorisation included: correct, but completions of
   * one variant then wait for each other's payment. Default `true`: the plugin's handler gives the
   * stock locks back there, after Medusa's reservations and before the payment is authorised.
   */
  before_payment_authorization_hook?: boolean
  /**
   * Payment providers whose payment of a payment link is captured by the plugin's pay route,
   * because their authorisation means the money is there (a card gateway). Default: every
   * provider except Medusa's manual `pp_system_default`, which authorises anything without
   * money moving; its payments wait for the merchant's capture.
   */
  payment_link_capture_providers?: string[]
  /**
   * The most units of one variant that one shopper (an e-mail, or a customer) may have
   * outstanding on back order, over all their back orders (default 100).
   */
  max_outstanding_per_customer?: number
  /**
   * `false`: back orders stay pending until an admin charges them; stock changes never make them
   * ready (src/utils/backorder-readiness.ts), and no "ready" notices go out. Default `true`.
   */
  ready_on_restock?: boolean
  /** The channel of the customer's notices (default `email`); the merchant's provider for it sends them. */
  notification_channel?: string
  /**
   * The customer's notice templates by kind; defaults: `backorder-placed`, `backorder-ready`,
   * `backorder-payment-link`, `backorder-charged`, `backorder-canceled`, `backorder-ships-on-changed`,
   * `backorder-payment-failed`.
   */
  notification_templates?: Partial<Record<BackorderNoticeKind, string>>
  /** `false`: customers can't cancel their own back orders (logged in, or a guest's link). Default `true`. */
  customer_cancel?: boolean
  /**
   * Payment providers whose cards are kept at checkout and charged off-session later, by provider
   * id (see SavedCardProvider). Default: Stripe's card provider (`DEFAULT_SAVED_CARD_PROVIDERS`).
   * `{}` keeps no cards: every back order is charged by a recorded payment or a link.
   */
  saved_card_providers?: Record<string, SavedCardProvider>
}

/**
 * How one provider keeps a card and charges it later; both are the payment session's `data`,
 * whose keys each provider names its own way (so they are options, not code).
 */
export type SavedCardProvider = {
  /** Merged into the checkout's payment session when the cart holds back-order lines and a customer is logged in. */
  checkout_data: Record<string, unknown>
  /**
   * The back order's own session when its saved card is charged; the saved method's id is added
   * as `data.payment_method` (Stripe's key).
   */
  charge_data: Record<string, unknown>
}

/**
 * Stripe's card provider: `setup_future_usage: "off_session"` attaches the card to the Stripe
 * customer (Medusa's account holder) at checkout; the charge confirms a PaymentIntent off-session
 * with that card, captured by the plugin after the authorisation (`capture_method: "manual"`).
 */
export const DEFAULT_SAVED_CARD_PROVIDERS: Record<string, SavedCardProvider> = {
  pp_stripe_stripe: {
    checkout_data: { setup_future_usage: "off_session" },
    charge_data: { off_session: true, confirm: true, capture_method: "manual" },
  },
}

/** A variant's back-order rules as the plugin reads them (no row: all null). */
export type VariantBackorderRule = {
  variant_id: string
  /** null: no limit; 0: no back orders. */
  limit: number | null
  ships_on: Date | null
  message: string | null
}

/** The rule's stored row, as a variant query reads it through the read-only link. */
export type VariantBackorderSettingRow = {
  unit_limit?: number | null
  ships_on?: Date | string | null
  message?: string | null
} | null

/** The fields of the rule a variant query reads (prefix them with the path to the variant). */
export const VARIANT_RULE_FIELDS = [
  "variant_backorder_setting.unit_limit",
  "variant_backorder_setting.ships_on",
  "variant_backorder_setting.message",
]

export const variantRuleOf = (variantId: string, row: VariantBackorderSettingRow | undefined): VariantBackorderRule => ({
  variant_id: variantId,
  limit: row?.unit_limit ?? null,
  ships_on: row?.ships_on ? new Date(row.ships_on) : null,
  message: row?.message ?? null,
})

/** Units outstanding on back order of one variant: in the store, and of one shopper. */
export type OutstandingUnits = { all: number; shopper: number }

/** Who placed a back order, as the per-shopper limit tells shoppers apart. */
export type BackorderShopper = { email?: string | null; customer_id?: string | null }

/** Medusa's manual provider: it authorises every session, no money moves. */
export const MANUAL_PAYMENT_PROVIDER_ID = "pp_system_default"

/** Whether a payment link's payment with this provider is captured (see `payment_link_capture_providers`). */
export const capturesLinkPayment = (providerId: string | null | undefined, captureProviders?: string[]): boolean =>
  !!providerId && (Array.isArray(captureProviders) ? captureProviders.includes(providerId) : providerId !== MANUAL_PAYMENT_PROVIDER_ID)

export const DEFAULT_STOREFRONT_URL = "http://localhost:8000"
export const DEFAULT_MAX_BACKORDER_QUANTITY = 10_000
export const DEFAULT_MAX_SHIPPING_AMOUNT = 100_000
export const DEFAULT_MAX_OUTSTANDING_PER_CUSTOMER = 100

/** PostgreSQL's integer: Medusa stores reservation and inventory quantities in it. */
export const MAX_STORABLE_QUANTITY = 2_147_483_647

class BackorderModuleService extends MedusaService({
  BackorderSetting,
  BackorderLine,
  Backorder,
  OversoldLine,
  VariantBackorderSetting,
  BackorderItem,
}) {
  protected readonly options_: BackorderModuleOptions

  constructor(container: Record<string, unknown>, options: BackorderModuleOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = options ?? {}
  }

  /** Whether the plugin takes `completeCartWorkflow.hooks.validate` (the `complete_cart_validate_hook` option). */
  registersCompleteCartValidateHook(): boolean {
    return this.options_.complete_cart_validate_hook !== false
  }

  /** Whether the plugin takes `completeCartWorkflow.hooks.beforePaymentAuthorization` (the `before_payment_authorization_hook` option). */
  registersBeforePaymentAuthorizationHook(): boolean {
    return this.options_.before_payment_authorization_hook !== false
  }

  /** Whether the plugin takes `updateCartPromotionsWorkflow.hooks.setPromotionContext` (the `promotion_context_hook` option). */
  registersPromotionContextHook(): boolean {
    return this.options_.promotion_context_hook !== false
  }

  /** Whether stock changes move back orders between pending and ready (the `ready_on_restock` option). */
  movesBackordersToReady(): boolean {
    return this.options_.ready_on_restock !== false
  }

  /** The customer notices' channel and templates (the `notification_channel` and `notification_templates` options). */
  getNoticeSettings(): BackorderNoticeSettings {
    const templates = { ...DEFAULT_NOTICE_TEMPLATES }
    for (const [kind, template] of Object.entries(this.options_.notification_templates ?? {})) {
      if (kind in templates && typeof template === "string" && template) {
        templates[kind as BackorderNoticeKind] = template
      }
    }
    return { channel: this.options_.notification_channel || DEFAULT_NOTICE_CHANNEL, templates }
  }

  /** Whether customers may cancel their own back orders (the `customer_cancel` option). */
  allowsCustomerCancel(): boolean {
    return this.options_.customer_cancel !== false
  }

  /** Whether a payment link's payment with this provider is captured (the `payment_link_capture_providers` option). */
  capturesLinkPaymentsOf(providerId: string | null | undefined): boolean {
    return capturesLinkPayment(providerId, this.options_.payment_link_capture_providers)
  }

  getStorefrontUrl(): string {
    return (this.options_.storefront_url || DEFAULT_STOREFRONT_URL).replace(/\/+$/, "")
  }

  /** Never above what PostgreSQL can store, whatever the option says. */
  getMaxBackorderQuantity(): number {
    const option = Number(this.options_.max_backorder_quantity)
    return Math.min(option > 0 ? Math.floor(option) : DEFAULT_MAX_BACKORDER_QUANTITY, MAX_STORABLE_QUANTITY)
  }

  /** The `max_outstanding_per_customer` option: a whole number of units, 0 allowed (no back orders per shopper). */
  getMaxOutstandingPerCustomer(): number {
    const option = Number(this.options_.max_outstanding_per_customer)
    return this.options_.max_outstanding_per_customer != null && Number.isFinite(option) && option >= 0
      ? Math.floor(option)
      : DEFAULT_MAX_OUTSTANDING_PER_CUSTOMER
  }

  getMaxShippingAmount(): number {
    const option = Number(this.options_.max_shipping_amount)
    return Number.isFinite(option) && option > 0 ? option : DEFAULT_MAX_SHIPPING_AMOUNT
  }

  /** How the provider keeps cards and charges them later (`saved_card_providers`); undefined: it keeps none. */
  getSavedCardProvider(providerId: string | null | undefined): SavedCardProvider | undefined {
    const providers = this.options_.saved_card_providers ?? DEFAULT_SAVED_CARD_PROVIDERS
    return providerId ? providers[providerId] : undefined
  }

  /**
   * Counts one more charge of the back order's saved card and answers its number, in one UPDATE:
   * the provider's idempotency key. Never undone: an attempt the provider saw keeps its key spent,
   * so a charge after a rolled-back one is a new request to the bank, not a replay of the old one.
   */
  @InjectManager()
  async countSavedCardAttempt(id: string, @MedusaContext() sharedContext: Context<EntityManager> = {}): Promise<number> {
    const knex = sharedContext.manager!.getKnex()
    const rows = await knex("backorder")
      .where({ id })
      .increment("payment_attempts", 1)
      .returning("payment_attempts")
    const row = (rows as { payment_attempts: number }[])[0]
    if (!row) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Back order with id: ${id} was not found`)
    }
    return Number(row.payment_attempts)
  }

  /** How long the plugin's checkout and back-order locks wait and live (the `lock_timeout` option). */
  getLockTimings(): BackorderLockTimings {
    const option = Number(this.options_.lock_timeout)
    const timeout = Number.isFinite(option) && option > 0 ? option : DEFAULT_LOCK_TIMEOUT
    return {
      cart_completion: { timeout, ttl: LOCK_TTL },
      backorder: { timeout, ttl: LOCK_TTL },
      stock: { timeout: Math.max(timeout, DEFAULT_LOCK_TIMEOUT) * 2, ttl: LOCK_TTL },
    }
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
   * Makes a transition (see BACKORDER_TRANSITIONS), writing its timestamp and `data` with the
   * status. `from`: the status the caller read, for a transition that starts from several (by
   * default its first).
   * Answers what the undo needs, or null when the back order was not in `from`: someone else
   * moved it first.
   */
  async transitionBackorder(
    id: string,
    transition: BackorderTransition,
    { from, data = {} }: { from?: BackorderStatus; data?: BackorderTransitionData } = {},
    sharedContext: Context<EntityManager> = {}
  ): Promise<BackorderTransitionMade | null> {
    const rule: { from: readonly BackorderStatus[]; to: BackorderStatus; stamp?: "charged_at" | "canceled_at" } =
      BACKORDER_TRANSITIONS[transition]
    // without `from`, a transition starts from its first status (a cancel's claim: pending)
    const start = from ?? rule.from[0]
    if (!start || !rule.from.includes(start)) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `A back order's ${transition} starts from ${rule.from.join(" or ")}, not ${from ?? "an unknown status"}`
      )
    }
    const fields: BackorderTransitionFields = { ...data, ...(rule.stamp && { [rule.stamp]: new Date() }) }
    const moved = await this.transitionBackorderStatus(id, start, rule.to, fields, {}, sharedContext)
    return moved
      ? { id, transition, from: start, fields: Object.keys(fields) as (keyof BackorderTransitionFields)[] }
      : null
  }

  /**
   * The compensation of a transition: moves the back order back and clears the fields the
   * transition wrote (each is written once in a back order's life, empty before). It applies even
   * if the row was soft-deleted meanwhile, so a restored back order is in the state it had
   * before the failed run.
   */
  async undoBackorderTransition(
    made: BackorderTransitionMade,
    sharedContext: Context<EntityManager> = {}
  ): Promise<boolean> {
    const cleared = Object.fromEntries(made.fields.map((field) => [field, null]))
    const to = BACKORDER_TRANSITIONS[made.transition].to
    return this.transitionBackorderStatus(made.id, to, made.from, cleared, { undo: true }, sharedContext)
  }

  /**
   * The one conditional UPDATE behind every transition (`WHERE status = from`); refuses a move
   * that is no transition (or, with `undo`, no transition's reverse). Answers false when the
   * back order was not in `from`.
   */
  @InjectManager()
  async transitionBackorderStatus(
    id: string,
    from: BackorderStatus,
    to: BackorderStatus,
    data: BackorderTransitionFields = {},
    { undo = false }: { undo?: boolean } = {},
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<boolean> {
    if (!isBackorderTransition(undo ? to : from, undo ? from : to)) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `A back order can't move from ${from} to ${to}${undo ? " (undo)" : ""}`
      )
    }
    const knex = sharedContext.manager!.getKnex()
    const row = knex("backorder").where({ id, status: from })
    if (!undo) {
      row.whereNull("deleted_at")
    }
    const updated = await row.update({ ...data, ...claimTimeOf(from, to), status: to, updated_at: knex.fn.now() })
    return Number(updated) === 1
  }

  /**
   * A claim is stale once it is older than one lifetime of the back order's lock. A live run
   * keeps renewing that lock and recovery takes it first, so recovery never retakes a live claim.
   */
  getClaimLifetime(): number {
    return this.getLockTimings().backorder.ttl
  }

  /**
   * Recovery's own claim on a dead run's claim: one conditional UPDATE that re-stamps
   * `claimed_at` only while the claim is still `status` and stale, so of two recoveries (two
   * instances of the job, the job and an admin's Retry) exactly one goes on. Answers the time it
   * wrote (what `giveBackStaleClaim` needs), or null when the claim was fresh or had moved.
   */
  @InjectManager()
  async retakeStaleClaim(
    id: string,
    status: ClaimStatus,
    now: Date = new Date(),
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Date | null> {
    const knex = sharedContext.manager!.getKnex()
    const staleBefore = claimStaleBefore(now, this.getClaimLifetime())
    const updated = await knex("backorder")
      .where({ id, status })
      .whereNull("deleted_at")
      .andWhere((claim) => claim.whereNull("claimed_at").orWhere("claimed_at", "<", staleBefore))
      .update({ claimed_at: now, updated_at: knex.fn.now() })
    return Number(updated) === 1 ? now : null
  }

  /** Ids of back orders whose claim is stale (oldest first): what the recovery job works on. */
  @InjectManager()
  async listStaleClaimIds(
    now: Date = new Date(),
    limit = 100,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<string[]> {
    const knex = sharedContext.manager!.getKnex()
    const staleBefore = claimStaleBefore(now, this.getClaimLifetime())
    const rows: { id: string }[] = await knex("backorder")
      .select("id")
      .whereIn("status", [...CLAIM_STATUSES])
      .whereNull("deleted_at")
      .andWhere((claim) => claim.whereNull("claimed_at").orWhere("claimed_at", "<", staleBefore))
      .orderBy("updated_at", "asc")
      .limit(limit)
    return rows.map((row) => row.id)
  }

  /** The undo of `retakeStaleClaim`: the claim gets its old time back, so it stays recoverable. */
  @InjectManager()
  async giveBackStaleClaim(
    id: string,
    status: ClaimStatus,
    { retaken_at, claimed_at }: { retaken_at: Date; claimed_at: Date | null },
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<boolean> {
    const knex = sharedContext.manager!.getKnex()
    const updated = await knex("backorder")
      .where({ id, status, claimed_at: retaken_at })
      .update({ claimed_at, updated_at: knex.fn.now() })
    return Number(updated) === 1
  }

  /** Ids of a cart's lines the plugin created as back-order lines (its own record, not metadata). */
  async listBackorderLineIds(cartId: string): Promise<Set<string>> {
    const lines = await this.listBackorderLines({ cart_id: cartId }, { select: ["line_item_id"] })
    return new Set(lines.map((line) => line.line_item_id))
  }

  /** A variant's rules; a variant without a row has none (all null). */
  async retrieveVariantRule(variantId: string): Promise<VariantBackorderRule> {
    const [row] = await this.listVariantBackorderSettings({ variant_id: variantId }, { take: 1 })
    return variantRuleOf(variantId, row)
  }

  /**
   * Writes a variant's rules (the fields given; the row is created on first write) and answers
   * them with what they were, for the undo. Two first writes can race to create the row (unique
   * per variant): the loser updates it instead.
   */
  async writeVariantRule(
    variantId: string,
    update: Partial<Omit<VariantBackorderRule, "variant_id">>
  ): Promise<{ rule: VariantBackorderRule; previous: VariantBackorderRule; created: boolean }> {
    const data = {
      ...("limit" in update && { unit_limit: update.limit }),
      ...("ships_on" in update && { ships_on: update.ships_on }),
      ...("message" in update && { message: update.message }),
    }
    const find = async () => (await this.listVariantBackorderSettings({ variant_id: variantId }, { take: 1 }))[0]
    let row = await find()
    const previous = variantRuleOf(variantId, row)
    if (!row) {
      try {
        const created = await this.createVariantBackorderSettings({ variant_id: variantId, ...data })
        return { rule: variantRuleOf(variantId, created), previous, created: true }
      } catch (error) {
        row = await find()
        if (!row) {
          throw error
        }
      }
    }
    const saved = await this.updateVariantBackorderSettings({ id: row.id, ...data })
    return { rule: variantRuleOf(variantId, saved), previous, created: false }
  }

  /** Removes a variant's row (the undo of its creation). */
  async deleteVariantRule(variantId: string): Promise<void> {
    const rows = await this.listVariantBackorderSettings({ variant_id: variantId }, { select: ["id"] })
    if (rows.length) {
      await this.deleteVariantBackorderSettings(rows.map((row) => row.id))
    }
  }

  /**
   * Units of each variant outstanding on back order (see OUTSTANDING_BACKORDER_STATUSES): in the
   * whole store (`all`), and in the back orders of `shopper` (`shopper`: the same e-mail, in any
   * case, or the same customer; 0 without one). One aggregate query for both.
   */
  @InjectManager()
  async sumOutstandingUnits(
    variantIds: string[],
    shopper?: BackorderShopper,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Map<string, OutstandingUnits>> {
    const ids = [...new Set(variantIds)]
    const sums = new Map<string, OutstandingUnits>(ids.map((id) => [id, { all: 0, shopper: 0 }]))
    if (!ids.length) {
      return sums
    }
    const email = shopper?.email?.trim().toLowerCase() || null
    const customerId = shopper?.customer_id || null
    const knex = sharedContext.manager!.getKnex()
    const rows: Record<string, unknown>[] = await knex("backorder_item as item")
      .join("backorder as bo", "bo.id", "item.backorder_id")
      .select("item.variant_id")
      .sum({ units: "item.quantity" })
      .select(
        knex.raw(
          "coalesce(sum(case when lower(bo.email) = ? or bo.customer_id = ? then item.quantity else 0 end), 0) as shopper_units",
          [email ?? "", customerId ?? ""]
        )
      )
      .whereIn("item.variant_id", ids)
      .whereIn("bo.status", [...OUTSTANDING_BACKORDER_STATUSES])
      .whereNull("item.deleted_at")
      .whereNull("bo.deleted_at")
      .groupBy("item.variant_id")
    for (const row of rows) {
      sums.set(String(row.variant_id), {
        all: Number(row.units ?? 0),
        shopper: email || customerId ? Number(row.shopper_units ?? 0) : 0,
      })
    }
    return sums
  }

  private async hasSettingsRow(): Promise<boolean> {
    const [, count] = await this.listAndCountBackorderSettings({ id: BACKORDER_SETTING_ID }, { take: 1 })
    return count > 0
  }
}

/** Entering a claim stamps its time; leaving one clears it (the undo of a transition too). */
function claimTimeOf(from: BackorderStatus, to: BackorderStatus): Pick<BackorderTransitionFields, "claimed_at"> {
  if (isClaimStatus(to)) {
    return { claimed_at: new Date() }
  }
  return isClaimStatus(from) ? { claimed_at: null } : {}
}

function isBackorderTransition(from: BackorderStatus, to: BackorderStatus): boolean {
  return Object.values(BACKORDER_TRANSITIONS).some(
    (rule) => rule.to === to && (rule.from as readonly BackorderStatus[]).includes(from)
  )
}

export default BackorderModuleService
