// Where the browser tests find Chromium and put what they write; shared by the config, the
// global setup and the fixtures.
import path from "node:path"

export const PLUGIN_ROOT = path.resolve(__dirname, "..")
/** Debian's Chromium (package chromium): Playwright's own browser download is never used. */
export const CHROMIUM = "/usr/bin/chromium"
export const RESULTS_DIR = path.join(PLUGIN_ROOT, ".test-results")
/** Every screenshot a test takes on purpose, by name (git-ignored). */
export const SCREENSHOT_DIR = path.join(PLUGIN_ROOT, "e2e", "screenshots")
/** The docs' screenshots (docs/images): refreshed from a run with E2E_UPDATE_DOCS=1. */
export const DOCS_IMAGES_DIR = path.join(PLUGIN_ROOT, "docs", "images")
