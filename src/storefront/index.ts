/*
 * The storefront kit: `medusa-plugin-custom-backorder/storefront`.
 *
 * Framework-agnostic: runs in a browser bundle and in a Next.js server action. It calls the SDK
 * instance it is given (`@medusajs/js-sdk`, a peer dependency, is imported for types only);
 * nothing here may import server code.
 *
 * Every request goes through the SDK's `client.fetch`, so whatever the storefront sets there
 * applies to the kit too: its publishable key, JWT, `globalHeaders`, locale, and a wrapper the
 * storefront puts around `client.fetch` (Medusa's Next.js starter adds `x-medusa-locale` that
 * way). `client.fetch` throws a `FetchError` for any status >= 300 that keeps only the body's
 * `message`, so for the plugin's two questions, whose numbers are in the body (the prompt and
 * stock changed), the kit sends `x-backorder-question-status: 200` and the plugin answers them
 * with 200; the kit tells them by the body's `type`. Every other error is the SDK's own
 * `FetchError`.
 */
import type Medusa from "@medusajs/js-sdk"
import type { Config } from "@medusajs/js-sdk"
import type { HttpTypes } from "@medusajs/types"
import type {
  BackorderAnswer,
  BackorderAnswerMetadata,
  BackorderConfirmationRequired,
  BackorderLimitExceeded,
  BackorderLimitReached,
  BackorderLineMetadata,
  BackorderQuestionStatusHeader,
  BackorderSettingsResponse,
  BackorderPromotionsChanged,
  BackorderStockChanged,
  GuestBackorderResponse,
  StoreVariantBackorderShipping,
  StoreVariantBackorderShippingResponse,
} from "../types"
import type {
  BackorderLinkPayment,
  BackorderLinkView,
  BackorderPrompt,
  CompleteResult,
  CustomerBackorder,
  CustomerBackorderList,
  LineResult,
  PlacedBackorder,
  RequestOptions,
} from "./types"

export type * from "./types"

/*
 * The kit's JavaScript may require nothing but the SDK, so the few names it shares with the
 * server are written here again; the API types above make the compiler hold them to the
 * server's (`src/types`, `src/utils/backorder-line.ts`).
 */

/** Where the shopper's answer travels on the line: `metadata.backorder`. */
export const BACKORDER_ANSWER_KEY = "backorder" satisfies keyof BackorderAnswerMetadata
/** The label shown next to a back-ordered product's name (the server titles the line "<product> (back ordered)"). */
export const BACKORDER_LABEL = "back ordered"

type Metadata = Record<string, unknown>

/** The header that asks the plugin to answer its questions with 200 (see above). */
const QUESTION_STATUS_HEADER = "x-backorder-question-status" satisfies BackorderQuestionStatusHeader

/** Accepted and not read: the kit's requests go through `sdk.client.fetch`, which has the config. */
export type BackorderKitConfig = Pick<Config, "baseUrl" | "publishableKey" | "globalHeaders" | "auth">

export type AddLineInput = {
  cart_id: string
  variant_id: string
  quantity: number
  metadata?: Metadata
  /** The shopper's answer to a prompt this request got before; omit on the first try. */
  answer?: BackorderAnswer
}

export type UpdateLineInput = {
  cart_id: string
  line_id: string
  quantity: number
  metadata?: Metadata
  answer?: BackorderAnswer
}

export type BackorderKit = ReturnType<typeof createBackorderKit>

/**
 * Binds the kit to the storefront's SDK instance and the config it was created with:
 *
 * ```ts
 * const config = { baseUrl: "http://localhost:9000", publishableKey: "pk_…" }
 * export const sdk = new Medusa(config)
 * export const backorders = createBackorderKit(sdk, config)
 * ```
 */
export function createBackorderKit(sdk: Medusa, _config?: BackorderKitConfig) {
  /** A request through the SDK's `client.fetch`, with the plugin's questions answered as 200. */
  const request = (method: "GET" | "POST", path: string, body: unknown, options: RequestOptions = {}): Promise<any> =>
    sdk.client.fetch<any>(path, {
      method,
      ...(body === undefined ? {} : { body }),
      ...(options.query ? { query: options.query } : {}),
      headers: { ...(options.headers ?? {}), [QUESTION_STATUS_HEADER]: "200" },
    })

  const lineResult = (data: any): LineResult => {
    const prompt = "backorder_confirmation_required" satisfies BackorderConfirmationRequired["type"]
    if (data?.type === prompt) {
      return { type: "backorder_prompt", prompt: toPrompt(data) }
    }
    const limitReached = "backorder_limit_reached" satisfies BackorderLimitReached["type"]
    if (data?.type === limitReached) {
      return { type: "backorder_limit_reached", prompt: toPrompt(data) }
    }
    return { type: "cart", cart: data.cart }
  }

  return {
    /**
     * Adds a line. More than is available (and the store asks) → `{ type: "backorder_prompt" }`;
     * call again with `answer: "accept"` or `"decline"`.
     */
    async addLine(input: AddLineInput, options?: RequestOptions): Promise<LineResult> {
      const data = await request(
        "POST",
        `/store/carts/${encodeURIComponent(input.cart_id)}/line-items`,
        {
          variant_id: input.variant_id,
          quantity: input.quantity,
          ...metadataWithAnswer(input.metadata, input.answer),
        },
        options
      )
      return lineResult(data)
    },

    /** Changes a line's quantity, with the same prompt as adding (the back-order line itself never asks). */
    async updateLine(input: UpdateLineInput, options?: RequestOptions): Promise<LineResult> {
      const data = await request(
        "POST",
        `/store/carts/${encodeURIComponent(input.cart_id)}/line-items/${encodeURIComponent(input.line_id)}`,
        { quantity: input.quantity, ...metadataWithAnswer(input.metadata, input.answer) },
        options
      )
      return lineResult(data)
    },

    /**
     * Completes the cart through Medusa's route: the order (and the pending back order), a
     * back-order-only result, the stock-changed items to ask about again, or a payment error.
     */
    async completeCart(cartId: string, options?: RequestOptions): Promise<CompleteResult> {
      const data = await request("POST", `/store/carts/${encodeURIComponent(cartId)}/complete`, {}, options)
      const stockChanged = "backorder_stock_changed" satisfies BackorderStockChanged["type"]
      if (data?.type === stockChanged) {
        const body: BackorderStockChanged = data
        return { type: "stock_changed", message: String(body.message), items: body.items ?? [] }
      }
      const limitExceeded = "backorder_limit_exceeded" satisfies BackorderLimitExceeded["type"]
      if (data?.type === limitExceeded) {
        const body: BackorderLimitExceeded = data
        return { type: "limit_exceeded", message: String(body.message), items: body.items ?? [] }
      }
      const promotionsChanged = "backorder_promotions_changed" satisfies BackorderPromotionsChanged["type"]
      if (data?.type === promotionsChanged) {
        return { type: "promotions_changed", message: String(data.message) }
      }
      if (data.type === "cart") {
        return { type: "payment_error", cart: data.cart, error: data.error }
      }
      const backorder: PlacedBackorder | null = data.backorder ?? null
      // For a cart of only back-ordered items the plugin answers the draft order as `order`
      if (backorder && (!data.order || data.order.id === backorder.draft_order?.id)) {
        return { type: "backorder_only", backorder }
      }
      return { type: "order", order: data.order, backorder }
    },

    /**
     * One back order for whoever holds its token (`PlacedBackorder.token` from `completeCart`):
     * a guest's confirmation page or link. A wrong token or an unknown id is the SDK's
     * `FetchError` 404.
     */
    async retrieveBackorder(id: string, token: string, headers?: Record<string, string>): Promise<CustomerBackorder> {
      const { backorder } = await sdk.client.fetch<GuestBackorderResponse>(`/store/backorders/${encodeURIComponent(id)}`, {
        method: "GET",
        query: { token },
        headers,
      })
      return backorder
    },

    /**
     * Cancels a back order for whoever holds its token (the link in its placed notice), while it
     * is pending or ready; a charged one, or one being charged, is a 409 `FetchError`.
     */
    async cancelBackorder(id: string, token: string, headers?: Record<string, string>): Promise<CustomerBackorder> {
      const { backorder } = await sdk.client.fetch<GuestBackorderResponse>(`/store/backorders/${encodeURIComponent(id)}/cancel`, {
        method: "POST",
        body: { token },
        headers,
      })
      return backorder
    },

    /** The logged-in customer cancels their own pending or ready back order (409 once charged). */
    async cancelMyBackorder(id: string, headers?: Record<string, string>): Promise<CustomerBackorder> {
      const { backorder } = await sdk.client.fetch<GuestBackorderResponse>(
        `/store/customers/me/backorders/${encodeURIComponent(id)}/cancel`,
        { method: "POST", body: {}, headers }
      )
      return backorder
    },

    /** The logged-in customer's back orders, newest first. A guest gets Medusa's 401 as a `FetchError`. */
    async listMyBackorders(
      query: { limit?: number; offset?: number } = {},
      headers?: Record<string, string>
    ): Promise<CustomerBackorderList> {
      return sdk.client.fetch<CustomerBackorderList>("/store/customers/me/backorders", { method: "GET", query, headers })
    },

    /**
     * Pays a back order's payment link (the page at `/payment-collection/:id`). The plugin
     * authorises the session with its provider (the provider decides whether it is paid) and
     * captures it; the back order then becomes charged. `provider_id` opens the session in the
     * same call; pass `null` when the storefront opened the session itself and ran the
     * provider's own step (e.g. card entry). Medusa's manual provider (`pp_system_default`) is
     * only authorised, never captured here (it moves no money): `payment.captured` is then
     * false and the back order stays awaiting payment until the merchant captures it.
     */
    async payBackorderLink(
      paymentCollectionId: string,
      options: { provider_id: string | null; headers?: Record<string, string> }
    ): Promise<BackorderLinkPayment> {
      const providerId = options.provider_id
      return sdk.client.fetch<BackorderLinkPayment>(
        `/store/payment-collections/${encodeURIComponent(paymentCollectionId)}/backorder-payment`,
        { method: "POST", body: providerId ? { provider_id: providerId } : {}, headers: options.headers }
      )
    },

    /**
     * What a payment link pays for (the page at `/payment-collection/:id`): the back order, its
     * order with items and totals (a draft order until the link is paid, so Medusa's
     * `sdk.store.order.retrieve` answers 404 for it) and the payment collection's status and amount.
     */
    async retrieveBackorderLink(paymentCollectionId: string, headers?: Record<string, string>): Promise<BackorderLinkView> {
      return sdk.client.fetch<BackorderLinkView>(
        `/store/payment-collections/${encodeURIComponent(paymentCollectionId)}/backorder-payment`,
        { method: "GET", headers }
      )
    },

    /** When back-ordered units of these variants ship (a product page): only variants with a date or a message. */
    async listVariantShipping(variantIds: string[], headers?: Record<string, string>): Promise<StoreVariantBackorderShipping[]> {
      if (!variantIds.length) {
        return []
      }
      const { variants } = await sdk.client.fetch<StoreVariantBackorderShippingResponse>("/store/backorder-settings/variants", {
        method: "GET",
        query: { variant_ids: variantIds.join(",") },
        headers,
      })
      return variants
    },

    /** Whether the store asks the back-order question at all. */
    async isEnabled(headers?: Record<string, string>): Promise<boolean> {
      const { settings } = await sdk.client.fetch<BackorderSettingsResponse>("/store/backorder-settings", {
        method: "GET",
        headers,
      })
      return settings.enabled
    },
  }
}

function metadataWithAnswer(metadata: Metadata | undefined, answer: BackorderAnswer | undefined): { metadata?: Metadata } {
  if (!metadata && !answer) {
    return {}
  }
  const answered: Partial<BackorderAnswerMetadata> = answer ? { [BACKORDER_ANSWER_KEY]: answer } : {}
  return { metadata: { ...(metadata ?? {}), ...answered } }
}

function toPrompt(body: BackorderConfirmationRequired | BackorderLimitReached): BackorderPrompt {
  const b = body.backorder
  return {
    message: body.message,
    variant_id: b.variant_id,
    title: b.title,
    sku: b.sku ?? null,
    requested: Number(b.requested),
    available: Number(b.available),
    backorder_quantity: Number(b.backorder_quantity),
    limit_remaining: b.limit_remaining ?? null,
    limited_by: b.limited_by ?? null,
    ships_on: b.ships_on ?? null,
    backorder_message: b.message ?? null,
  }
}

/* ---- showing the cart ---- */

type LineLike = Pick<HttpTypes.StoreCartLineItem, "quantity"> & { metadata?: Record<string, unknown> | null }

/** The plugin's keys of a line's metadata, as far as a line of any kind may carry them. */
function backorderMetadataOf(item: LineLike): Partial<Record<keyof BackorderLineMetadata, unknown>> {
  return item.metadata ?? {}
}

/** Whether a cart line is the plugin's back-order line (priced 0 now, charged later). */
export function isBackorderLine(item: LineLike): boolean {
  return backorderMetadataOf(item).is_backorder === true
}

/** The unit price the shopper will pay later for a back-order line, or null for any other line. */
export function backorderUnitPrice(item: LineLike): number | null {
  if (!isBackorderLine(item)) {
    return null
  }
  const price = Number(backorderMetadataOf(item).backorder_unit_price)
  return Number.isFinite(price) ? price : null
}

/** What a back-order line will cost when the back order is charged (before shipping and tax), or null. */
export function backorderLaterTotal(item: LineLike): number | null {
  const unit = backorderUnitPrice(item)
  return unit === null ? null : unit * Number(item.quantity)
}

/**
 * When a back-order line's units ship, as the variant's settings say (kept current by the store):
 * `{ ships_on: "2027-01-15" | null, message: "Ships in 2–3 weeks" | null }`, or null for any other
 * line and for a back-order line without either. Draft-order lines carry the same keys.
 */
export function backorderShipping(item: LineLike): { ships_on: string | null; message: string | null } | null {
  if (!isBackorderLine(item)) {
    return null
  }
  const metadata = backorderMetadataOf(item)
  const ships_on = typeof metadata.backorder_ships_on === "string" && metadata.backorder_ships_on ? metadata.backorder_ships_on : null
  const message = typeof metadata.backorder_message === "string" && metadata.backorder_message ? metadata.backorder_message : null
  return ships_on || message ? { ships_on, message } : null
}

/** "back ordered" for a back-order line, null for any other line. */
export function backorderLabel(item: LineLike): string | null {
  return isBackorderLine(item) ? BACKORDER_LABEL : null
}

/** The cart's lines split into what is charged now and what is back ordered. */
export function splitCartLines<T extends LineLike>(items: T[] | null | undefined): { inStock: T[]; backordered: T[] } {
  const all = items ?? []
  return { inStock: all.filter((item) => !isBackorderLine(item)), backordered: all.filter(isBackorderLine) }
}

/** The sum of the cart's back-order lines at their later price (what "to be charged later" shows). */
export function backorderLaterSubtotal(items: LineLike[] | null | undefined): number {
  return (items ?? []).reduce((sum, item) => sum + (backorderLaterTotal(item) ?? 0), 0)
}

/**
 * Whether the cart holds only back-ordered items: nothing is charged now and nothing ships now,
 * so a checkout skips shipping and payment (the plugin completes such a cart without them and
 * cancels any payment session opened on it). False for an empty cart.
 */
export function isBackorderOnlyCart(cart: { items?: LineLike[] | null } | null | undefined): boolean {
  const items = cart?.items ?? []
  return items.length > 0 && items.every(isBackorderLine)
}

/** Whether the checkout must ask for a shipping method and a payment: the opposite of isBackorderOnlyCart for a cart with items. */
export function needsShippingAndPayment(cart: { items?: LineLike[] | null } | null | undefined): boolean {
  return (cart?.items ?? []).some((item) => !isBackorderLine(item))
}
