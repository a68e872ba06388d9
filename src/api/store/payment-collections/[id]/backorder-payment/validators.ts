import { z } from "@medusajs/framework/zod"

export const StorePayBackorderLink = z.object({}).strict()

export type StorePayBackorderLinkType = z.infer<typeof StorePayBackorderLink>
