import { execFileSync } from "child_process"
import path from "path"

/*
 * What a merchant gets from `npm install` (issue 23): the packed package's file list, as npm
 * computes it. Needs `npm run build` first (the built plugin and the kit's declarations), like
 * built-plugin.spec.ts.
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
