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
  testPathIgnorePatterns: ["/node_modules/", "/\\.medusa/", "<rootDir>/demo/"],
  // the scale app's build copies its package.json; jest would see two packages of one name
  modulePathIgnorePatterns: ["<rootDir>/integration-tests/scale/app/.medusa/"],
  setupFiles: ["./integration-tests/setup.js"],
  globalSetup: "./integration-tests/global-setup.js",
  globalTeardown: "./integration-tests/global-teardown.js",
  testTimeout: 120000,
  testMatch: {
    bench: ["**/integration-tests/bench/**/*.bench.[jt]s"],
    scale: ["**/integration-tests/scale/**/*.spec.[jt]s"],
  }[process.env.TEST_TYPE] ?? ["**/integration-tests/http/**/*.spec.[jt]s"],
}
