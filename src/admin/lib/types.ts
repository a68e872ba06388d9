// Response shapes of the plugin's admin routes (src/api/admin/backorder*), as the dashboard reads them.

/** `charging` / `canceling`: an admin's charge or cancel is under way (held in the database). */
export type BackorderStatus = "pending" | "charging" | "canceling" | "awaiting_payment" | "charged" | "canceled"

export type BackorderSettings = { enabled: boolean }

export type BackorderOrderItem = {
  id: string
  title: string
  subtitle?: string | null
  variant_title?: string | null
  variant_sku?: string | null
  thumbnail?: string | null
  quantity: number
  unit_price: number
  subtotal: number
  tax_total: number
  total: number
}

export type BackorderShippingMethod = {
  id: string
  name: string
  shipping_option_id: string | null
  amount: number
  subtotal: number
  tax_total: number
  total: number
}

export type BackorderOrder = {
  id: string
  display_id: number
  status: string
  is_draft_order: boolean
  currency_code: string
  items: BackorderOrderItem[]
  shipping_methods: BackorderShippingMethod[]
  subtotal: number
  tax_total: number
  shipping_total: number
  total: number
}

export type Backorder = {
  id: string
  status: BackorderStatus
  created_at: string
  email?: string | null
  source_order: { id: string; display_id: number; status: string } | null
  /** The draft order holding the back-ordered items, or the order it became when charged. */
  order: BackorderOrder | null
  /** The option a charge uses when none is given: the one the source order shipped with. */
  default_shipping_option_id: string | null
  payment_link: string | null
}

export type BackorderListResponse = {
  backorders: Backorder[]
  count: number
  limit: number
  offset: number
}

export type BackorderPayment = "record" | "link"

export type ChargeBackorderBody = {
  shipping_amount: number
  shipping_option_id?: string
  payment: BackorderPayment
}

export type BackorderChargePreviewParams = {
  shipping_amount: number
  shipping_option_id?: string
}

/** `GET /admin/backorders/:id/charge-preview`: what the charge would take, computed by the server. */
export type BackorderChargePreview = {
  currency_code: string
  items_subtotal: number
  items_tax_total: number
  shipping_amount: number
  shipping_tax_total: number
  total: number
  shipping_option_id: string
}
