const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

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
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/.medusa/", "<rootDir>/demo/"],
  setupFiles: ["./integration-tests/setup.js"],
  globalSetup: "./integration-tests/global-setup.js",
  globalTeardown: "./integration-tests/global-teardown.js",
  testTimeout: 120000,
  testMatch:
    process.env.TEST_TYPE === "bench"
      ? ["**/integration-tests/bench/**/*.bench.[jt]s"]
      : ["**/integration-tests/http/**/*.spec.[jt]s"],
}
