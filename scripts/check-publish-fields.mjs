// Run by `prepublishOnly`: the package names no repository yet (the project has no public URL), and
// `repository`, `homepage` and `bugs` must not be guessed, so publishing waits until they are set.
import { readFileSync } from "node:fs"

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
const missing = ["repository", "homepage", "bugs"].filter((field) => !pkg[field])
if (missing.length) {
  console.error(`package.json has no ${missing.join(", ")}: set them to the project's public repository before publishing`)
  process.exit(1)
}
