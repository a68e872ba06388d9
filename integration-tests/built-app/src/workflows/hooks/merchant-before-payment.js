// The merchant's own handler of Medusa's completeCartWorkflow `beforePaymentAuthorization` hook
// (Medusa allows one per application; the hook is undocumented in 2.21's types). The plugin is
// installed with `before_payment_authorization_hook: false`, so this handler is the only one; the
// plugin's checkout then holds its stock locks across Medusa's completion instead of checking here.
const { StepResponse } = require("@medusajs/framework/workflows-sdk")
const { completeCartWorkflow } = require("@medusajs/medusa/core-flows")

// what the merchant's handler saw, for the test (the app runs in the test's process)
globalThis.merchantBeforePaymentAuthorization = []

completeCartWorkflow.hooks.beforePaymentAuthorization(async ({ input }) => {
  globalThis.merchantBeforePaymentAuthorization.push(input)
  return new StepResponse(undefined)
})
