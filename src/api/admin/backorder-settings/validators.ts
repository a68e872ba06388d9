import { z } from "@medusajs/framework/zod"

export const AdminUpdateBackorderSettings = z
  .object({ enabled: z.boolean() })
  .strict()

export type AdminUpdateBackorderSettingsType = z.infer<typeof AdminUpdateBackorderSettings>
