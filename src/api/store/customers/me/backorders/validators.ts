import { z } from "@medusajs/framework/zod"

export const STORE_BACKORDERS_MAX_LIMIT = 50

export const StoreGetMyBackordersParams = z
  .object({
    limit: z.coerce.number().int().min(0).max(STORE_BACKORDERS_MAX_LIMIT).default(10),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export type StoreGetMyBackordersParamsType = z.infer<typeof StoreGetMyBackordersParams>

export const StoreCancelMyBackorder = z.object({}).strict()
