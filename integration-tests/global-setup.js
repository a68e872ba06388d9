// Starts an embedded PostgreSQL for the whole jest run, unless DB_HOST points at an existing server.
const fs = require("fs")
const path = require("path")
const { startEmbeddedPostgres } = require("../scripts/embedded-pg")

module.exports = async () => {
  // jest's --outputFile does not create its folder; CI reads the result from there
  fs.mkdirSync(path.resolve(__dirname, "../.test-results"), { recursive: true })
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
