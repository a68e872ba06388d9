import { model } from "@medusajs/framework/utils"
import { BACKORDER_STATUSES, PLACED_BACKORDER_STATUS } from "../statuses"

/**
 * A pending back order: the back-ordered items of one completed cart, held in a
 * Medusa draft order until an admin adds shipping and charges it.
 */
export const Backorder = model
  .define("backorder", {
    id: model.id({ prefix: "bo" }).primaryKey(),
    status: model.enum([...BACKORDER_STATUSES]).default(PLACED_BACKORDER_STATUS),
    cart_id: model.text(),
    /** The order placed for the available items; null when the cart held only back-ordered items. */
    source_order_id: model.text().nullable(),
    /** The draft order holding the back-ordered items; it becomes a real order when charged. */
    draft_order_id: model.text(),
    email: model.text().nullable(),
    customer_id: model.text().nullable(),
    payment_collection_id: model.text().nullable(),
    payment_link: model.text().nullable(),
    /**
     * The card saved at checkout, to charge off-session later (null: a guest, or a provider that
     * keeps no cards): the provider, Medusa's account holder, and the provider's method id.
     */
    payment_provider_id: model.text().nullable(),
    account_holder_id: model.text().nullable(),
    payment_method_id: model.text().nullable(),
    /** Why the last charge of the saved card was refused (`card_declined`, `authentication_required`, ...). */
    payment_failure_reason: model.text().nullable(),
    /** Charges of the saved card tried so far: the provider's idempotency key is the back order's id and this. */
    payment_attempts: model.number().default(0),
    charged_at: model.dateTime().nullable(),
    canceled_at: model.dateTime().nullable(),
    /**
     * When the claim (`charging`, `canceling`) was taken; null outside a claim. A claim older
     * than the back order lock's lifetime belongs to a run that died (see isClaimStale).
     */
    claimed_at: model.dateTime().nullable(),
  })
  .indexes([
    // one back order per cart: the database itself refuses a second completion's record
    { on: ["cart_id"], unique: true, where: "deleted_at IS NULL" },
    // the admin queue: oldest first, by status or all of them
    { on: ["status", "created_at"] },
    { on: ["created_at"] },
    // "My back orders": the customer's own, newest first
    { on: ["customer_id", "created_at"] },
    // the jobs: stale claims and links awaiting payment, least recently touched first
    { on: ["status", "updated_at"] },
    { on: ["draft_order_id"] },
    // the order pages' widget and every captured payment look a back order up by these
    { on: ["source_order_id"] },
    { on: ["payment_collection_id"] },
  ])
