// docs/openapi.yaml against src/api (issue 23): every route the plugin serves (route.ts and its
// exported methods) and every Medusa route it stands in front of (middlewares.ts) is documented,
// with the status codes the code can answer. No server: the codes are read from the source.
import fs from "fs"
import path from "path"
import YAML from "yaml"
import type { MiddlewareRoute } from "@medusajs/framework/http"

const root = path.resolve(__dirname, "..")
const apiDir = path.join(root, "src/api")
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const

type Operation = { responses?: Record<string, unknown> }
const spec = YAML.parse(fs.readFileSync(path.join(root, "docs/openapi.yaml"), "utf8")) as {
  paths: Record<string, Partial<Record<Lowercase<(typeof METHODS)[number]>, Operation>>>
}

function filesNamed(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? filesNamed(full, name) : entry.name === name ? [full] : []
  })
}

/** `/admin/backorders/:id` and `src/api/admin/backorders/[id]` both become `/admin/backorders/{id}`; `*` is `{path}`. */
function openApiPath(route: string): string {
  return route.replace(/\[([^\]]+)\]/g, "{$1}").replace(/:(\w+)/g, "{$1}").replace(/\*$/, "{path}")
}

/** A file and the files it imports from src/api (one level): where a middleware's answers are written. */
function sourceWithLocalImports(file: string): string {
  const text = fs.readFileSync(file, "utf8")
  const imported = [...text.matchAll(/from "(\.[^"]+)"/g)]
    .map((match) => path.resolve(path.dirname(file), match[1]) + ".ts")
    .filter((target) => target.startsWith(apiDir) && fs.existsSync(target))
  return [text, ...imported.map((target) => fs.readFileSync(target, "utf8"))].join("\n")
}

/** The ways the plugin's code answers a 409 itself (errors thrown as CONFLICT go through these). */
const ANSWERS_409 = /status\(409\)|answeringConflicts\(|respondCartLocked\(|backorderQuestionStatus\(/

/** One method's handler in a route.ts: from its export to the next export (or the end). */
function handlerSource(text: string, method: string): string {
  const start = text.search(new RegExp(`export (const|async function) ${method}\\b`))
  const rest = text.slice(start + 1)
  const next = rest.search(/\nexport /)
  return next === -1 ? rest : rest.slice(0, next)
}

type Expected = { path: string; method: (typeof METHODS)[number]; codes: string[]; where: string }

const middlewareFiles = filesNamed(apiDir, "middlewares.ts").filter((file) => file !== path.join(apiDir, "middlewares.ts"))
const middlewareRoutes = middlewareFiles.flatMap((file) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(file) as Record<string, MiddlewareRoute[]>
  return Object.values(exported)
    .filter(Array.isArray)
    .flat()
    .flatMap((entry) =>
      [entry.method ?? []].flat().map((method) => ({ file, path: openApiPath(String(entry.matcher)), method: method as Expected["method"], entry }))
    )
})

const routeFiles = filesNamed(apiDir, "route.ts")
const ownRoutes: Expected[] = routeFiles.flatMap((file) => {
  const text = fs.readFileSync(file, "utf8")
  const route = openApiPath("/" + path.relative(apiDir, path.dirname(file)).split(path.sep).join("/"))
  return METHODS.filter((method) => new RegExp(`export (const|async function) ${method}\\b`).test(text)).map((method) => {
    const codes = new Set(["200"])
    // Medusa's own guards: an admin on /admin (401), the publishable key on /store (400)
    if (route.startsWith("/admin")) codes.add("401")
    if (route.startsWith("/store")) codes.add("400")
    if (route.includes("{")) codes.add("404")
    const own = middlewareRoutes.filter((m) => m.path === route && m.method === method)
    const names = own.flatMap((m) => m.entry.middlewares ?? []).map((fn) => fn.name)
    if (names.some((name) => name === "validateBody" || name === "validateQuery")) codes.add("400")
    if (names.includes("authenticateMiddleware")) codes.add("401")
    if (ANSWERS_409.test(handlerSource(text, method))) codes.add("409")
    return { path: route, method, codes: [...codes].sort(), where: path.relative(root, file) }
  })
})

const ownKeys = new Set(ownRoutes.map((route) => `${route.method} ${route.path}`))
const fronted: Expected[] = middlewareRoutes
  .filter((m) => !ownKeys.has(`${m.method} ${m.path}`))
  .map((m) => ({
    path: m.path,
    method: m.method,
    codes: ANSWERS_409.test(sourceWithLocalImports(m.file)) ? ["409"] : [],
    where: path.relative(root, m.file),
  }))
const expected = [...ownRoutes, ...fronted]

describe("docs/openapi.yaml", () => {
  it("finds the plugin's routes to check (the walk itself works)", () => {
    expect(ownRoutes.length).toBeGreaterThanOrEqual(14)
    expect(ownRoutes).toContainEqual(
      expect.objectContaining({ path: "/admin/backorders/{id}/charge", method: "POST", codes: ["200", "400", "401", "404", "409"] })
    )
    expect(fronted).toContainEqual(expect.objectContaining({ path: "/store/carts/{id}/line-items", method: "POST", codes: ["409"] }))
  })

  it.each(expected.map((route) => [`${route.method} ${route.path}`, route] as const))(
    "documents %s with the status codes it can answer",
    (_name, route) => {
      const operation = spec.paths[route.path]?.[route.method.toLowerCase() as Lowercase<Expected["method"]>]
      expect({ route: `${route.method} ${route.path}`, from: route.where, documented: !!operation }).toEqual({
        route: `${route.method} ${route.path}`,
        from: route.where,
        documented: true,
      })
      const documented = Object.keys(operation!.responses ?? {})
      expect(documented.length).toBeGreaterThan(0)
      expect(route.codes.filter((code) => !documented.includes(code))).toEqual([])
    }
  )

  it("documents no route the plugin does not have", () => {
    const known = new Set(expected.map((route) => `${route.method} ${route.path}`))
    const documented = Object.entries(spec.paths).flatMap(([route, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${route}`)
    )
    expect(documented.filter((key) => !known.has(key))).toEqual([])
  })
})
