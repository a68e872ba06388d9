import { z } from "@medusajs/framework/zod"

export const StoreGetGuestBackorderParams = z
  .object({
    // base64url of an HMAC-SHA256 is 43 characters; a bound keeps junk out of the comparison
    token: z.string().min(1).max(128),
  })
  .strict()

export type StoreGetGuestBackorderParamsType = z.infer<typeof StoreGetGuestBackorderParams>

export const StoreCancelGuestBackorder = z
  .object({
    // the token of the guest's link, as the read takes it
    token: z.string().min(1).max(128),
  })
  .strict()

export type StoreCancelGuestBackorderType = z.infer<typeof StoreCancelGuestBackorder>
