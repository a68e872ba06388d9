import { z } from "@medusajs/framework/zod"
import { MAX_STORABLE_QUANTITY } from "../../../../../../../modules/backorder/service"
import type { UpdateVariantBackorderSettingsBody } from "../../../../../../../types"
import { isPastDate, parseShipsOn } from "../../../../../../../utils/variant-backorder-rules"

export const VARIANT_BACKORDER_MESSAGE_MAX = 200

export const AdminUpdateVariantBackorderSettings = z
  .object({
    limit: z
      .number()
      .int({ message: "limit must be a whole number" })
      .min(0, { message: "limit must not be negative" })
      .max(MAX_STORABLE_QUANTITY)
      .nullable()
      .optional(),
    ships_on: z
      .string()
      .refine((value) => parseShipsOn(value) !== null, { message: "ships_on must be an ISO date (YYYY-MM-DD)" })
      .refine((value) => !isPastDate(parseShipsOn(value)), { message: "ships_on must not be in the past" })
      .nullable()
      .optional(),
    message: z
      .string()
      .max(VARIANT_BACKORDER_MESSAGE_MAX, { message: `message must be at most ${VARIANT_BACKORDER_MESSAGE_MAX} characters` })
      .nullable()
      .optional(),
  })
  .strict() satisfies z.ZodType<UpdateVariantBackorderSettingsBody>

export type AdminUpdateVariantBackorderSettingsType = z.infer<typeof AdminUpdateVariantBackorderSettings>
