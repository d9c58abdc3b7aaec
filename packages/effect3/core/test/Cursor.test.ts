import { describe, expect, it } from "@effect/vitest"
import { Cursor, PageSize } from "@sutro-effect/core"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"

const leftMessage = <A>(result: Either.Either<A, ParseResult.ParseError>): string => {
  if (Either.isRight(result)) throw new Error("expected a failure")
  expect(ParseResult.isParseError(result.left)).toBe(true)
  return result.left.message
}

describe("PageSize", () => {
  it("accepts whole numbers from 1 to 100", () => {
    expect(PageSize.make(1)).toBe(1)
    expect(PageSize.make(100)).toBe(100)
  })

  it("refuses 0, 101, 1.5, NaN and negatives with a message naming the range", () => {
    for (const bad of [0, 101, 1.5, Number.NaN, -1]) {
      expect(leftMessage(PageSize.decode(bad))).toMatch(/a page size is a whole number from 1 to 100/)
    }
    expect(() => PageSize.make(0)).toThrow(/from 1 to 100, got 0/)
  })
})

describe("Cursor", () => {
  it("accepts the documented cursor unchanged", () => {
    const raw = "eyJ0IjoiMjAyNC0wMS0xNVQxMDozMDowMFoiLCJpIjoiYmF0Y2hfam9iXzEyMzQ1In0="
    expect(Cursor.make(raw)).toBe(raw)
  })

  it("refuses an empty cursor", () => {
    expect(leftMessage(Cursor.decode(""))).toMatch(/non-empty/)
  })

  it("refuses whitespace, control characters and oversized values", () => {
    expect(leftMessage(Cursor.decode("abc def"))).toMatch(/printable ASCII/)
    expect(leftMessage(Cursor.decode("abc\n"))).toMatch(/printable ASCII/)
    expect(leftMessage(Cursor.decode("x".repeat(5000)))).toMatch(/at most 4096/)
  })
})
