import Medusa from "@medusajs/js-sdk"

// The dashboard is served by the same Medusa server, so "/" reaches the admin API; the
// session cookie set at login authenticates every request.
export const sdk = new Medusa({
  baseUrl: import.meta.env.VITE_BACKEND_URL || "/",
  debug: import.meta.env.DEV,
  auth: { type: "session" },
})
