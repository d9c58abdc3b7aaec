import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Filters from "../src/Filters.js"
import { job } from "./helpers.js"

const now = Date.parse("2024-02-01T12:00:00Z")

describe("Filters", () => {
  it("reads --since spans back from now", () => {
    expect(Filters.parseSince("30m", now)).toEqual(Either.right(now - 30 * 60_000))
    expect(Filters.parseSince("12h", now)).toEqual(Either.right(now - 12 * 3_600_000))
    expect(Filters.parseSince("7d", now)).toEqual(Either.right(now - 7 * 86_400_000))
    expect(Filters.parseSince("2W", now)).toEqual(Either.right(now - 14 * 86_400_000))
  })

  it("reads --since dates and date-times", () => {
    expect(Filters.parseSince("2024-01-15", now)).toEqual(Either.right(Date.parse("2024-01-15T00:00:00Z")))
    expect(Filters.parseSince("2024-01-15T10:30:00+02:00", now)).toEqual(
      Either.right(Date.parse("2024-01-15T08:30:00Z"))
    )
  })

  it("refuses anything else with the accepted forms", () => {
    for (const bad of ["yesterday", "7", "7y", "2024-13-01", ""]) {
      const result = Filters.parseSince(bad, now)
      expect(Either.isLeft(result) && result.left).toMatch(/--since expects a span such as 30m/)
    }
  })

  it("matches statuses in any case, repeated or comma-separated, legacy spellings included", () => {
    const filter = Filters.statusFilter(["failed", "Running,pending"])!
    expect([...filter.statuses].sort()).toEqual(["FAILED", "QUEUED", "RUNNING"])
    expect(filter.unknown).toEqual([])
    expect(filter.matches(job({ status: "FAILED" }))).toBe(true)
    expect(filter.matches(job({ status: "queued" }))).toBe(true)
    expect(filter.matches(job({ status: "succeeded" }))).toBe(false)
    expect(Filters.statusFilter([])).toBeUndefined()
    expect(Filters.statusFilter([" , "])).toBeUndefined()
  })

  it("matches an unknown status as written and reports it", () => {
    const filter = Filters.statusFilter(["Paused_For_Review"])!
    expect(filter.unknown).toEqual(["Paused_For_Review"])
    expect(filter.matches(job({ status: "paused_for_review" }))).toBe(true)
    expect(filter.matches(job({ status: "FAILED" }))).toBe(false)
  })
})
