// Starts an embedded PostgreSQL for the whole jest run, unless DB_HOST points at an existing server.
const { startEmbeddedPostgres } = require("../scripts/embedded-pg")

module.exports = async () => {
  if (process.env.DB_HOST) {
    return
  }
  const server = await startEmbeddedPostgres()
  globalThis.__BACKORDER_PG__ = server
  // The test runner forces SSL unless the URL says "localhost": keep it "localhost".
  process.env.DB_HOST = "localhost"
  process.env.DB_PORT = String(server.port)
  process.env.DB_USERNAME = server.user
  process.env.DB_PASSWORD = server.password
}
