import { describe, expect, it } from "vitest"
import * as Cursor from "../src/Cursor.js"

const documented = "eyJ0IjoiMjAyNC0wMS0xNVQxMDozMDowMFoiLCJpIjoiYmF0Y2hfam9iXzEyMzQ1In0="

describe("Cursor.problem", () => {
  it("accepts any printable ASCII text without spaces, up to the limit", () => {
    for (const s of [documented, "a", "!~", "x".repeat(Cursor.maxLength), "abc+/=_-."]) {
      expect(Cursor.problem(s)).toBeUndefined()
    }
    expect(Cursor.maxLength).toBe(4096)
  })

  it("names what is wrong", () => {
    const table: ReadonlyArray<readonly [string, string]> = [
      ["", "a cursor must be a non-empty string: pass the `next_cursor` of a previous page"],
      [
        "x".repeat(4097),
        "a cursor is at most 4096 characters, got 4097: pass the `next_cursor` of a previous page unchanged"
      ]
    ]
    for (const [s, message] of table) expect(Cursor.problem(s)).toBe(message)
    const printable =
      "a cursor contains only printable ASCII without spaces: pass the `next_cursor` of a previous page unchanged"
    for (const s of ["abc def", "abc\n", " abc", "\t", "\u00e9", "a\u007f", "a\u0000", "😀"]) {
      expect([s, Cursor.problem(s)]).toEqual([s, printable])
    }
  })

  it("holds a cursor the server sent to no length, and a caller's to the given one", () => {
    expect(Cursor.problem("x".repeat(100_000), Infinity)).toBeUndefined()
    expect(Cursor.problem("", Infinity)).toMatch(/non-empty/)
    expect(Cursor.problem("a b", Infinity)).toMatch(/printable ASCII/)
    expect(Cursor.problem("abcd", 3)).toMatch(/at most 3 characters, got 4/)
  })
})

describe("Cursor.inputProblem", () => {
  const table: ReadonlyArray<readonly [unknown, string | undefined]> = [
    [documented, undefined],
    ["", "a cursor must be a non-empty string: pass the `next_cursor` of a previous page"],
    [5, "a cursor must be a string: pass the `next_cursor` of a previous page, got number"],
    [null, "a cursor must be a string: pass the `next_cursor` of a previous page, got object"],
    [{ toString: () => "abc" }, "a cursor must be a string: pass the `next_cursor` of a previous page, got object"]
  ]
  it.each(table)("%j", (value, expected) => {
    expect(Cursor.inputProblem(value)).toBe(expected)
  })

  it("applies the length limit it is given", () => {
    expect(Cursor.inputProblem("abcd", 3)).toBe(Cursor.problem("abcd", 3))
    expect(Cursor.inputProblem("x".repeat(Cursor.maxLength + 1))).toBe(Cursor.problem("x".repeat(Cursor.maxLength + 1)))
  })
})
