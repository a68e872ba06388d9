const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

// unit tests (`npm run test:unit`) need no database: no PostgreSQL is started for them
const unit = process.env.TEST_TYPE === "unit"

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", decorators: true },
          target: "es2021",
        },
      },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  testPathIgnorePatterns: ["/node_modules/", "/\\.medusa/", "<rootDir>/demo/"],
  // the scale app's build copies its package.json; jest would see two packages of one name
  modulePathIgnorePatterns: ["<rootDir>/integration-tests/scale/app/.medusa/"],
  setupFiles: ["./integration-tests/setup.js"],
  globalSetup: unit ? undefined : "./integration-tests/global-setup.js",
  globalTeardown: unit ? undefined : "./integration-tests/global-teardown.js",
  testTimeout: 120000,
  testMatch: {
    bench: ["**/integration-tests/bench/**/*.bench.[jt]s"],
    scale: ["**/integration-tests/scale/**/*.spec.[jt]s"],
    unit: ["<rootDir>/unit-tests/**/*.unit.spec.[jt]s"],
  }[process.env.TEST_TYPE] ?? ["**/integration-tests/http/**/*.spec.[jt]s"],
}
