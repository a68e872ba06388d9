// Seeds the demo store, idempotently: every record is looked up by a stable name, handle or
// title first, so a second run reuses everything and creates nothing twice.
// Run by demo/run.mjs as `medusa exec ./seed.ts`; writes the publishable key to $DEMO_INFO_FILE.
import fs from "fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
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
  updateRegionsWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

const COUNTRIES = ["de", "fr", "nl", "at"]
const TAX_RATE = 19

export default async function seedDemoStore({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const salesChannelModule = container.resolve(Modules.SALES_CHANNEL)
  const apiKeyModule = container.resolve(Modules.API_KEY)
  const regionModule = container.resolve(Modules.REGION)
  const taxModule = container.resolve(Modules.TAX)
  const stockLocationModule = container.resolve(Modules.STOCK_LOCATION)
  const fulfillmentModule = container.resolve(Modules.FULFILLMENT)
  const productModule = container.resolve(Modules.PRODUCT)
  const inventoryModule = container.resolve(Modules.INVENTORY)
  const storeModule = container.resolve(Modules.STORE)

  // Sales channel
  let [salesChannel] = await salesChannelModule.listSalesChannels({ name: "Webshop" })
  if (!salesChannel) {
    ;[salesChannel] = (
      await createSalesChannelsWorkflow(container).run({ input: { salesChannelsData: [{ name: "Webshop" }] } })
    ).result
  }

  // Store currency and default sales channel
  const [store] = await storeModule.listStores({}, { relations: ["supported_currencies"] })
  if (!store.supported_currencies?.some((c) => c.currency_code === "eur") || store.default_sales_channel_id !== salesChannel.id) {
    await updateStoresWorkflow(container).run({
      input: {
        selector: { id: store.id },
        update: {
          supported_currencies: [{ currency_code: "eur", is_default: true }],
          default_sales_channel_id: salesChannel.id,
        },
      },
    })
  }

  // Publishable API key
  let [apiKey] = await apiKeyModule.listApiKeys({ title: "Webshop storefront", type: "publishable" })
  if (!apiKey) {
    ;[apiKey] = (
      await createApiKeysWorkflow(container).run({
        input: { api_keys: [{ title: "Webshop storefront", type: "publishable", created_by: "" }] },
      })
    ).result
  }
  // Links are upserts: ensured on every run, so a run interrupted after creating a record still heals.
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: apiKey.id, add: [salesChannel.id] } })

  // Region with the manual payment provider and the card gateway (demo/medusa-config.ts), and its tax rate
  const paymentProviders = ["pp_system_default", "pp_test-card_test"]
  let [region] = await regionModule.listRegions({ name: "Europe" })
  if (!region) {
    ;[region] = (
      await createRegionsWorkflow(container).run({
        input: {
          regions: [
            { name: "Europe", currency_code: "eur", countries: COUNTRIES, payment_providers: paymentProviders, automatic_taxes: true },
          ],
        },
      })
    ).result
  } else {
    // a store seeded before the card gateway existed gets it too
    await updateRegionsWorkflow(container).run({ input: { selector: { id: region.id }, update: { payment_providers: paymentProviders } } })
  }
  const existingTaxRegions = await taxModule.listTaxRegions({ country_code: COUNTRIES })
  const missingTaxCountries = COUNTRIES.filter((c) => !existingTaxRegions.some((t) => t.country_code === c))
  if (missingTaxCountries.length) {
    await createTaxRegionsWorkflow(container).run({
      input: missingTaxCountries.map((country_code) => ({
        country_code,
        provider_id: "tp_system",
        default_tax_rate: { rate: TAX_RATE, code: "VAT", name: "VAT" },
      })),
    })
  }

  // Stock location linked to the channel and the manual fulfillment provider
  let [stockLocation] = await stockLocationModule.listStockLocations({ name: "Demo warehouse" })
  if (!stockLocation) {
    ;[stockLocation] = (
      await createStockLocationsWorkflow(container).run({
        input: { locations: [{ name: "Demo warehouse", address: { address_1: "Hauptstr. 1", city: "Berlin", country_code: "de" } }] },
      })
    ).result
  }
  await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: stockLocation.id, add: [salesChannel.id] } })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })

  // Shipping profile, fulfillment set, service zone, flat-rate shipping option
  let [shippingProfile] = await fulfillmentModule.listShippingProfiles({ type: "default" })
  if (!shippingProfile) {
    ;[shippingProfile] = (
      await createShippingProfilesWorkflow(container).run({ input: { data: [{ name: "Default", type: "default" }] } })
    ).result
  }
  let [fulfillmentSet] = await fulfillmentModule.listFulfillmentSets({ name: "Demo warehouse delivery" }, { relations: ["service_zones"] })
  if (!fulfillmentSet) {
    fulfillmentSet = await fulfillmentModule.createFulfillmentSets({
      name: "Demo warehouse delivery",
      type: "shipping",
      service_zones: [{ name: "Europe", geo_zones: COUNTRIES.map((country_code) => ({ type: "country" as const, country_code })) }],
    })
  }
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  })
  const [shippingOption] = await fulfillmentModule.listShippingOptions({ name: "Standard shipping" })
  if (!shippingOption) {
    await createShippingOptionsWorkflow(container).run({
      input: [
        {
          name: "Standard shipping",
          price_type: "flat",
          provider_id: "manual_manual",
          service_zone_id: fulfillmentSet.service_zones[0].id,
          shipping_profile_id: shippingProfile.id,
          type: { label: "Standard", description: "Ships in 2-3 days.", code: "standard" },
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
  }

  // Products: one that can be back ordered (5 in stock), one ordinary in-stock product
  const products = [
    { handle: "backorder-t-shirt", title: "Medusa T-Shirt", sku: "TSHIRT-L", amount: 20, allow_backorder: true, stocked: 5 },
    { handle: "medusa-mug", title: "Medusa Mug", sku: "MUG-L", amount: 10, allow_backorder: false, stocked: 100 },
  ]
  for (const spec of products) {
    let [product] = await productModule.listProducts({ handle: spec.handle }, { relations: ["variants"] })
    if (!product) {
      ;[product] = (
        await createProductsWorkflow(container).run({
          input: {
            products: [
              {
                title: spec.title,
                handle: spec.handle,
                status: ProductStatus.PUBLISHED,
                shipping_profile_id: shippingProfile.id,
                options: [{ title: "Size", values: ["L"] }],
                sales_channels: [{ id: salesChannel.id }],
                variants: [
                  {
                    title: "L",
                    sku: spec.sku,
                    options: { Size: "L" },
                    manage_inventory: true,
                    allow_backorder: spec.allow_backorder,
                    prices: [{ currency_code: "eur", amount: spec.amount }],
                  },
                ],
              },
            ],
          },
        })
      ).result
    }
    const { data: variants } = await query.graph({
      entity: "product_variant",
      fields: ["id", "inventory_items.inventory_item_id"],
      filters: { id: product.variants[0].id },
    })
    const inventoryItemId = variants[0].inventory_items?.[0]?.inventory_item_id as string
    const levels = await inventoryModule.listInventoryLevels({ inventory_item_id: inventoryItemId, location_id: stockLocation.id })
    if (!levels.length) {
      await createInventoryLevelsWorkflow(container).run({
        input: { inventory_levels: [{ inventory_item_id: inventoryItemId, location_id: stockLocation.id, stocked_quantity: spec.stocked }] },
      })
    }
  }

  // The plugin's store setting, on from the first seed so a person trying the demo sees the
  // prompt at once; a later start keeps whatever the admin chose since (the row exists then).
  // The benchmark seeds the same store into an app without the plugin: nothing to turn on there.
  let backordersEnabled = false
  if (container.hasRegistration("backorder")) {
    const backorderModule = container.resolve<{
      listAndCountBackorderSettings(filters: object, config: { take: number }): Promise<[unknown[], number]>
      updateSettings(update: { enabled: boolean }): Promise<unknown>
      retrieveSettings(): Promise<{ enabled: boolean }>
    }>("backorder")
    const [, settingsRows] = await backorderModule.listAndCountBackorderSettings({}, { take: 1 })
    if (!settingsRows) {
      await backorderModule.updateSettings({ enabled: true })
    }
    ;({ enabled: backordersEnabled } = await backorderModule.retrieveSettings())
  }

  const info = { backorders_enabled: backordersEnabled, publishable_key: apiKey.token, region_id: region.id, sales_channel_id: salesChannel.id }
  if (process.env.DEMO_INFO_FILE) {
    fs.writeFileSync(process.env.DEMO_INFO_FILE, JSON.stringify(info, null, 2))
  }
  logger.info(`Demo store ready: publishable key ${apiKey.token}`)
}
