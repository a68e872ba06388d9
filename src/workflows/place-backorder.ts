/**
 * placeBackorderWorkflow — the one workflow that places a pending back order.
 *
 * Input:  { cart_id: string, items: { variant_id: string, quantity: number }[] }
 *         The cart supplies customer, email, region, currency, sales channel and addresses;
 *         `items` are the back-ordered variants and quantities.
 * Output: { backorder_id: string, draft_order_id: string }
 *
 * What it does, all or nothing:
 * 1. Creates a Medusa draft order (`status: "draft"`, `is_draft_order: true`) priced by Medusa's
 *    pricing at this moment, taxed by the region's rules, with no shipping method and no
 *    promotions (lines are not discountable, so automatic promotions skip them too). Each line
 *    is titled "<product> (back ordered)" and carries `metadata: { is_backorder, source_cart_id }`;
 *    the draft carries `metadata: { backorder_cart_id }` from its creation on, so a completion
 *    killed before step 3 leaves a draft the cart's next completion finds and removes
 *    (`removeOrphanBackorderDraftsStep`).
 * 2. Reserves the draft lines' units (`line_item_id` = draft line id, `allow_backorder: true`),
 *    so available = stock − ordered − back ordered. Whoever converts the draft later must delete
 *    these reservations first (`deleteReservationItemsByLineItem`), because Medusa's conversion
 *    reserves every item again.
 * 3. Records the `backorder` (status `pending`) in the plugin's module.
 * Compensation deletes the record, the reservations and the draft order.
 *
 * It takes no lock of its own: callers that read the cart concurrently with shoppers
 * (checkout) hold the cart's lock around it.
 */
import type { CreateOrderLineItemDTO } from "@medusajs/framework/types"
import { OrderStatus } from "@medusajs/framework/utils"
import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  createOrderWorkflow,
  useQueryGraphStep,
  type CreateOrderWorkflowInput,
} from "@medusajs/medusa/core-flows"
import { backorderDraftLineMetadata, backorderDraftMetadata, backorderedTitle } from "../utils/backorder-line"
import { createBackorderStep } from "./steps/create-backorder"
import { reserveBackorderUnitsStep } from "./steps/reserve-backorder-units"

export type PlaceBackorderWorkflowInput = {
  cart_id: string
  items: { variant_id: string; quantity: number }[]
}

export type PlaceBackorderWorkflowOutput = {
  backorder_id: string
  draft_order_id: string
}

export const placeBackorderWorkflowId = "place-backorder"

const ADDRESS_FIELDS = [
  "first_name",
  "last_name",
  "company",
  "address_1",
  "address_2",
  "city",
  "province",
  "postal_code",
  "country_code",
  "phone",
  "metadata",
] as const

type Address = Partial<Record<(typeof ADDRESS_FIELDS)[number], unknown>> | null | undefined

function plainAddress(address: Address) {
  if (!address) {
    return undefined
  }
  // the cart's address row must not be re-used by the order: copy the fields, drop the id
  return Object.fromEntries(
    ADDRESS_FIELDS.filter((field) => address[field] !== undefined && address[field] !== null).map(
      (field) => [field, address[field]]
    )
  )
}

/**
 * A draft line without `unit_price`: Medusa prices it from the variant. `allow_backorder` is not
 * persisted; it only lifts createOrderWorkflow's stock check for units that are not in stock.
 */
type BackorderDraftLine = Omit<CreateOrderLineItemDTO, "unit_price"> & {
  unit_price?: CreateOrderLineItemDTO["unit_price"]
  allow_backorder?: boolean
}

type BackorderDraftInput = Omit<CreateOrderWorkflowInput, "items"> & {
  is_draft_order?: boolean
  items: BackorderDraftLine[]
}

export const placeBackorderWorkflow = createWorkflow(
  placeBackorderWorkflowId,
  (input: PlaceBackorderWorkflowInput) => {
    const { data: cart } = useQueryGraphStep({
      entity: "cart",
      fields: [
        "id",
        "email",
        "customer_id",
        "region_id",
        "currency_code",
        "sales_channel_id",
        "shipping_address.*",
        "billing_address.*",
      ],
      filters: { id: input.cart_id },
      options: { throwIfKeyNotFound: true, isList: false },
    }).config({ name: "get-backorder-cart" })

    const variantIds = transform({ input }, ({ input }) => input.items.map((item) => item.variant_id))
    const { data: variants } = useQueryGraphStep({
      entity: "product_variant",
      fields: ["id", "product.title"],
      filters: { id: variantIds },
    }).config({ name: "get-backorder-variants" })

    const draftInput = transform({ input, cart, variants }, ({ input, cart, variants }) => {
      const productTitle = new Map<string, string>(
        variants.map((variant) => [variant.id, variant.product?.title ?? ""])
      )
      const draft: BackorderDraftInput = {
        status: OrderStatus.DRAFT,
        is_draft_order: true,
        region_id: cart.region_id ?? undefined,
        customer_id: cart.customer_id ?? undefined,
        email: cart.email ?? undefined,
        currency_code: cart.currency_code,
        sales_channel_id: cart.sales_channel_id ?? undefined,
        metadata: backorderDraftMetadata(cart.id),
        shipping_address: plainAddress(cart.shipping_address),
        billing_address: plainAddress(cart.billing_address),
        items: input.items.map((item) => ({
          variant_id: item.variant_id,
          quantity: item.quantity,
          title: backorderedTitle(productTitle.get(item.variant_id) ?? ""),
          is_discountable: false,
          allow_backorder: true,
          metadata: backorderDraftLineMetadata(cart.id),
        })),
      }
      // CreateOrderLineItemDTO marks unit_price required, yet createOrderWorkflow prices lines
      // without one from the variant (Medusa's own admin draft-order route relies on it).
      return draft as CreateOrderWorkflowInput
    })

    const draftOrder = createOrderWorkflow.runAsStep({ input: draftInput })

    const reservationInput = transform({ draftOrder, cart }, ({ draftOrder, cart }) => ({
      draft_order_id: draftOrder.id,
      sales_channel_id: cart.sales_channel_id,
    }))
    reserveBackorderUnitsStep(reservationInput)

    const backorderInput = transform({ draftOrder, cart }, ({ draftOrder, cart }) => ({
      cart_id: cart.id,
      draft_order_id: draftOrder.id,
      email: cart.email,
      customer_id: draftOrder.customer_id ?? cart.customer_id,
    }))
    const backorder = createBackorderStep(backorderInput)

    const output = transform(
      { backorder, draftOrder },
      ({ backorder, draftOrder }): PlaceBackorderWorkflowOutput => ({
        backorder_id: backorder.id,
        draft_order_id: draftOrder.id,
      })
    )
    return new WorkflowResponse(output)
  }
)
