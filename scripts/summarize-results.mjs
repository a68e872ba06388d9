// Prints the one plain line CI reads, "N passed, N failed", from the JSON results under
// .test-results/: jest's (`--json`) and Playwright's JSON reporter (the browser tests, e2e.json).
// Exits non-zero when anything failed, a result file is missing, a file holds no test that ran,
// or no test ran at all.
import fs from "node:fs"
import path from "node:path"

/** Playwright's report: every test once, by its final status (retries are off, so never "flaky"). */
function countPlaywright(report, name) {
  let passed = 0
  let failed = 0
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        if (test.status === "expected") {
          passed += 1
          continue
        }
        // "unexpected" failed; "skipped" did not run, which this suite never does on purpose;
        // "flaky" failed before it passed
        failed += 1
        console.error(`${name}: ${test.status}: ${[suite.file ?? spec.file, spec.title].filter(Boolean).join(" › ")}`)
      }
    }
    for (const child of suite.suites ?? []) {
      walk(child)
    }
  }
  for (const suite of report.suites ?? []) {
    walk(suite)
  }
  // errors outside any test: the global setup (building and booting the store) or a worker crash
  for (const error of report.errors ?? []) {
    failed += 1
    console.error(`${name}: ${String(error.message ?? error).split("\n")[0]}`)
  }
  return { passed, failed }
}

function countJest(result) {
  return {
    passed: result.numPassedTests,
    // a suite that failed to run (syntax error, boot failure) has no failed test but must count
    failed: result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0),
  }
}

const dir = path.resolve(process.argv[2] ?? ".test-results")
const expected = process.argv.slice(3)
let passed = 0
let failed = 0
for (const name of expected) {
  const file = path.join(dir, name)
  if (!fs.existsSync(file)) {
    console.error(`missing test results: ${file}`)
    failed += 1
    continue
  }
  const result = JSON.parse(fs.readFileSync(file, "utf8"))
  const counts = "suites" in result && "stats" in result ? countPlaywright(result, name) : countJest(result)
  if (counts.passed + counts.failed === 0) {
    console.error(`no test ran: ${file}`)
    counts.failed = 1
  }
  passed += counts.passed
  failed += counts.failed
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
