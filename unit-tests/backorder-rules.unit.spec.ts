// The plugin's pure rules, without Medusa or a database: `npm run test:unit` (seconds).
import { backorderConfirmationRequired, takeBackorderAnswer } from "../src/api/store/carts/[id]/line-items/backorder-request"
import {
  availableForLine,
  channelAvailableByItem,
  inventoryDemandOfLines,
  inventoryItemsReservablePastStock,
  isBackorderableVariant,
  type VariantBackorderAvailability,
} from "../src/utils/backorder-availability"
import { backorderedTitle, reservedBackorderKeysIn, withoutBackorderMetadata } from "../src/utils/backorder-line"
import {
  BACKORDER_STATUSES,
  BACKORDER_TRANSITIONS,
  DRAFT_HELD_STATUSES,
  PLACED_BACKORDER_STATUS,
  statusesBefore,
  stockLockKeys,
} from "../src/modules/backorder/service"
import { BackorderQuantity } from "../src/utils/backorder-decision"
import { backorderAllowance } from "../src/utils/backorder-limits"
import { defaultLockingProviderId } from "../src/utils/locking-provider"
import { capturesLinkPayment, MANUAL_PAYMENT_PROVIDER_ID } from "../src/modules/backorder/service"

describe("the prompt", () => {
  it("is the seed's sentence with the numbers", () => {
    const answer = backorderConfirmationRequired({
      variant_id: "variant_1",
      title: "Medusa T-Shirt (L)",
      sku: "TSHIRT-L",
      requested: 10,
      available: 5,
      backorder_quantity: 5,
      limit_remaining: null,
      limited_by: null,
      ships_on: null,
      message: null,
    })
    expect(answer.type).toBe("backorder_confirmation_required")
    expect(answer.message).toBe(
      "There are only 5 of Medusa T-Shirt (L) in stock, and you have added 10, do you want to back order the other 5?"
    )
    expect(answer.backorder.backorder_quantity).toBe(5)
  })

  it("says \"There is only 1\" for a single unit in stock", () => {
    const { message } = backorderConfirmationRequired({
      variant_id: "variant_1",
      title: "Medusa T-Shirt (L)",
      sku: null,
      requested: 3,
      available: 1,
      backorder_quantity: 2,
      limit_remaining: null,
      limited_by: null,
      ships_on: null,
      message: null,
    })
    expect(message).toBe(
      "There is only 1 of Medusa T-Shirt (L) in stock, and you have added 3, do you want to back order the other 2?"
    )
  })

  it("the back-order line's title says it is back ordered", () => {
    expect(backorderedTitle("Medusa T-Shirt")).toBe("Medusa T-Shirt (back ordered)")
  })
})

describe("the shopper's answer", () => {
  it("is taken out of the line's metadata, the rest kept", () => {
    const body = { metadata: { backorder: "accept", gift: true } as Record<string, unknown> }
    expect(takeBackorderAnswer(body)).toBe("accept")
    expect(body.metadata).toEqual({ gift: true })
  })

  it("is absent without metadata or without the key", () => {
    expect(takeBackorderAnswer({})).toBeUndefined()
    const body = { metadata: { gift: true } }
    expect(takeBackorderAnswer(body)).toBeUndefined()
    expect(body.metadata).toEqual({ gift: true })
  })

  it("must be accept or decline", () => {
    expect(() => takeBackorderAnswer({ metadata: { backorder: "maybe" } })).toThrow()
  })

  it("may never carry the keys the store writes on back-order lines", () => {
    expect(() => takeBackorderAnswer({ metadata: { is_backorder: true } })).toThrow(/metadata.is_backorder is set by the store/)
    expect(reservedBackorderKeysIn({ backorder_unit_price: 0, x: 1 })).toEqual(["backorder_unit_price"])
    expect(withoutBackorderMetadata({ is_backorder: true, backorder_unit_price: 20, note: "a" })).toEqual({ note: "a" })
  })
})

describe("which variants the plugin acts on", () => {
  const item = (id: string, required_quantity = 1) => ({ inventory_item_id: id, required_quantity })

  it("managed inventory, backorders allowed, one inventory item of quantity 1", () => {
    expect(isBackorderableVariant({ manage_inventory: true, allow_backorder: true, inventory_items: [item("i1")] })).toBe(true)
  })

  it("not without managed inventory, without backorders, or for kits", () => {
    expect(isBackorderableVariant({ manage_inventory: false, allow_backorder: true, inventory_items: [item("i1")] })).toBe(false)
    expect(isBackorderableVariant({ manage_inventory: true, allow_backorder: false, inventory_items: [item("i1")] })).toBe(false)
    expect(isBackorderableVariant({ manage_inventory: true, allow_backorder: true, inventory_items: [item("i1", 2)] })).toBe(false)
    expect(isBackorderableVariant({ manage_inventory: true, allow_backorder: true, inventory_items: [item("i1"), item("i2")] })).toBe(false)
    expect(isBackorderableVariant(null)).toBe(false)
  })

  it("checkout locks every inventory item that can be reserved past stock, kits included", () => {
    expect(
      inventoryItemsReservablePastStock([
        { manage_inventory: true, allow_backorder: true, inventory_items: [item("i1"), item("i2", 2)] },
        { manage_inventory: true, allow_backorder: false, inventory_items: [item("i3")] },
        { manage_inventory: false, allow_backorder: true, inventory_items: [item("i4")] },
        null,
      ])
    ).toEqual(["i1", "i2"])
  })
})

describe("availability for one line", () => {
  const variant = (channel_available: number, demand_in_cart: number): VariantBackorderAvailability => ({
    variant_id: "v",
    name: "Medusa T-Shirt (L)",
    sku: null,
    backorderable: true,
    available: Math.max(0, channel_available - demand_in_cart),
    channel_available,
    demand_in_cart,
  })

  it("does not count the line's own units against it", () => {
    expect(availableForLine(variant(5, 5), 5)).toBe(5)
    expect(availableForLine(variant(5, 7), 3)).toBe(1)
  })

  it("is never below 0", () => {
    expect(availableForLine(variant(2, 9), 1)).toBe(0)
  })

  it("counts the other lines' demand on the item: A×5 + B×5 on one item of 5 leaves 0 for each", () => {
    expect(availableForLine(variant(5, 10), 5)).toBe(0)
  })
})

describe("demand per inventory item", () => {
  const rule = (items: [string, number][], manage_inventory = true, allow_backorder = true) => ({
    manage_inventory,
    allow_backorder,
    inventory_items: items.map(([inventory_item_id, required_quantity]) => ({ inventory_item_id, required_quantity })),
  })
  const variants = new Map([
    ["a", rule([["shirt", 1]])],
    ["b", rule([["shirt", 1]])],
    ["two-pack", rule([["shirt", 2]], true, false)],
    ["bundle", rule([["shirt", 1], ["mug", 1]])],
    ["sticker", rule([["paper", 1]], false)],
  ])

  it("adds up every variant drawing on an item: A×5 + B×5 is 10 of the shirt", () => {
    expect(inventoryDemandOfLines([{ variant_id: "a", quantity: 5 }, { variant_id: "b", quantity: 5 }], variants)).toEqual(
      new Map([["shirt", 10]])
    )
  })

  it("counts a kit's required quantity × quantity on each of its items, whether or not the plugin acts on it", () => {
    expect(
      inventoryDemandOfLines(
        [
          { variant_id: "two-pack", quantity: 2 },
          { variant_id: "bundle", quantity: "3" },
          { variant_id: "a", quantity: 1 },
        ],
        variants
      )
    ).toEqual(
      new Map([
        ["shirt", 8],
        ["mug", 3],
      ])
    )
  })

  it("ignores lines without a variant, unknown variants and variants without managed inventory", () => {
    expect(
      inventoryDemandOfLines(
        [
          { variant_id: null, quantity: 4 },
          { variant_id: "gone", quantity: 4 },
          { variant_id: "sticker", quantity: 4 },
        ],
        variants
      )
    ).toEqual(new Map())
  })

  it("an item's available quantity sums stocked − reserved over the channel's locations only, never below 0", () => {
    const level = (inventory_item_id: string, location_id: string, stocked: number, reserved: number) => ({
      inventory_item_id,
      location_id,
      stocked_quantity: stocked,
      reserved_quantity: String(reserved),
    })
    expect(
      channelAvailableByItem(
        [
          level("shirt", "berlin", 5, 2),
          level("shirt", "hamburg", 4, 0),
          level("shirt", "elsewhere", 100, 0),
          level("mug", "berlin", 1, 6),
          level("mug", "hamburg", 3, 0),
          level("cap", "berlin", 0, 3),
        ],
        new Set(["berlin", "hamburg"])
      )
    ).toEqual(
      new Map([
        ["shirt", 7],
        ["mug", 0],
        ["cap", 0],
      ])
    )
  })
})

describe("locks", () => {
  it("one stock key per inventory item, sorted, so two carts take shared keys in the same order", () => {
    expect(stockLockKeys(["iitem_b", "iitem_a", "iitem_b"])).toEqual(["backorder:stock:iitem_a", "backorder:stock:iitem_b"])
  })

  it("the default locking provider follows Medusa's loader: last is_default, else the only one, else in-memory", () => {
    expect(defaultLockingProviderId(undefined)).toBe("in-memory")
    expect(defaultLockingProviderId({ locking: true })).toBe("in-memory")
    expect(defaultLockingProviderId({ locking: { options: { providers: [{ id: "locking-redis" }] } } })).toBe("locking-redis")
    expect(
      defaultLockingProviderId({ locking: { options: { providers: [{ id: "locking-redis" }, { id: "locking-postgres" }] } } })
    ).toBe("in-memory")
    expect(
      defaultLockingProviderId({
        locking: { options: { providers: [{ id: "locking-redis", is_default: true }, { id: "locking-postgres" }] } },
      })
    ).toBe("locking-redis")
  })
})

describe("paying a payment link", () => {
  it("captures for a provider that took the payment, never for Medusa's manual provider", () => {
    expect(capturesLinkPayment("pp_stripe_stripe")).toBe(true)
    expect(capturesLinkPayment(MANUAL_PAYMENT_PROVIDER_ID)).toBe(false)
    expect(capturesLinkPayment(undefined)).toBe(false)
  })

  it("with the payment_link_capture_providers option, only the providers listed capture", () => {
    expect(capturesLinkPayment("pp_stripe_stripe", ["pp_adyen_adyen"])).toBe(false)
    expect(capturesLinkPayment("pp_adyen_adyen", ["pp_adyen_adyen"])).toBe(true)
    expect(capturesLinkPayment(MANUAL_PAYMENT_PROVIDER_ID, [])).toBe(false)
  })
})

describe("the back order's statuses", () => {
  const transitions = Object.values(BACKORDER_TRANSITIONS)
  const next = (status: string) => transitions.filter((t) => (t.from as readonly string[]).includes(status)).map((t) => t.to)

  it("charged and canceled are final: no transition leaves them", () => {
    expect(next("charged")).toEqual([])
    expect(next("canceled")).toEqual([])
  })

  it("every status is reached from the placed one, and every other status leads on to a final one", () => {
    const reached = new Set<string>([PLACED_BACKORDER_STATUS])
    for (let grew = true; grew; ) {
      const size = reached.size
      for (const status of [...reached]) next(status).forEach((to) => reached.add(to))
      grew = reached.size > size
    }
    expect([...reached].sort()).toEqual([...BACKORDER_STATUSES].sort())
    for (const status of BACKORDER_STATUSES.filter((s) => s !== "charged" && s !== "canceled")) {
      expect(next(status).length).toBeGreaterThan(0)
    }
  })

  it("an admin's charge is claimed only from pending or ready (or after a refused card), a cancel also while the link awaits payment, a customer's only while it waits for stock; the draft stays the plugin's meanwhile", () => {
    expect(statusesBefore("claim_charge")).toEqual(["pending", "ready", "payment_failed"])
    expect(statusesBefore("claim_cancel")).toEqual(["pending", "ready", "awaiting_payment", "payment_failed"])
    expect(statusesBefore("claim_customer_cancel")).toEqual(["pending", "ready"])
    // a payment link keeps the draft until it is paid: Medusa's screens must not convert or change it
    expect(DRAFT_HELD_STATUSES).toEqual(
      expect.arrayContaining(["pending", "ready", "charging", "canceling", "awaiting_payment", "payment_failed"])
    )
    expect(DRAFT_HELD_STATUSES).not.toContain("charged")
  })
})

describe("the quantity of a line the plugin splits", () => {
  it("is a whole number from 0 up to what PostgreSQL stores", () => {
    expect(BackorderQuantity.safeParse(10).success).toBe(true)
    expect(BackorderQuantity.safeParse(0).success).toBe(true)
    expect(BackorderQuantity.safeParse(1.5).error?.issues[0].message).toBe("quantity must be a whole number")
    expect(BackorderQuantity.safeParse(-1).error?.issues[0].message).toBe("quantity must not be negative")
    expect(BackorderQuantity.safeParse(2_147_483_648).success).toBe(false)
  })
})

describe("the back-order limits (backorderAllowance)", () => {
  const base = { outstanding: { all: 0, shopper: 0 }, in_cart: 0, max_per_customer: 100, max_per_cart: 10_000 }

  it("the smallest limit wins, what the cart holds is counted, never below 0", () => {
    expect(backorderAllowance({ ...base, rule: { limit: null } })).toEqual({
      cart_may_hold: 100,
      remaining: 100,
      limit_remaining: null,
      limited_by: "customer_limit",
    })
    expect(backorderAllowance({ ...base, rule: { limit: 5 }, outstanding: { all: 3, shopper: 0 }, in_cart: 1 })).toEqual({
      cart_may_hold: 2,
      remaining: 1,
      limit_remaining: 1,
      limited_by: "variant_limit",
    })
    expect(backorderAllowance({ ...base, rule: { limit: 2 }, outstanding: { all: 7, shopper: 0 } })).toMatchObject({ cart_may_hold: 0, remaining: 0, limit_remaining: 0 })
    expect(backorderAllowance({ ...base, rule: { limit: 0 } })).toMatchObject({ remaining: 0, limited_by: "variant_limit" })
    expect(backorderAllowance({ ...base, rule: { limit: null }, outstanding: { all: 0, shopper: 95 }, in_cart: 2 })).toMatchObject({ remaining: 3, limited_by: "customer_limit" })
  })
})
