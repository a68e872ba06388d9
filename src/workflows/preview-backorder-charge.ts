import type { OrderShippingMethodDTO } from "@medusajs/framework/types"
import { getShippingMethodsTotals, MathBN, type GetShippingMethodTotalInput } from "@medusajs/framework/utils"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  fetchShippingOptionForDraftOrderWorkflow,
  getItemTaxLinesStep,
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { resolveBackorderShippingOptionStep } from "./steps/resolve-backorder-shipping-option"
import type { BackorderChargePreview, BackorderChargePreviewParams } from "../types"
import { validateBackorderPendingStep } from "./steps/validate-backorder-pending"

export type PreviewBackorderChargeInput = BackorderChargePreviewParams & { backorder_id: string }

// The order fields Medusa's updateOrderTaxLinesWorkflow reads to build the tax context
// when the charge adds its shipping method, plus the draft's own totals.
const PREVIEW_ORDER_FIELDS = [
  "id",
  "currency_code",
  "email",
  "locale",
  "region.id",
  "region.automatic_taxes",
  "shipping_methods.id",
  "shipping_methods.name",
  "shipping_methods.shipping_option_id",
  "shipping_methods.amount",
  "customer.id",
  "customer.email",
  "customer.groups.id",
  "shipping_address.id",
  "shipping_address.address_1",
  "shipping_address.address_2",
  "shipping_address.city",
  "shipping_address.postal_code",
  "shipping_address.country_code",
  "shipping_address.region_code",
  "shipping_address.province",
  "item_subtotal",
  "item_tax_total",
  "total",
]

// never stored: the tax provider only needs an id to key the line it answers
const PREVIEW_SHIPPING_METHOD_ID = "backorder-charge-preview"

/**
 * What a charge with this shipping would take, computed the way the charge computes it and
 * changing nothing: the same pending check and shipping-option resolution, Medusa's own
 * shipping-option pricing lookup (whether the option's prices include tax), Medusa's tax
 * lines step for the shipping method (so shipping-specific rates and overrides apply) and
 * Medusa's shipping-method totals. Output: `BackorderChargePreview`.
 */
export const previewBackorderChargeWorkflow = createWorkflow(
  "preview-backorder-charge",
  (input: PreviewBackorderChargeInput) => {
    const backorder = validateBackorderPendingStep({ backorder_id: input.backorder_id, action: "charge" })
    const shippingOptionId = resolveBackorderShippingOptionStep({
      backorder,
      shipping_option_id: input.shipping_option_id,
    })

    const { data: order } = useQueryGraphStep({
      entity: "order",
      fields: PREVIEW_ORDER_FIELDS,
      filters: { id: backorder.draft_order_id },
      options: { throwIfKeyNotFound: true, isList: false },
    }).config({ name: "get-backorder-draft-for-preview" })

    // the charge's addDraftOrderShippingMethodsWorkflow runs this same lookup: a custom
    // amount inherits the tax inclusiveness of the option's price
    const option = fetchShippingOptionForDraftOrderWorkflow.runAsStep({
      input: {
        order_id: backorder.draft_order_id,
        shipping_option_id: shippingOptionId,
        currency_code: order.currency_code,
      },
    })

    const shippingMethod = transform({ input, shippingOptionId, option }, ({ input, shippingOptionId, option }) => ({
      id: PREVIEW_SHIPPING_METHOD_ID,
      shipping_option_id: shippingOptionId,
      amount: input.shipping_amount,
      is_tax_inclusive: !!option?.calculated_price?.is_calculated_price_tax_inclusive,
    }))

    const taxLines = getItemTaxLinesStep(
      transform({ order, shippingMethod }, ({ order, shippingMethod }) => ({
        orderOrCart: order,
        items: [],
        shipping_methods: [asStoredShippingMethod(shippingMethod)],
      }))
    )

    const preview = transform(
      { order, shippingMethod, taxLines },
      ({ order, shippingMethod, taxLines }): BackorderChargePreview => {
        const methodTaxLines = taxLines.shippingMethodsTaxLines.filter(
          (line) => line.shipping_line_id === shippingMethod.id
        )
        const totals = getShippingMethodsTotals(
          [asShippingMethodTotalInput({ ...shippingMethod, tax_lines: methodTaxLines })],
          {}
        )[shippingMethod.id]
        return {
          currency_code: order.currency_code,
          items_subtotal: MathBN.convert(order.item_subtotal ?? 0).toNumber(),
          items_tax_total: MathBN.convert(order.item_tax_total ?? 0).toNumber(),
          shipping_amount: shippingMethod.amount,
          shipping_tax_total: MathBN.convert(totals.tax_total).toNumber(),
          total: MathBN.add(order.total ?? 0, totals.total).toNumber(),
          shipping_option_id: shippingMethod.shipping_option_id,
        }
      }
    )
    return new WorkflowResponse(preview)
  }
)

type PreviewShippingMethod = {
  id: string
  shipping_option_id: string
  amount: number
  is_tax_inclusive: boolean
}

// Medusa's getItemTaxLinesStep declares a stored OrderShippingMethodDTO but reads only id,
// shipping_option_id and amount; the preview's method is never stored, so it has no more.
function asStoredShippingMethod(method: PreviewShippingMethod): OrderShippingMethodDTO {
  return method as unknown as OrderShippingMethodDTO
}

// getShippingMethodsTotals declares stored tax lines but reads only each line's rate, which
// the tax provider's lines carry.
function asShippingMethodTotalInput(
  method: PreviewShippingMethod & { tax_lines: { rate: number }[] }
): GetShippingMethodTotalInput {
  return method as unknown as GetShippingMethodTotalInput
}
