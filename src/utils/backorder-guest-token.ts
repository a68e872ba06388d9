import { createHmac, timingSafeEqual } from "crypto"
import type { ConfigModule, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/*
 * The guest's key to one back order: whoever holds it may read that back order
 * (`GET /store/backorders/:id?token=…`). It is what the completion answers and what a guest's
 * link carries. Signed, not stored: an HMAC-SHA256 of the back order's id under the app's
 * `http.jwtSecret` (the secret Medusa already signs its tokens with), with a purpose prefix so
 * it is never equal to a signature made for anything else. Unguessable without the secret;
 * rotating the secret revokes every guest link, as it ends every session.
 */
const PURPOSE = "medusa-plugin-custom-backorder:guest-backorder:v1:"

type Secret = string | Buffer

/** The token for one back order. */
export function backorderGuestToken(backorderId: string, secret: Secret): string {
  return createHmac("sha256", secret).update(PURPOSE + backorderId).digest("base64url")
}

/** Whether `token` is this back order's, compared in constant time. */
export function isBackorderGuestToken(backorderId: string, token: string, secret: Secret): boolean {
  const expected = Buffer.from(backorderGuestToken(backorderId, secret))
  const given = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** The app's secret the tokens are signed with. */
export function backorderGuestTokenSecret(container: MedusaContainer): Secret {
  const config = container.resolve<ConfigModule>(ContainerRegistrationKeys.CONFIG_MODULE)
  const secret = config.projectConfig.http.jwtSecret
  // a token must never be signed with "" (Medusa refuses to start in production without the secret)
  if ((typeof secret === "string" && secret) || Buffer.isBuffer(secret)) {
    return secret
  }
  throw new Error("projectConfig.http.jwtSecret must be a non-empty string or Buffer to sign guest back-order tokens")
}
