// Run first by `npm test` (no build, no database: well under a second). In README.md and docs/*.md:
// every relative link resolves (the file, and the #anchor when it points into a markdown file),
// and every repo path named in backticks (`src/...`, `integration-tests/...`) exists.
// Exits non-zero with one line per broken reference.
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const docsDir = path.join(root, "docs")
const pages = [
  path.join(root, "README.md"),
  ...fs
    .readdirSync(docsDir)
    .filter((name) => name.endsWith(".md"))
    .map((name) => path.join(docsDir, name)),
]

// Folders and files of this repository a backticked path may start with. Paths into build output
// or run-time folders (.medusa/, .demo-data/, node_modules/) are not the repository's.
const REPO_PREFIXES = ["src/", "docs/", "integration-tests/", "unit-tests/", "e2e/", "demo/", "scripts/", "recipes/", ".ci/"]
const ROOT_FILES = /^(package\.json|medusa-config\.ts|playwright\.config\.ts|tsconfig(\.[\w-]+)?\.json|jest\.config\.js|README\.md|LICENSE|CHANGELOG\.md)$/

/** The markdown with fenced code blocks blanked (their lines kept, so line numbers stay right). */
function withoutFences(text) {
  let inFence = false
  return text
    .split("\n")
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence
        return ""
      }
      return inFence ? "" : line
    })
    .join("\n")
}

/** GitHub's heading anchors: lower case, punctuation dropped, each space a hyphen, repeats numbered. */
function anchorsOf(file) {
  const seen = new Map()
  const anchors = new Set()
  for (const line of withoutFences(fs.readFileSync(file, "utf8")).split("\n")) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!heading) continue
    const text = heading[1]
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/<[^>]+>/g, "")
      .toLowerCase()
    const base = text.replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-")
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count ? `${base}-${count}` : base)
  }
  return anchors
}

const anchorCache = new Map()
function hasAnchor(file, anchor) {
  if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(file))
  return anchorCache.get(file).has(decodeURIComponent(anchor).toLowerCase())
}

const problems = []
let links = 0
let paths = 0
for (const page of pages) {
  const relPage = path.relative(root, page)
  const lines = withoutFences(fs.readFileSync(page, "utf8")).split("\n")
  lines.forEach((line, index) => {
    const where = `${relPage}:${index + 1}`
    // links and images: [text](target) and ![alt](target), an optional "title" after the target
    for (const match of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = match[1]
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue // https:, mailto:, …
      links++
      const [file, anchor] = target.split("#")
      const resolved = file ? path.resolve(path.dirname(page), decodeURI(file)) : page
      if (!fs.existsSync(resolved)) {
        problems.push(`${where}: link to ${target}: no such file`)
      } else if (anchor && resolved.endsWith(".md") && !hasAnchor(resolved, anchor)) {
        problems.push(`${where}: link to ${target}: no heading with that anchor`)
      }
    }
    // repo paths in inline code: `src/api/middlewares.ts`, `integration-tests/http/`
    for (const match of line.replace(/``[^`]*``/g, "").matchAll(/`([^`\s]+)`/g)) {
      const named = match[1].replace(/:\d+$/, "")
      const looksLikePath = REPO_PREFIXES.some((prefix) => named.startsWith(prefix)) || ROOT_FILES.test(named)
      // a pattern or a placeholder names no one file
      if (!looksLikePath || /[*<>{}$]|\.\.\./.test(named)) continue
      paths++
      if (!fs.existsSync(path.join(root, named))) {
        problems.push(`${where}: \`${named}\`: no such path in the repository`)
      }
    }
  })
}

if (problems.length) {
  console.error(`check-docs-links: ${problems.length} broken reference(s):\n${problems.join("\n")}`)
  process.exit(1)
}
console.log(`check-docs-links: ${pages.length} pages, ${links} relative links and ${paths} repo paths, all found`)
