/**
 * How to ask query.graph for an order's lines. Narrow item fields ("items.id",
 * "items.quantity") come back undefined on orders in Medusa 2.21, "items.*" does not, so
 * every reader of order lines in the plugin asks for this. Relations below the line
 * (e.g. "items.variant.manage_inventory") can be added next to it.
 */
export const ORDER_ITEM_FIELDS = ["items.*"]
