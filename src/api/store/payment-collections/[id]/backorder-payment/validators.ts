import { z } from "@medusajs/framework/zod"
import type { PayBackorderLinkBody } from "../../../../../types"

export const StorePayBackorderLink = z
  .object({
    /** Open a session with this provider first (e.g. the manual `pp_system_default`); else the open session is used. */
    provider_id: z.string().min(1).optional(),
  })
  .strict() satisfies z.ZodType<PayBackorderLinkBody>

export type StorePayBackorderLinkType = z.infer<typeof StorePayBackorderLink>
