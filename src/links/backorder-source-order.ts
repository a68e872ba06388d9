import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import BackorderModule from "../modules/backorder"

/** A back order and the order placed for the available items of the same cart. */
export default defineLink(
  BackorderModule.linkable.backorder,
  OrderModule.linkable.order
)
