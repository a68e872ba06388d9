import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BACKORDER_MODULE } from "../../modules/backorder"
import type BackorderModuleService from "../../modules/backorder/service"
import { isStockLockReleaseHookRegistered } from "../../utils/stock-locks-before-payment"

/**
 * How long the plugin's locks wait and live, from the module's `lock_timeout` option. A workflow
 * is composed once, before any option is read, so its lock steps take the timings from this
 * step's output.
 */
export const getBackorderLockTimingsStep = createStep("get-backorder-lock-timings", async (_, { container }) => {
  const backorderModule = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  return new StepResponse({
    ...backorderModule.getLockTimings(),
    /** The checkout's stock locks end in Medusa's `beforePaymentAuthorization` hook (the plugin's handler holds it). */
    release_stock_before_payment: backorderModule.registersBeforePaymentAuthorizationHook() && isStockLockReleaseHookRegistered(),
  })
})
