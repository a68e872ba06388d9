import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { BACKORDER_MODULE } from "../../../modules/backorder"
import type BackorderModuleService from "../../../modules/backorder/service"
import { BACKORDER_STATUSES } from "../../../modules/backorder/service"
import type {
  AdminBackorderListParams,
  BackorderChargePreviewParams,
  BackorderPayment,
  ChargeBackorderBody,
} from "../../../types"

export const BACKORDERS_MAX_LIMIT = 100

/** The module's ceiling on a back order's shipping amount (`max_shipping_amount`): 400 above it. */
export function ensureShippingAmountAllowed(scope: MedusaContainer, amount: number): void {
  const max = scope.resolve<BackorderModuleService>(BACKORDER_MODULE).getMaxShippingAmount()
  if (amount > max) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `shipping_amount must be at most ${max}`)
  }
}

export const AdminGetBackordersParams = z
  .object({
    status: z.union([z.enum(BACKORDER_STATUSES), z.array(z.enum(BACKORDER_STATUSES)).min(1)]).optional(),
    /** Back orders whose source order or draft/converted order has this id (the order widgets use it). */
    order_id: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(0).max(BACKORDERS_MAX_LIMIT).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict() satisfies z.ZodType<AdminBackorderListParams>

export type AdminGetBackordersParamsType = z.infer<typeof AdminGetBackordersParams>

export const AdminChargeBackorder = z
  .object({
    // tax-exclusive, in the order's currency; taxed by the region's rules like any shipping method
    shipping_amount: z.number().finite().min(0),
    shipping_option_id: z.string().min(1).optional(),
    payment: z.enum(["record", "link", "saved_card"] satisfies BackorderPayment[]),
  })
  .strict() satisfies z.ZodType<ChargeBackorderBody>

export type AdminChargeBackorderType = z.infer<typeof AdminChargeBackorder>

export const AdminPreviewBackorderChargeParams = z
  .object({
    // a query string carries text: "7.5" → 7.5, while "", "abc" and "-1" stay 400s
    shipping_amount: z
      .string()
      .regex(/^\d+(\.\d+)?$/, "Expected a number >= 0")
      .transform(Number)
      .pipe(z.number().finite().min(0)),
    shipping_option_id: z.string().min(1).optional(),
  })
  .strict() satisfies z.ZodType<BackorderChargePreviewParams>

export type AdminPreviewBackorderChargeParamsType = z.infer<typeof AdminPreviewBackorderChargeParams>

export const AdminCancelBackorder = z.object({}).strict()

export type AdminCancelBackorderType = z.infer<typeof AdminCancelBackorder>

export const AdminRecoverBackorder = z.object({}).strict()

export type AdminRecoverBackorderType = z.infer<typeof AdminRecoverBackorder>
