import { z } from "@medusajs/framework/zod"

export const STORE_VARIANT_SHIPPING_MAX = 100

/** `?variant_ids=a,b` (or repeated): the variants a product page shows. */
export const StoreGetVariantBackorderShipping = z
  .object({
    variant_ids: z
      .union([z.string(), z.array(z.string())])
      .transform((value) => [...new Set((Array.isArray(value) ? value : value.split(",")).map((id) => id.trim()).filter(Boolean))])
      .pipe(z.array(z.string()).min(1).max(STORE_VARIANT_SHIPPING_MAX)),
  })
  .strict()

export type StoreGetVariantBackorderShippingType = z.infer<typeof StoreGetVariantBackorderShipping>
