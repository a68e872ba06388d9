// The readiness rule (src/utils/backorder-readiness.ts), without Medusa or a database.
import {
  backorderReservationDescription,
  draftOrderOfReservation,
  judgeReadiness,
  type QueuedBackorder,
  type StockOnHand,
} from "../src/utils/backorder-readiness"

const shirt = { inventory_item_id: "iitem_shirt", location_id: "sloc_berlin" }
const mug = { inventory_item_id: "iitem_mug", location_id: "sloc_berlin" }

const backorder = (id: string, minute: number, needs: QueuedBackorder["needs"]): QueuedBackorder => ({
  id,
  draft_order_id: `order_${id}`,
  status: "pending",
  created_at: new Date(Date.UTC(2026, 11, 7, 12, minute)),
  needs,
})

const readyOf = (queue: QueuedBackorder[], stock: StockOnHand[]) =>
  Object.fromEntries([...judgeReadiness(queue, stock).values()].map((r) => [r.id, r.ready]))

describe("a back order is ready when the stock on hand covers it after everything ahead of it", () => {
  const line = [
    backorder("A", 1, [{ ...shirt, quantity: 2 }]),
    backorder("B", 2, [{ ...shirt, quantity: 3 }]),
    backorder("C", 3, [{ ...shirt, quantity: 2 }]),
  ]

  it("oldest first, strictly: with 4 only A, though C would fit in what A leaves", () => {
    expect(readyOf(line, [{ ...shirt, stocked: 4, ahead: 0 }])).toEqual({ A: true, B: false, C: false })
    expect(readyOf(line, [{ ...shirt, stocked: 7, ahead: 0 }])).toEqual({ A: true, B: true, C: true })
    expect(readyOf(line, [{ ...shirt, stocked: 5, ahead: 0 }])).toEqual({ A: true, B: true, C: false })
  })

  it("paid orders' reservations come before every back order", () => {
    expect(readyOf(line, [{ ...shirt, stocked: 7, ahead: 3 }])).toEqual({ A: true, B: false, C: false })
  })

  it("placement time decides, not the order the books were read in", () => {
    expect(readyOf([...line].reverse(), [{ ...shirt, stocked: 4, ahead: 0 }])).toEqual({ A: true, B: false, C: false })
  })

  it("says why not: units missing and back orders ahead", () => {
    const judged = judgeReadiness(line, [{ ...shirt, stocked: 4, ahead: 0 }])
    expect(judged.get("B")).toEqual({ id: "B", ready: false, missing: 1, ahead: 1 })
    expect(judged.get("C")).toEqual({ id: "C", ready: false, missing: 2, ahead: 2 })
  })

  it("every item of a back order must be covered, and an uncovered older one keeps its place in every item's line", () => {
    const queue = [
      backorder("A", 1, [{ ...shirt, quantity: 1 }, { ...mug, quantity: 5 }]),
      backorder("B", 2, [{ ...mug, quantity: 1 }]),
      backorder("C", 3, [{ ...shirt, quantity: 1 }]),
    ]
    const stock = [
      { ...shirt, stocked: 2, ahead: 0 },
      { ...mug, stocked: 5, ahead: 0 },
    ]
    // A is covered (1 shirt, 5 mugs); B's mug is behind A's five; C's shirt fits after A's
    expect(readyOf(queue, stock)).toEqual({ A: true, B: false, C: true })
    // one mug short: A waits, and B does not jump it for the mugs A waits for
    expect(readyOf(queue, [stock[0], { ...mug, stocked: 4, ahead: 0 }])).toEqual({ A: false, B: false, C: true })
  })

  it("a location without a level has nothing on hand", () => {
    expect(readyOf([backorder("A", 1, [{ ...shirt, location_id: "sloc_hamburg", quantity: 1 }])], [{ ...shirt, stocked: 9, ahead: 0 }])).toEqual({ A: false })
  })
})

describe("a back order's reservations are told apart by their description", () => {
  it("names the draft order they belong to, and nothing else", () => {
    expect(draftOrderOfReservation(backorderReservationDescription("order_1"))).toBe("order_1")
    expect(draftOrderOfReservation(null)).toBeNull()
    expect(draftOrderOfReservation("Reserved for order #4")).toBeNull()
    expect(draftOrderOfReservation("backorder:")).toBeNull()
  })
})
