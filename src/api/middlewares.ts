import { defineMiddlewares } from "@medusajs/framework/http"
import { adminBackorderSettingsMiddlewares } from "./admin/backorder-settings/middlewares"
import { adminBackordersMiddlewares } from "./admin/backorders/middlewares"
import { adminBackorderDraftGuardMiddlewares } from "./admin/draft-orders/middlewares"
import { adminOversoldLinesMiddlewares } from "./admin/oversold-lines/middlewares"
import { adminVariantBackorderSettingsMiddlewares } from "./admin/products/[id]/variants/[variant_id]/backorder-settings/middlewares"
import { paymentWebhookBackorderMiddlewares } from "./hooks/payment/[provider]/middlewares"
import { storeVariantBackorderShippingMiddlewares } from "./store/backorder-settings/variants/middlewares"
import { storeGuestBackorderMiddlewares } from "./store/backorders/[id]/middlewares"
import { storeCartLineItemBackorderMiddlewares } from "./store/carts/[id]/line-items/middlewares"
import { storeCartCompleteBackorderMiddlewares } from "./store/carts/[id]/complete/middlewares"
import { storeCartUpdateBackorderMiddlewares } from "./store/carts/[id]/middlewares"
import { storeCustomerBackordersMiddlewares } from "./store/customers/me/backorders/middlewares"
import { storeBackorderLinkPaymentMiddlewares } from "./store/payment-collections/[id]/backorder-payment/middlewares"
import { storePaymentSessionBackorderMiddlewares } from "./store/payment-collections/[id]/payment-sessions/middlewares"

export default defineMiddlewares({
  routes: [
    ...adminBackorderSettingsMiddlewares,
    ...adminBackordersMiddlewares,
    ...adminBackorderDraftGuardMiddlewares,
    ...adminOversoldLinesMiddlewares,
    ...adminVariantBackorderSettingsMiddlewares,
    ...storeCartLineItemBackorderMiddlewares,
    ...storeCartCompleteBackorderMiddlewares,
    ...storeCartUpdateBackorderMiddlewares,
    ...paymentWebhookBackorderMiddlewares,
    ...storeCustomerBackordersMiddlewares,
    ...storeBackorderLinkPaymentMiddlewares,
    ...storePaymentSessionBackorderMiddlewares,
    ...storeGuestBackorderMiddlewares,
    ...storeVariantBackorderShippingMiddlewares,
  ],
})
