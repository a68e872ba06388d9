const fs = require("fs")

module.exports = async () => {
  const server = globalThis.__BACKORDER_PG__
  if (!server) {
    return
  }
  await server.stop()
  fs.rmSync(server.databaseDir, { recursive: true, force: true })
}
