import { z } from "@medusajs/framework/zod"

export const OVERSOLD_LINES_MAX_LIMIT = 100

export const AdminGetOversoldLinesParams = z
  .object({
    order_id: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(0).max(OVERSOLD_LINES_MAX_LIMIT).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export type AdminGetOversoldLinesParamsType = z.infer<typeof AdminGetOversoldLinesParams>
