// A claim's life and its recovery, as pure rules: `npm run test:unit`.
import {
  BACKORDER_TRANSITIONS,
  CLAIM_STATUSES,
  isClaimStale,
  recoveryOfClaim,
  type ClaimBooks,
} from "../src/modules/backorder/service"

describe("a stale claim", () => {
  const now = new Date("2026-12-04T12:00:00.000Z")
  const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000)

  it("is one older than the back order lock's lifetime, and only that", () => {
    expect(isClaimStale(secondsAgo(121), now, 120)).toBe(true)
    expect(isClaimStale(secondsAgo(120), now, 120)).toBe(false)
    expect(isClaimStale(secondsAgo(5), now, 120)).toBe(false)
    expect(isClaimStale(secondsAgo(11), now, 10)).toBe(true)
  })

  it("reads the time as the database answers it (a Date or an ISO string)", () => {
    expect(isClaimStale(secondsAgo(200).toISOString(), now, 120)).toBe(true)
    expect(isClaimStale(secondsAgo(60).toISOString(), now, 120)).toBe(false)
  })

  it("without a time predates claim times: stale", () => {
    expect(isClaimStale(null, now, 120)).toBe(true)
    expect(isClaimStale(undefined, now, 120)).toBe(true)
  })
})

describe("what the books say a dead run's back order is", () => {
  const draft = { status: "draft", is_draft_order: true }
  const converted = { status: "pending", is_draft_order: false }
  const books = (order: ClaimBooks["order"], ...statuses: string[]): ClaimBooks => ({
    order,
    payment_collections: statuses.map((status, i) => ({ id: `paycol_${i}`, status })),
  })

  it("a charge that never converted the draft: pending again", () => {
    expect(recoveryOfClaim("charging", books(draft))).toEqual({ transition: "release_claim" })
    // the draft edit's confirmation may have opened a collection: still nothing taken
    expect(recoveryOfClaim("charging", books(draft, "not_paid"))).toEqual({ transition: "release_claim" })
  })

  it("a charge that converted the draft: charged when paid, else awaiting payment on its open collection", () => {
    expect(recoveryOfClaim("charging", books(converted, "completed"))).toEqual({
      transition: "record_payment",
      payment_collection_id: "paycol_0",
    })
    expect(recoveryOfClaim("charging", books(converted, "canceled", "not_paid"))).toEqual({
      transition: "send_payment_link",
      payment_collection_id: "paycol_1",
    })
    expect(recoveryOfClaim("charging", books(converted, "authorized"))).toEqual({
      transition: "send_payment_link",
      payment_collection_id: "paycol_0",
    })
    expect(recoveryOfClaim("charging", books(converted))).toEqual({
      transition: "send_payment_link",
      payment_collection_id: null,
    })
  })

  it("a canceled or deleted draft (or order): canceled", () => {
    expect(recoveryOfClaim("canceling", books({ status: "canceled", is_draft_order: true }))).toEqual({ transition: "cancel" })
    expect(recoveryOfClaim("canceling", books(null))).toEqual({ transition: "cancel" })
    expect(recoveryOfClaim("charging", books({ status: "canceled", is_draft_order: false }, "canceled"))).toEqual({
      transition: "close_canceled_claim",
    })
    expect(recoveryOfClaim("charging", books(null))).toEqual({ transition: "close_canceled_claim" })
  })

  it("a cancel whose draft is not canceled yet: pending again", () => {
    expect(recoveryOfClaim("canceling", books(draft))).toEqual({ transition: "release_claim" })
  })

  it("every outcome is a transition out of the claim it recovers", () => {
    const outcomes: [(typeof CLAIM_STATUSES)[number], ClaimBooks][] = [
      ["charging", books(draft)],
      ["charging", books(converted, "completed")],
      ["charging", books(converted, "not_paid")],
      ["charging", books(null)],
      ["canceling", books(draft)],
      ["canceling", books(null)],
    ]
    for (const [claim, read] of outcomes) {
      const { transition } = recoveryOfClaim(claim, read)
      expect(BACKORDER_TRANSITIONS[transition].from as readonly string[]).toContain(claim)
    }
  })
})
