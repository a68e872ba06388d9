import { z } from "@medusajs/framework/zod"
import type { BackorderSettings } from "../../../types"

export const AdminUpdateBackorderSettings = z
  .object({ enabled: z.boolean() })
  .strict() satisfies z.ZodType<BackorderSettings>

export type AdminUpdateBackorderSettingsType = z.infer<typeof AdminUpdateBackorderSettings>
