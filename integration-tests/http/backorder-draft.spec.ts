import { ContainerRegistrationKeys, Modules, OrderStatus } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createOrderWorkflow } from "@medusajs/medusa/core-flows"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { type AdminHeaders } from "../utils/admin"
import { placePendingBackorder, reservedTshirts } from "../utils/backorders"
import { seedOncePerSpec, TAX_RATE, type SeededStore } from "../utils/seed"

jest.setTimeout(180 * 1000)

// Counts Medusa's createOrderWorkflow runs (the spec's own handler on its one hook).
let createOrderRuns = 0
createOrderWorkflow.hooks.orderCreated(async () => {
  createOrderRuns++
})

const TSHIRT_PRICE = 20

const DRAFT_FIELDS = [
  "id",
  "status",
  "is_draft_order",
  "region_id",
  "customer_id",
  "email",
  "currency_code",
  "sales_channel_id",
  "metadata",
  "shipping_address.*",
  "billing_address.*",
  "items.*",
  "items.tax_lines.*",
  "items.adjustments.*",
  "shipping_methods.*",
  "summary.*",
  "subtotal",
  "tax_total",
  "total",
  "shipping_total",
  "discount_total",
  "item_subtotal",
  "item_tax_total",
  "item_total",
  "original_total",
]

/** What both drafts must agree on: Medusa's snapshot of a line, its tax and its totals. */
const LINE_FIELDS = [
  "title",
  "subtitle",
  "thumbnail",
  "quantity",
  "product_id",
  "product_title",
  "product_description",
  "product_subtitle",
  "product_type",
  "product_type_id",
  "product_collection",
  "product_handle",
  "variant_id",
  "variant_sku",
  "variant_barcode",
  "variant_title",
  "variant_option_values",
  "requires_shipping",
  "is_discountable",
  "is_giftcard",
  "is_tax_inclusive",
  "is_custom_price",
  "compare_at_unit_price",
  "unit_price",
  "metadata",
  "subtotal",
  "tax_total",
  "total",
  "original_total",
  "discount_total",
]
const ADDRESS_FIELDS = ["first_name", "last_name", "company", "address_1", "address_2", "city", "province", "postal_code", "country_code", "phone", "metadata"]

const pick = (row: Record<string, any> | null | undefined, fields: string[]) =>
  row ? Object.fromEntries(fields.map((field) => [field, normal(row[field])])) : row
const normal = (value: unknown): unknown =>
  value !== null && typeof value === "object" && "numeric" in (value as object) ? Number((value as any).numeric) : value ?? null

function comparable(order: Record<string, any>) {
  return {
    status: order.status,
    is_draft_order: order.is_draft_order,
    region_id: order.region_id,
    customer_id: order.customer_id,
    email: order.email,
    currency_code: order.currency_code,
    sales_channel_id: order.sales_channel_id,
    shipping_address: pick(order.shipping_address, ADDRESS_FIELDS),
    billing_address: pick(order.billing_address, ADDRESS_FIELDS),
    items: order.items.map((item: any) => ({
      ...pick(item, LINE_FIELDS),
      tax_lines: item.tax_lines.map((line: any) => pick(line, ["code", "rate", "description", "provider_id", "tax_rate_id"])),
      adjustments: item.adjustments,
    })),
    shipping_methods: order.shipping_methods,
    totals: pick(order, ["subtotal", "tax_total", "total", "shipping_total", "discount_total", "item_subtotal", "item_tax_total", "item_total", "original_total"]),
  }
}

medusaIntegrationTestRunner({
  testSuite: (suite) => {
    const { api, getContainer, dbConnection } = suite
    let admin: AdminHeaders
    let store: SeededStore
    let container: MedusaContainer

    beforeAll(async () => {
      container = getContainer()
      ;({ store, admin } = await seedOncePerSpec(suite))
    })

    const readOrder = async (id: string) => {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const {
        data: [order],
      } = await query.graph({ entity: "order", fields: DRAFT_FIELDS, filters: { id } })
      return order as Record<string, any>
    }

    describe("the back order's draft", () => {
      it("is built by the order module alone: Medusa's createOrderWorkflow does not run", async () => {
        createOrderRuns = 0
        const placed = await placePendingBackorder(api, container, store, admin, { inStock: 1, backordered: 3 })

        expect(placed.completion.backorder.status).toBe("pending")
        expect(createOrderRuns).toBe(0)
      })

      it("is what Medusa's createOrderWorkflow makes of the same items: lines, tax lines, addresses, totals", async () => {
        const reservedBefore = await reservedTshirts(container, store)
        const placed = await placePendingBackorder(api, container, store, admin, { inStock: 2, backordered: 3 })
        const draft = await readOrder(placed.draftOrderId)

        // the reference: Medusa's own draft creation from the same cart, as the plugin ran it before
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const {
          data: [cart],
        } = await query.graph({
          entity: "cart",
          fields: ["id", "email", "customer_id", "region_id", "currency_code", "sales_channel_id", "shipping_address.*", "billing_address.*"],
          filters: { id: placed.cartId },
        })
        const address = (a: any) => (a ? Object.fromEntries(ADDRESS_FIELDS.filter((f) => a[f] != null).map((f) => [f, a[f]])) : undefined)
        const { result: reference } = await createOrderWorkflow(container).run({
          input: {
            status: OrderStatus.DRAFT,
            is_draft_order: true,
            region_id: cart.region_id,
            customer_id: cart.customer_id,
            email: cart.email,
            currency_code: cart.currency_code,
            sales_channel_id: cart.sales_channel_id,
            metadata: { backorder_cart_id: cart.id },
            shipping_address: address(cart.shipping_address),
            billing_address: address(cart.billing_address),
            items: [
              {
                variant_id: store.backorderVariantId,
                quantity: 3,
                title: draft.items[0].title,
                is_discountable: false,
                allow_backorder: true,
                metadata: { is_backorder: true, source_cart_id: cart.id },
              },
            ],
          } as any,
        })
        try {
          const referenceOrder = await readOrder(reference.id)
          const expected = comparable(referenceOrder)
          expect(comparable(draft)).toEqual(expected)
          expect(draft.metadata).toEqual({ backorder_cart_id: placed.cartId })
          // the totals the admin's order page and the charge read
          expect(expected.totals).toEqual(
            expect.objectContaining({ subtotal: 3 * TSHIRT_PRICE, tax_total: (3 * TSHIRT_PRICE * TAX_RATE) / 100, shipping_total: 0, discount_total: 0 })
          )
          expect(draft.items[0].title).toBe("Medusa T-Shirt (back ordered)")
          expect(draft.items[0].tax_lines).toHaveLength(1)
          expect(draft.shipping_address.id).not.toBe(cart.shipping_address.id)
          // The order's summary counts the tax, as on an order Medusa places from a cart (the
          // lines are created with their tax lines); createOrderWorkflow's summary predates its
          // tax lines (current_order_total 60 here), so only what is owed is compared.
          expect(Number(draft.summary.current_order_total)).toBeCloseTo(Number(draft.total), 6)
          expect(Number(draft.summary.pending_difference)).toBeCloseTo(Number(referenceOrder.summary.pending_difference), 6)
          expect(Number(draft.total)).toBeCloseTo(3 * TSHIRT_PRICE * (1 + TAX_RATE / 100), 6)
        } finally {
          await container.resolve(Modules.ORDER).deleteOrders([reference.id])
        }

        // its units are reserved under its line, once: 2 ordered + 3 back ordered
        const inventory = container.resolve(Modules.INVENTORY)
        const reservations = await inventory.listReservationItems({ line_item_id: draft.items.map((item: any) => item.id) })
        expect(reservations.map((r) => [r.line_item_id, Number(r.quantity), r.location_id])).toEqual([
          [draft.items[0].id, 3, store.stockLocationId],
        ])
        expect(await reservedTshirts(container, store)).toBe(reservedBefore + 2 + 3)
      })
    })

    describe("the back-order table's indexes", () => {
      // what the routes and jobs filter and sort by, each answered by an index
      it.each([
        ["My back orders: the customer's own, newest first", ["customer_id", "created_at"]],
        ["the admin queue by status, oldest first", ["status", "created_at"]],
        ["the admin queue, oldest first", ["created_at"]],
        ["the jobs: a status, least recently touched first", ["status", "updated_at"]],
        ["a cart's back order (one per cart)", ["cart_id"]],
        ["a draft's back order", ["draft_order_id"]],
        ["an order's back order", ["source_order_id"]],
        ["a payment link's back order", ["payment_collection_id"]],
      ])("%s: (%s)", async (_name, columns) => {
        const { rows } = await dbConnection.raw(
          `select indexdef from pg_indexes where tablename = 'backorder'`
        )
        const leading = (rows as { indexdef: string }[]).map((row) =>
          row.indexdef
            .replace(/^.* USING \w+ \(([^)]*)\).*$/, "$1")
            .split(",")
            .map((column) => column.trim().replace(/"/g, ""))
        )
        expect(leading).toContainEqual(columns)
      })
    })
  },
})
