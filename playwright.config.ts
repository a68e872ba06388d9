// `npm run test:e2e` (`playwright test`): the dashboard and the demo shop in Debian's Chromium,
// against the demo store running the built plugin (booted once by e2e/global-setup.ts).
import { defineConfig } from "@playwright/test"
import { CHROMIUM, RESULTS_DIR } from "./e2e/paths"

export default defineConfig({
  testDir: "e2e",
  testMatch: "*.spec.ts",
  globalSetup: "./e2e/global-setup.ts",
  // one store for every test: tests set the stock and the setting they need, so one at a time
  workers: 1,
  fullyParallel: false,
  // a failure is reported as it happened, never hidden by a passing second try
  retries: 0,
  forbidOnly: true,
  // the machine is shared with other Medusa processes; a test is a few dashboard or shop pages
  timeout: 120_000,
  expect: { timeout: 30_000 },
  outputDir: `${RESULTS_DIR}/e2e-artifacts`,
  reporter: [["list"], ["json", { outputFile: `${RESULTS_DIR}/e2e.json` }]],
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: {
      executablePath: CHROMIUM,
      // as root Chromium needs --no-sandbox; the machine has no network beyond localhost, so
      // Chromium's background connections are turned off rather than refused at every start
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    locale: "en-US",
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
    trace: "retain-on-failure",
    screenshot: { mode: "only-on-failure", fullPage: true },
  },
})
