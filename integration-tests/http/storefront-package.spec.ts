import { execFileSync } from "child_process"
import fs from "fs"
import os from "os"
import path from "path"
import semver from "semver"

/*
 * The package as a storefront installs it (issue 22): a React 19 Next.js storefront with
 * `@medusajs/js-sdk` 2.18+ and no Medusa server. Needs `npm run build` first (the built kit and
 * its declarations), like built-plugin.spec.ts.
 */
const pluginRoot = path.resolve(__dirname, "../..")
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"))
const pkg = readJson(path.join(pluginRoot, "package.json"))

jest.setTimeout(240 * 1000)

describe("the package in a storefront", () => {
  it("requires no Medusa server, admin or React of a storefront: its only required peer is the JS SDK, from 2.18", () => {
    const optional = new Set(Object.keys(pkg.peerDependenciesMeta ?? {}).filter((name) => pkg.peerDependenciesMeta[name].optional))
    const required = Object.keys(pkg.peerDependencies).filter((name) => !optional.has(name))
    expect(required).toEqual(["@medusajs/js-sdk"])
    // the dtc-starter's SDK (2.18.0) and the one the plugin is built with
    expect(semver.satisfies("2.18.0", pkg.peerDependencies["@medusajs/js-sdk"])).toBe(true)
    expect(semver.satisfies(readJson(path.join(pluginRoot, "node_modules/@medusajs/js-sdk/package.json")).version, pkg.peerDependencies["@medusajs/js-sdk"])).toBe(true)
    // a peer npm checks (even an optional one, when present) may not pin a storefront's React or
    // the storefront's @medusajs/icons: the admin extensions use the dashboard's copies
    for (const name of ["react", "react-dom", "@medusajs/icons", "@medusajs/ui", "react-router-dom", "@tanstack/react-query"]) {
      expect(pkg.peerDependencies[name]).toBeUndefined()
    }
    expect(pkg.dependencies ?? {}).toEqual({})
  })

  describe.each([
    { resolution: "node", module: "commonjs", file: "consumer.ts" },
    { resolution: "node16", module: "node16", file: "consumer.ts" },
    { resolution: "node16", module: "node16", file: "consumer.mts" },
    { resolution: "bundler", module: "esnext", file: "consumer.ts" },
  ])("moduleResolution $resolution ($file)", ({ resolution, module, file }) => {
    it("resolves the kit's types (not any): a consumer type-checks, and a wrong answer is a type error", () => {
      const dir = consumerProject()
      fs.writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: "es2022",
            lib: ["es2022", "dom"],
            module,
            moduleResolution: resolution,
            esModuleInterop: true,
            skipLibCheck: true,
            types: [],
          },
          files: [file],
        })
      )
      fs.writeFileSync(path.join(dir, file), CONSUMER)
      const tsc = require.resolve("typescript/bin/tsc")
      let output = ""
      try {
        output = execFileSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" })
      } catch (e: any) {
        output = `${e.stdout}${e.stderr}`
      }
      expect(output).toBe("")
      fs.rmSync(dir, { recursive: true, force: true })
    })
  })
})

/*
 * A storefront's code. With the kit's types unresolved every import is `any` and the
 * `@ts-expect-error` lines below become errors themselves ("Unused '@ts-expect-error'").
 */
const CONSUMER = `
import {
  createBackorderKit,
  isBackorderLine,
  type BackorderPrompt,
  type CompleteResult,
} from "medusa-plugin-custom-backorder/storefront"

const config = { baseUrl: "http://localhost:9000", publishableKey: "pk_test" }
// the storefront's SDK instance (new Medusa(config); an ESM file's default import of the CJS SDK
// is its namespace, the SDK's own quirk, so the type is taken from the kit)
declare const sdk: Parameters<typeof createBackorderKit>[0]
const kit = createBackorderKit(sdk, config)

export async function add(answer?: "accept" | "decline"): Promise<BackorderPrompt | null> {
  const result = await kit.addLine({ cart_id: "cart_1", variant_id: "variant_1", quantity: 2, answer })
  return result.type === "backorder_prompt" ? result.prompt : null
}

export function show(result: CompleteResult): string {
  return result.type === "stock_changed" ? result.items.map((item) => item.line_item_id).join() : result.type
}

export const isLine: boolean = isBackorderLine({ quantity: 1, metadata: { is_backorder: true } })

// a click event passed as the answer (the bug the starter's onClick={handleAddToCart} had)
// @ts-expect-error
kit.addLine({ cart_id: "cart_1", variant_id: "variant_1", quantity: 1, answer: { type: "click" } })
// @ts-expect-error
export const notAType: CompleteResult = { type: "no-such-answer" }
`

/** A storefront's node_modules: the packed package (its files only), the SDK and Medusa's types. */
function consumerProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backorder-kit-consumer-"))
  const installed = path.join(dir, "node_modules/medusa-plugin-custom-backorder")
  fs.mkdirSync(installed, { recursive: true })
  fs.copyFileSync(path.join(pluginRoot, "package.json"), path.join(installed, "package.json"))
  for (const entry of pkg.files as string[]) {
    fs.cpSync(path.join(pluginRoot, entry), path.join(installed, entry), {
      recursive: true,
      filter: (source) => !source.includes(`${path.sep}admin${path.sep}`),
    })
  }
  fs.mkdirSync(path.join(dir, "node_modules/@medusajs"), { recursive: true })
  for (const dep of ["@medusajs/js-sdk", "@medusajs/types"]) {
    fs.symlinkSync(path.join(pluginRoot, "node_modules", dep), path.join(dir, "node_modules", dep))
  }
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "storefront", private: true }))
  return dir
}
