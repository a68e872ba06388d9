import { execFileSync } from "child_process"
import fs from "fs"
import os from "os"
import path from "path"
import { Client } from "pg"

/*
 * What a merchant gets from `npm install` (issue 23): the packed package's file list, as npm
 * computes it, and that tarball installed into a fresh Medusa app (built-plugin.spec.ts's app,
 * copied) whose `medusa db:migrate` creates the plugin's tables. Needs `npm run build` first (the
 * built plugin and the kit's declarations), like built-plugin.spec.ts.
 */
const pluginRoot = path.resolve(__dirname, "../..")

jest.setTimeout(240 * 1000)

/** `npm pack --dry-run --json`: the files the tarball would hold, nothing written. */
function packedFiles(): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: pluginRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  })
  const [pack] = JSON.parse(out)
  return pack.files.map((file: { path: string }) => file.path)
}

describe("the packed package", () => {
  let files: string[]

  beforeAll(() => {
    files = packedFiles()
  })

  it("holds the built plugin: its module, routes, workflows, subscribers, jobs, link and dashboard extensions", () => {
    for (const built of [
      "src/modules/backorder/index.js",
      "src/modules/backorder/service.js",
      "src/api/middlewares.js",
      "src/api/admin/backorders/route.js",
      "src/api/store/customers/me/backorders/route.js",
      "src/workflows/index.js",
      "src/subscribers/backorder-payment-captured.js",
      "src/jobs/recover-stale-backorder-claims.js",
      "src/links/backorder-source-order.js",
      "src/admin/index.js",
      "src/admin/index.mjs",
    ]) {
      expect(files).toContain(`.medusa/server/${built}`)
    }
    expect(files.some((file) => /^\.medusa\/server\/src\/modules\/backorder\/migrations\/Migration\d+\.js$/.test(file))).toBe(true)
  })

  it("holds the storefront kit with its types, where package.json's exports point", () => {
    const pkg = require(path.join(pluginRoot, "package.json"))
    const kit = pkg.exports["./storefront"]
    expect(files).toContain(path.posix.normalize(kit.default))
    expect(files).toContain(path.posix.normalize(kit.types))
    expect(files).toContain(".medusa/server/src/storefront/types.d.ts")
    // every entry of the exports map that names one file is in the package
    for (const target of [pkg.exports["./workflows"], pkg.exports["./admin"].import, pkg.exports["./admin"].require]) {
      expect(files).toContain(path.posix.normalize(target))
    }
  })

  it("holds the README, the licence and package.json", () => {
    for (const file of ["README.md", "LICENSE", "package.json"]) {
      expect(files).toContain(file)
    }
  })

  it("holds no tests, demo, docs, images, sources or source maps: everything else is the built plugin", () => {
    const outside = files.filter((file) => !file.startsWith(".medusa/server/src/"))
    expect(outside.sort()).toEqual(["LICENSE", "README.md", "package.json"])
    const unwanted = files.filter(
      (file) =>
        /(^|\/)(integration-tests|unit-tests|e2e|demo|docs|recipes|scripts|__tests__)\//.test(file) ||
        /\.(spec|test|unit\.spec|bench)\.[cm]?[jt]sx?$/.test(file) ||
        /\.(png|jpe?g|gif|svg|map)$/.test(file) ||
        // sources: TypeScript that is not a declaration
        (/\.[cm]?tsx?$/.test(file) && !/\.d\.[cm]?ts$/.test(file))
    )
    expect(unwanted).toEqual([])
  })
})

describe("the packed tarball in a fresh Medusa app", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "backorder-packed-"))
  const app = path.join(work, "app")
  const database = `backorder_packed_${process.pid}`
  const connection = {
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT),
    user: process.env.DB_USERNAME,
    password: process.env.DB_PASSWORD,
  }
  const databaseUrl = `postgres://${encodeURIComponent(connection.user ?? "")}:${encodeURIComponent(connection.password ?? "")}@${connection.host}:${connection.port}/${database}`

  /** Runs a query on the server's `postgres` database (creating and dropping the app's). */
  async function onServer(sql: string) {
    const client = new Client({ ...connection, database: "postgres" })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }

  beforeAll(async () => {
    await onServer(`CREATE DATABASE "${database}"`)
  })

  afterAll(async () => {
    await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
    fs.rmSync(work, { recursive: true, force: true })
  })

  it("installs with npm from the tarball, and `medusa db:migrate` creates the plugin's tables and its link", async () => {
    const started = Date.now()
    const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1)
    execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", work], { cwd: pluginRoot, stdio: "ignore" })
    const tarball = fs.readdirSync(work).find((file) => file.endsWith(".tgz"))
    expect(tarball).toBeDefined()

    const packed = seconds(started)
    const installStarted = Date.now()
    fs.cpSync(path.join(pluginRoot, "integration-tests/built-app"), app, { recursive: true })
    // The package has no dependencies, and its peers (Medusa itself) are the app's: npm installs
    // only the tarball (--legacy-peer-deps: the peers come next, as the app's own packages).
    execFileSync(
      "npm",
      ["install", path.join(work, tarball!), "--legacy-peer-deps", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"],
      { cwd: app, stdio: "pipe" }
    )
    const installed = path.join(app, "node_modules/medusa-plugin-custom-backorder")
    expect(fs.readFileSync(path.join(installed, "LICENSE"), "utf8")).toMatch(/^MIT License/)
    expect(fs.existsSync(path.join(installed, "src"))).toBe(false)
    expect(fs.existsSync(path.join(installed, ".medusa/server/src/modules/backorder/index.js"))).toBe(true)
    // The app's Medusa (what a merchant has in its package.json and node_modules, which is how
    // Medusa's CLI knows a project): this checkout's, linked in, so the test downloads no Medusa.
    const appPackage = JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8"))
    const version = (name: string) => require(path.join(pluginRoot, "node_modules", name, "package.json")).version
    appPackage.dependencies = {
      ...appPackage.dependencies,
      ...Object.fromEntries(["@medusajs/medusa", "@medusajs/framework", "@medusajs/cli"].map((name) => [name, version(name)])),
    }
    expect(appPackage.dependencies["medusa-plugin-custom-backorder"]).toMatch(/\.tgz$/)
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify(appPackage, null, 2))
    for (const entry of fs.readdirSync(path.join(pluginRoot, "node_modules"))) {
      const target = path.join(app, "node_modules", entry)
      if (!fs.existsSync(target)) {
        fs.symlinkSync(path.join(pluginRoot, "node_modules", entry), target)
      }
    }

    const installTime = seconds(installStarted)
    const migrateStarted = Date.now()
    execFileSync(path.join(pluginRoot, "node_modules/.bin/medusa"), ["db:migrate"], {
      cwd: app,
      stdio: "pipe",
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        BACKORDER_PLUGIN_RESOLVE: "medusa-plugin-custom-backorder",
        MEDUSA_DISABLE_TELEMETRY: "true",
      },
    })

    const client = new Client({ ...connection, database })
    await client.connect()
    try {
      const { rows } = await client.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('backorder', 'backorder_line', 'backorder_setting', 'backorder_oversold_line')`
      )
      expect(rows.map((row) => row.table_name).sort()).toEqual(["backorder", "backorder_line", "backorder_oversold_line", "backorder_setting"])
      const links = await client.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE '%backorder%order%'`
      )
      // one link, synced by db:migrate: a back order and its source order
      expect(links.rows).toHaveLength(1)
    } finally {
      await client.end()
    }
    console.log(`pack ${packed} s, npm install ${installTime} s, db:migrate ${seconds(migrateStarted)} s, in all ${seconds(started)} s`)
  })
})
