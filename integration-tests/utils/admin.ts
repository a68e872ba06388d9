import type { MedusaContainer } from "@medusajs/framework/types"
import { createUserAccountWorkflow } from "@medusajs/medusa/core-flows"

type Api = {
  post: (url: string, body?: unknown, config?: unknown) => Promise<{ data: any }>
}

/** Turns on "Allow custom backordering with negative inventory" through the admin API. */
export async function enableBackorders(api: Api, admin: AdminHeaders) {
  await api.post("/admin/backorder-settings", { enabled: true }, admin)
}

export type AdminHeaders = { headers: { authorization: string } }

/**
 * Registers an admin through Medusa's real auth routes (emailpass) and returns
 * bearer headers for admin requests.
 */
export async function createAdminUser(
  api: Api,
  container: MedusaContainer,
  { email = "admin@example.com", password = "supersecret" } = {}
): Promise<AdminHeaders> {
  const registration = await api.post("/auth/user/emailpass/register", { email, password })
  await createUserAccountWorkflow(container).run({
    input: { authIdentityId: authIdentityIdOf(registration.data.token), userData: { email } },
  })
  const login = await api.post("/auth/user/emailpass", { email, password })
  return { headers: { authorization: `Bearer ${login.data.token}` } }
}

function authIdentityIdOf(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"))
  return payload.auth_identity_id
}
