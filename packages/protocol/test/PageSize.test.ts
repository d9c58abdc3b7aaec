import { describe, expect, it } from "vitest"
import * as PageSize from "../src/PageSize.js"

describe("PageSize.problem", () => {
  it("accepts whole numbers from 1 to 100", () => {
    for (const n of [1, 2, 50, 99, 100]) expect(PageSize.problem(n)).toBeUndefined()
    expect([PageSize.min, PageSize.max, PageSize.defaultSize]).toEqual([1, 100, 100])
  })

  it("refuses anything else with a message naming the range and the value", () => {
    const table: ReadonlyArray<readonly [number, string]> = [
      [0, "0"],
      [101, "101"],
      [1.5, "1.5"],
      [-1, "-1"],
      [Number.NaN, "NaN"],
      [Infinity, "Infinity"]
    ]
    for (const [n, shown] of table) {
      expect(PageSize.problem(n)).toBe(`a page size is a whole number from 1 to 100, got ${shown}`)
    }
  })
})
