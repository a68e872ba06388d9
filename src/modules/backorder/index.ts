import { Module } from "@medusajs/framework/utils"
import BackorderModuleService from "./service"
import warnInMemoryLockingLoader from "./loaders/warn-in-memory-locking"

export const BACKORDER_MODULE = "backorder"

export default Module(BACKORDER_MODULE, {
  service: BackorderModuleService,
  loaders: [warnInMemoryLockingLoader],
})

export { BackorderModuleService }
