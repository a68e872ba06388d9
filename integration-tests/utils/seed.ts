import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createInventoryItemsWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/medusa/core-flows"
import { createAdminUser, enableBackorders, type AdminHeaders } from "./admin"

export const TAX_RATE = 19

export type SeededStore = {
  regionId: string
  salesChannelId: string
  otherSalesChannelId: string
  publishableKey: string
  stockLocationId: string
  shippingOptionId: string
  shippingProfileId: string
  /** Medusa T-Shirt (L): managed inventory, backorders allowed, 5 in stock, 20 EUR. */
  backorderVariantId: string
  backorderInventoryItemId: string
  /** Medusa Mug: managed inventory, backorders NOT allowed, 5 in stock, 10 EUR. */
  noBackorderVariantId: string
  /** Medusa Sticker: inventory not managed, backorders allowed, 3 EUR. */
  unmanagedVariantId: string
  /** Medusa Gift Set: an inventory kit (2 × the kit item), backorders allowed, 5 kit items in stock. */
  kitVariantId: string
  /** Medusa Socks: an ordinary in-stock product, 100 in stock, 5 EUR. */
  inStockVariantId: string
  /** A backorderable variant that is only sold in another sales channel. */
  otherChannelVariantId: string
  headers: { headers: { "x-publishable-api-key": string } }
}

/** Seeds a store the tests can shop in: region (EUR, DE, 19 % tax), channel, key, stock, shipping, products. */
export async function seedStore(container: MedusaContainer): Promise<SeededStore> {
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const fulfillment = container.resolve(Modules.FULFILLMENT)

  const {
    result: [salesChannel, otherSalesChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Webshop" }, { name: "Wholesale" }] },
  })

  const {
    result: [apiKey],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Webshop", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: apiKey.id, add: [salesChannel.id] },
  })

  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        {
          name: "Germany",
          currency_code: "eur",
          countries: ["de"],
          payment_providers: ["pp_system_default"],
          automatic_taxes: true,
        },
      ],
    },
  })
  await createTaxRegionsWorkflow(container).run({
    input: [
      {
        country_code: "de",
        provider_id: "tp_system",
        default_tax_rate: { rate: TAX_RATE, code: "DE19", name: "DE VAT" },
      },
    ],
  })

  const {
    result: [stockLocation, otherStockLocation],
  } = await createStockLocationsWorkflow(container).run({
    input: {
      locations: [
        { name: "Berlin warehouse", address: { address_1: "Hauptstr. 1", city: "Berlin", country_code: "de" } },
        { name: "Wholesale warehouse", address: { address_1: "Nebenstr. 2", city: "Hamburg", country_code: "de" } },
      ],
    },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: stockLocation.id, add: [salesChannel.id] },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: otherStockLocation.id, add: [otherSalesChannel.id] },
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })

  const {
    result: [shippingProfile],
  } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default", type: "default" }] },
  })

  const fulfillmentSet = await fulfillment.createFulfillmentSets({
    name: "Berlin delivery",
    type: "shipping",
    service_zones: [{ name: "Germany", geo_zones: [{ type: "country", country_code: "de" }] }],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  })

  const {
    result: [shippingOption],
  } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Standard shipping",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: fulfillmentSet.service_zones[0].id,
        shipping_profile_id: shippingProfile.id,
        type: { label: "Standard", description: "2-3 days", code: "standard" },
        prices: [
          { currency_code: "eur", amount: 10 },
          { region_id: region.id, amount: 10 },
        ],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  })

  const product = (title: string, sku: string, amount: number, variant: Record<string, unknown>, channelId = salesChannel.id) => ({
    title,
    status: ProductStatus.PUBLISHED,
    shipping_profile_id: shippingProfile.id,
    options: [{ title: "Size", values: ["L"] }],
    sales_channels: [{ id: channelId }],
    variants: [
      {
        title: "L",
        sku,
        options: { Size: "L" },
        prices: [{ currency_code: "eur", amount }],
        ...variant,
      },
    ],
  })

  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: [
        product("Medusa T-Shirt", "TSHIRT-L", 20, { manage_inventory: true, allow_backorder: true }),
        product("Medusa Mug", "MUG-L", 10, { manage_inventory: true, allow_backorder: false }),
        product("Medusa Sticker", "STICKER-L", 3, { manage_inventory: false, allow_backorder: true }),
        product("Medusa Socks", "SOCKS-L", 5, { manage_inventory: true, allow_backorder: false }),
        product("Medusa Cap", "CAP-L", 15, { manage_inventory: true, allow_backorder: true }, otherSalesChannel.id),
      ],
    },
  })
  const [tshirt, mug, sticker, socks, cap] = products.map((p) => p.variants[0])

  // An inventory kit: the gift set needs 2 units of one inventory item.
  const {
    result: [kitItem],
  } = await createInventoryItemsWorkflow(container).run({
    input: { items: [{ sku: "KIT-ITEM", title: "Gift box" }] },
  })
  const {
    result: [giftSet],
  } = await createProductsWorkflow(container).run({
    input: {
      products: [
        product("Medusa Gift Set", "GIFT-L", 30, {
          manage_inventory: true,
          allow_backorder: true,
          inventory_items: [{ inventory_item_id: kitItem.id, required_quantity: 2 }],
        }),
      ],
    },
  })
  const kit = giftSet.variants[0]

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: variantsWithInventory } = await query.graph({
    entity: "product_variant",
    fields: ["id", "inventory_items.inventory_item_id"],
    filters: { id: [tshirt.id, mug.id, socks.id, cap.id] },
  })
  const inventoryItemOf = (variantId: string) =>
    (variantsWithInventory as any[]).find((v) => v.id === variantId).inventory_items[0].inventory_item_id

  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: [
        { inventory_item_id: inventoryItemOf(tshirt.id), location_id: stockLocation.id, stocked_quantity: 5 },
        { inventory_item_id: inventoryItemOf(mug.id), location_id: stockLocation.id, stocked_quantity: 5 },
        { inventory_item_id: inventoryItemOf(socks.id), location_id: stockLocation.id, stocked_quantity: 100 },
        { inventory_item_id: kitItem.id, location_id: stockLocation.id, stocked_quantity: 5 },
        { inventory_item_id: inventoryItemOf(cap.id), location_id: otherStockLocation.id, stocked_quantity: 5 },
      ],
    },
  })

  return {
    regionId: region.id,
    salesChannelId: salesChannel.id,
    otherSalesChannelId: otherSalesChannel.id,
    publishableKey: apiKey.token,
    stockLocationId: stockLocation.id,
    shippingOptionId: shippingOption.id,
    shippingProfileId: shippingProfile.id,
    backorderVariantId: tshirt.id,
    backorderInventoryItemId: inventoryItemOf(tshirt.id),
    noBackorderVariantId: mug.id,
    unmanagedVariantId: sticker.id,
    kitVariantId: kit.id,
    inStockVariantId: socks.id,
    otherChannelVariantId: cap.id,
    headers: { headers: { "x-publishable-api-key": apiKey.token } },
  }
}

/** What `medusaIntegrationTestRunner` hands a test suite that `seedOncePerSpec` needs. */
type TestSuiteOptions = {
  api: any
  getContainer: () => MedusaContainer
  dbConfig: { dbName: string }
  dbUtils: {
    snapshot: (options?: { templateName?: string }) => Promise<void>
    restore: (options?: { templateName?: string }) => Promise<void>
  }
}

/** The second template of a spec's database: the seeded store, kept while a describe shares a fixture. */
const seededTemplateOf = (suite: TestSuiteOptions) => `${suite.dbConfig.dbName}-seeded`

export type SeededSpec = { store: SeededStore; admin: AdminHeaders }

/**
 * Seeds the store and its admin once for a whole spec; call it from the spec's `beforeAll`. The
 * test runner restores the database from a template before every test; `dbUtils.snapshot()`
 * makes the seeded database that template, so each test starts from the same freshly seeded
 * store without seeding again. `prepare` adds what every test of the spec needs (a payment
 * provider on the region, say) before the snapshot.
 */
export async function seedOncePerSpec(
  suite: TestSuiteOptions,
  {
    backordersEnabled = false,
    prepare,
  }: { backordersEnabled?: boolean; prepare?: (seeded: SeededSpec) => Promise<void> } = {}
): Promise<SeededSpec> {
  const container = suite.getContainer()
  const admin = await createAdminUser(suite.api, container)
  const store = await seedStore(container)
  if (backordersEnabled) {
    await enableBackorders(suite.api, admin)
  }
  await prepare?.({ store, admin })
  await suite.dbUtils.snapshot({ templateName: seededTemplateOf(suite) })
  await suite.dbUtils.snapshot()
  return { store, admin }
}

/**
 * For a `describe` whose tests all start from the same fixture (bad-input cases, list filters):
 * `setUp` runs once, in the describe's `beforeAll`, on the freshly seeded store, and its rows
 * become the database every test of the describe starts from, so a test may change them without
 * the next one seeing it. After the describe, the seeded store alone is that database again.
 * The answer's `current` holds what `setUp` returned.
 */
export function shareFixture<T>(suite: TestSuiteOptions, setUp: () => Promise<T>): { current: T } {
  const fixture = {} as { current: T }
  const seeded = { templateName: seededTemplateOf(suite) }
  beforeAll(async () => {
    await suite.dbUtils.restore(seeded)
    fixture.current = await setUp()
    await suite.dbUtils.snapshot()
  })
  afterAll(async () => {
    await suite.dbUtils.restore(seeded)
    await suite.dbUtils.snapshot()
  })
  return fixture
}
