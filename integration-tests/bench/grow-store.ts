// Grows a benchmark store (`medusa exec`, run by vs-medusa.bench.ts on both sides):
//   BENCH_GROW=catalog  BENCH_CATALOG_VARIANTS more variants (default 10,000), each with inventory
//                       at the store's location, published in its sales channel;
//   BENCH_GROW=queue    BENCH_QUEUE_SIZE draft orders (default 1,000), and where the plugin is
//                       installed a pending back order for each: the admin queue's worst case.
// Bulk writes through Medusa's own workflows and modules, so the rows are the ones a real store has.
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import { createInventoryLevelsWorkflow, createProductsWorkflow } from "@medusajs/medusa/core-flows"

const VARIANTS_PER_PRODUCT = 10
const PRODUCTS_PER_BATCH = 50
const ORDERS_PER_BATCH = 100
const BACKORDER_MODULE = "backorder"

export default async function growStore({ container }: ExecArgs) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [region],
  } = await query.graph({ entity: "region", fields: ["id", "currency_code"] })
  const {
    data: [channel],
  } = await query.graph({ entity: "sales_channel", fields: ["id"], filters: { name: "Webshop" } })
  const {
    data: [location],
  } = await query.graph({ entity: "stock_location", fields: ["id"] })
  const {
    data: [profile],
  } = await query.graph({ entity: "shipping_profile", fields: ["id"] })

  if (process.env.BENCH_GROW === "catalog") {
    const variants = Number(process.env.BENCH_CATALOG_VARIANTS || 10_000)
    const sizes = Array.from({ length: VARIANTS_PER_PRODUCT }, (_, i) => `S${i}`)
    for (let first = 0; first * VARIANTS_PER_PRODUCT < variants; first += PRODUCTS_PER_BATCH) {
      const products = Array.from({ length: PRODUCTS_PER_BATCH }, (_, i) => first + i)
        .filter((n) => n * VARIANTS_PER_PRODUCT < variants)
        .map((n) => ({
          title: `Catalog product ${n}`,
          handle: `catalog-product-${n}`,
          status: ProductStatus.PUBLISHED,
          shipping_profile_id: profile.id,
          sales_channels: [{ id: channel.id }],
          options: [{ title: "Size", values: sizes }],
          variants: sizes.map((size, i) => ({
            title: size,
            sku: `CATALOG-${n}-${size}`,
            options: { Size: size },
            manage_inventory: true,
            // every other variant may be back ordered, as in a store that sells both kinds
            allow_backorder: i % 2 === 0,
            prices: [{ currency_code: region.currency_code, amount: 10 }],
          })),
        }))
      const { result } = await createProductsWorkflow(container).run({ input: { products } })
      const {
        data: created,
      } = await query.graph({
        entity: "product_variant",
        fields: ["inventory_items.inventory_item_id"],
        filters: { product_id: result.map((product) => product.id) },
      })
      await createInventoryLevelsWorkflow(container).run({
        input: {
          inventory_levels: created.flatMap((variant: any) =>
            variant.inventory_items.map((item: any) => ({
              inventory_item_id: item.inventory_item_id,
              location_id: location.id,
              stocked_quantity: 100,
            }))
          ),
        },
      })
    }
    return
  }

  if (process.env.BENCH_GROW === "queue") {
    const size = Number(process.env.BENCH_QUEUE_SIZE || 1_000)
    const {
      data: [variant],
    } = await query.graph({ entity: "product_variant", fields: ["id", "title", "product.title"], filters: { sku: "TSHIRT-L" } })
    const orderModule = container.resolve(Modules.ORDER)
    const backorders = container.hasRegistration(BACKORDER_MODULE) ? container.resolve<any>(BACKORDER_MODULE) : null
    for (let first = 0; first < size; first += ORDERS_PER_BATCH) {
      const batch = Array.from({ length: Math.min(ORDERS_PER_BATCH, size - first) }, (_, i) => first + i)
      const drafts = await orderModule.createOrders(
        batch.map((n) => ({
          region_id: region.id,
          currency_code: region.currency_code,
          sales_channel_id: channel.id,
          email: `queue-${n}@example.com`,
          status: "draft" as any,
          is_draft_order: true,
          items: [{ title: variant.product.title, variant_id: variant.id, quantity: 2, unit_price: 20 }],
        }))
      )
      await backorders?.createBackorders(
        drafts.map((draft, i) => ({
          cart_id: `cart_bench_queue_${batch[i]}`,
          draft_order_id: draft.id,
          email: draft.email,
          status: "pending",
        }))
      )
    }
    return
  }

  throw new Error(`BENCH_GROW must be "catalog" or "queue", not ${process.env.BENCH_GROW}`)
}
