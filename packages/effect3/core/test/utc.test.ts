import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Equal from "effect/Equal"
import * as FastCheck from "effect/FastCheck"
import * as Hash from "effect/Hash"
import * as Utc from "../src/internal/utc.js"

describe("the cheap DateTime.Utc constructor", () => {
  it("makes values DateTime cannot tell from its own", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (millis) => {
        const fast = Utc.make(millis)
        const reference = DateTime.unsafeMake(millis)
        expect(DateTime.isDateTime(fast) && DateTime.isUtc(fast)).toBe(true)
        expect(Equal.equals(fast, reference) && Equal.equals(reference, fast)).toBe(true)
        expect(Hash.hash(fast)).toBe(Hash.hash(reference))
        expect(DateTime.formatIso(fast)).toBe(DateTime.formatIso(reference))
        expect(DateTime.toParts(fast)).toEqual(DateTime.toParts(reference))
        expect(JSON.stringify(fast)).toBe(JSON.stringify(reference))
        expect(Object.keys(fast)).toEqual(Object.keys(reference))
        expect(String(fast)).toBe(String(reference))
        expect(DateTime.toEpochMillis(DateTime.add(fast, { hours: 1 }))).toBe(millis + 3_600_000)
      })
    )
  })

  it("is not the fallback: the load-time check passed on this Effect", () => {
    expect(Object.getPrototypeOf(Utc.make(0))).not.toBe(Object.getPrototypeOf(DateTime.unsafeMake(0)))
  })
})
