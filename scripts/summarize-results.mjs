// Prints the one plain line CI reads, "N passed, N failed", from the JSON results that jest
// (and the browser test) wrote under .test-results/. Exits non-zero when anything failed,
// a result file is missing, or no test ran at all.
import fs from "node:fs"
import path from "node:path"

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
  passed += result.numPassedTests
  failed += result.numFailedTests
  // a suite that failed to run (syntax error, boot failure) has no failed test but must count
  failed += result.numRuntimeErrorTestSuites ?? 0
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
