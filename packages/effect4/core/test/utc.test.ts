import { describe, expect, it } from "@effect/vitest"
import { Job, JobsPage, Timestamp } from "@sutro-effect/core"
import * as DateTime from "effect/DateTime"
import * as Equal from "effect/Equal"
import * as Hash from "effect/Hash"
import * as Schema from "effect/Schema"
import * as Utc from "../src/internal/utc.js"
import * as Arbitraries from "./arbitraries.js"
import { expectLineUtc, makeUtc, success, utcIsCheap } from "./compat.js"
import { documentedJob } from "./fixtures.js"

// A value made by the cheap constructor must be one DateTime cannot tell from its own: each line
// keeps the instant in its own field (`expectLineUtc`), and a value made by hand with the other
// line's field would compile and then format and compare wrongly.
const expectSameUtc = (actual: DateTime.Utc, millis: number) => {
  const reference = makeUtc(millis)
  expect(DateTime.isDateTime(actual) && DateTime.isUtc(actual)).toBe(true)
  expectLineUtc(actual, millis)
  expect(DateTime.toEpochMillis(actual)).toBe(millis)
  expect(Equal.equals(actual, reference) && Equal.equals(reference, actual)).toBe(true)
  expect(Hash.hash(actual)).toBe(Hash.hash(reference))
  expect(DateTime.formatIso(actual)).toBe(DateTime.formatIso(reference))
  expect(DateTime.toParts(actual)).toEqual(DateTime.toParts(reference))
  expect(JSON.stringify(actual)).toBe(JSON.stringify(reference))
  expect(Object.keys(actual)).toEqual(Object.keys(reference))
  expect(String(actual)).toBe(String(reference))
  expect(DateTime.toEpochMillis(DateTime.add(actual, { hours: 1 }))).toBe(millis + 3_600_000)
}

describe("decoded timestamps are the DateTime.Utc values Effect makes", () => {
  it.prop("the constructor decoding uses", [Arbitraries.intBetween(-62_135_596_800_000, 253_402_300_799_999)], (
    [millis]
  ) => {
    expectSameUtc(Utc.make(millis), millis)
  }, Arbitraries.runs(500))

  it.prop("the schema and the page scanner", [Arbitraries.intBetween(Date.UTC(1970, 0, 1), Date.UTC(2200, 0, 1))], (
    [millis]
  ) => {
    const wire = Timestamp.formatMillis(millis)
    expectSameUtc(Schema.decodeSync(Timestamp.Timestamp)(wire), millis)
    const page = { jobs: [{ ...documentedJob, datetime_created: wire }], next_cursor: null }
    const fast = success(JobsPage.decodePage(page))
    expectSameUtc(fast.jobs[0].datetime_created!, millis)
    const schema = Schema.decodeUnknownSync(Job.Job)(page.jobs[0])
    expectSameUtc(schema.datetime_created!, millis)
  }, Arbitraries.runs(300))

  it("is not the fallback: the load-time check passed on this Effect", () => {
    expect(utcIsCheap()).toBe(true)
  })

  it("a decoded timestamp encodes back to the canonical wire form", () => {
    const encode = Schema.encodeSync(Timestamp.Timestamp)
    expect(encode(makeUtc(Date.UTC(2024, 0, 15, 10, 30)))).toBe("2024-01-15T10:30:00Z")
    expect(encode(makeUtc(Date.UTC(2024, 0, 15, 10, 30, 0, 250)))).toBe("2024-01-15T10:30:00.250Z")
  })

  it.prop("generated timestamps stay in the years the wire format spells", [Timestamp.Timestamp], ([dt]) => {
    expect(DateTime.toEpochMillis(dt)).toBeGreaterThanOrEqual(Date.UTC(1970, 0, 1))
    expect(DateTime.toEpochMillis(dt)).toBeLessThanOrEqual(Date.UTC(2200, 0, 1))
  })
})
