import { describe, expect, it } from "@effect/vitest"
import { Cursor, PageSize } from "@sutro-effect/core"
import { type Decoded, decodeUnknownResult, failure, isSuccess, issues, line } from "./compat.js"

const failureMessage = <A>(result: Decoded<A>): string => failure(result).message

// The rule's own message is the whole message on Effect 4; Effect 3 puts it under a tree of the
// schema's identifiers. On both it is the one issue's message.
const expectRefused = <A>(result: Decoded<A>, message: string) => {
  const error = failure(result)
  expect(issues(error).map((issue) => issue.message)).toStrictEqual([message])
  if (line === "effect4") expect(error.message).toBe(message)
  else expect(error.message).toContain(message)
}

describe("PageSize", () => {
  it("accepts whole numbers from 1 to 100", () => {
    expect(PageSize.make(1)).toBe(1)
    expect(PageSize.make(100)).toBe(100)
    expect(isSuccess(PageSize.decode(37))).toBe(true)
  })

  it("refuses 0, 101, 1.5, NaN and negatives with a message naming the range", () => {
    for (const bad of [0, 101, 1.5, Number.NaN, -1]) {
      expectRefused(PageSize.decode(bad), `a page size is a whole number from 1 to 100, got ${bad}`)
    }
    expect(() => PageSize.make(0)).toThrow(/from 1 to 100, got 0/)
  })

  it.prop("generated page sizes are valid", [PageSize.PageSize], ([n]) => {
    expect(Number.isInteger(n) && n >= PageSize.min && n <= PageSize.max).toBe(true)
  })
})

describe("Cursor", () => {
  it("accepts the documented cursor unchanged", () => {
    const raw = "eyJ0IjoiMjAyNC0wMS0xNVQxMDozMDowMFoiLCJpIjoiYmF0Y2hfam9iXzEyMzQ1In0="
    expect(Cursor.make(raw)).toBe(raw)
  })

  it("refuses an empty cursor", () => {
    expectRefused(Cursor.decode(""), "a cursor must be a non-empty string: pass the `next_cursor` of a previous page")
  })

  it("refuses whitespace, control characters and oversized values", () => {
    expect(failureMessage(Cursor.decode("abc def"))).toMatch(/printable ASCII/)
    expect(failureMessage(Cursor.decode("abc\n"))).toMatch(/printable ASCII/)
    expect(failureMessage(Cursor.decode("x".repeat(5000)))).toMatch(/at most 4096/)
    expect(() => Cursor.make("a b")).toThrow(/printable ASCII/)
  })

  it("holds a cursor from the server to the same rule without the length limit", () => {
    const decode = decodeUnknownResult(Cursor.FromServer)
    expect(isSuccess(decode("x".repeat(5000)))).toBe(true)
    expect(failureMessage(decode("a b"))).toMatch(/printable ASCII/)
  })

  it.prop("generated cursors are valid", [Cursor.Cursor], ([cursor]) => {
    expect(Cursor.problem(cursor)).toBeUndefined()
  })
})
