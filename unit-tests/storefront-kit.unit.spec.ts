// The storefront kit's cart helpers, without a server: `npm run test:unit`.
import {
  backorderLabel,
  backorderLaterSubtotal,
  backorderLaterTotal,
  backorderShipping,
  backorderUnitPrice,
  isBackorderLine,
  splitCartLines,
} from "../src/storefront"

const inStock = { id: "l1", quantity: 5, metadata: null }
const backordered = { id: "l2", quantity: 5, metadata: { is_backorder: true, backorder_unit_price: 20 } }

describe("showing a back-order line", () => {
  it("tells a back-order line from an in-stock one", () => {
    expect(isBackorderLine(backordered)).toBe(true)
    expect(isBackorderLine(inStock)).toBe(false)
    expect(backorderLabel(backordered)).toBe("back ordered")
    expect(backorderLabel(inStock)).toBeNull()
  })

  it("prices it for later: unit price × quantity, nothing for other lines", () => {
    expect(backorderUnitPrice(backordered)).toBe(20)
    expect(backorderLaterTotal(backordered)).toBe(100)
    expect(backorderLaterTotal(inStock)).toBeNull()
    expect(backorderLaterSubtotal([inStock, backordered, { ...backordered, quantity: 2 }])).toBe(140)
  })

  it("splits a cart into what is charged now and what is back ordered", () => {
    expect(splitCartLines([inStock, backordered])).toEqual({ inStock: [inStock], backordered: [backordered] })
    expect(splitCartLines(null)).toEqual({ inStock: [], backordered: [] })
  })
})

describe("when a back-order line ships", () => {
  it("reads the store's date and message from a back-order line, nothing from other lines or a line without them", () => {
    const dated = { id: "l3", quantity: 2, metadata: { is_backorder: true, backorder_unit_price: 20, backorder_ships_on: "2027-01-15", backorder_message: "Ships in 2–3 weeks" } }
    expect(backorderShipping(dated)).toEqual({ ships_on: "2027-01-15", message: "Ships in 2–3 weeks" })
    expect(backorderShipping({ ...dated, metadata: { ...dated.metadata, backorder_message: "" } })).toEqual({ ships_on: "2027-01-15", message: null })
    expect(backorderShipping(backordered)).toBeNull()
    // an in-stock line never shows one, whatever its metadata says
    expect(backorderShipping({ id: "l4", quantity: 1, metadata: { backorder_ships_on: "2027-01-15" } })).toBeNull()
  })
})
