import { describe, expect, it } from "vitest"
import * as Retry from "../src/Retry.js"

const now = Date.UTC(2024, 0, 15, 10, 30, 0)

describe("Retry.isRetryableStatus", () => {
  const table: ReadonlyArray<readonly [number, boolean]> = [
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [520, true],
    [524, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [410, false],
    [422, false],
    [501, false],
    [505, false],
    [525, false],
    [200, false]
  ]
  for (const [status, retryable] of table) {
    it(`${status} -> ${retryable}`, () => {
      expect(Retry.isRetryableStatus(status)).toBe(retryable)
      expect(Retry.retryableStatuses.has(status)).toBe(retryable)
    })
  }
})

describe("Retry.parseRetryAfter", () => {
  const table: ReadonlyArray<readonly [string, number | undefined]> = [
    ["7", 7000],
    ["0", 0],
    [" 1.5 ", 1500],
    ["0.0001", 1],
    ["120", 120_000],
    ["Mon, 15 Jan 2024 10:30:30 GMT", 30_000],
    ["Mon 15 Jan 2024 10:31:00 GMT", 60_000],
    ["Mon, 15 Jan 2024 10:29:00 GMT", 0],
    ["15 Jan 2024 10:30:05 GMT", 5000],
    ["2024-01-15T10:30:02Z", 2000],
    ["soon", undefined],
    ["-3", undefined],
    ["+3", undefined],
    ["", undefined],
    ["Monday, 15-Jan-24 10:30:30 GMT", undefined],
    ["Mon, 99 Foo 2024 GMT", undefined]
  ]
  for (const [value, millis] of table) {
    it(`${JSON.stringify(value)} -> ${millis}`, () => {
      expect(Retry.parseRetryAfter(value, now)).toBe(millis)
    })
  }
})

describe("Retry.retryAfterFromHeaders", () => {
  const table: ReadonlyArray<readonly [string, { readonly [name: string]: string | undefined }, number | undefined]> = [
    ["nothing", {}, undefined],
    ["retry-after-ms", { "retry-after-ms": "250" }, 250],
    ["fractional retry-after-ms rounds up", { "retry-after-ms": " 12.1 " }, 13],
    ["retry-after-ms wins", { "retry-after-ms": "250", "retry-after": "7" }, 250],
    ["an unreadable retry-after-ms falls back", { "retry-after-ms": "soon", "retry-after": "7" }, 7000],
    ["retry-after alone", { "retry-after": "2" }, 2000],
    ["an undefined header", { "retry-after": undefined }, undefined],
    ["an unreadable retry-after", { "retry-after": "later" }, undefined]
  ]
  for (const [name, headers, millis] of table) {
    it(name, () => {
      expect(Retry.retryAfterFromHeaders(headers, now)).toBe(millis)
    })
  }
})

describe("Retry.backoffMillis", () => {
  const backoff: Retry.Backoff = { baseMillis: 250, factor: 2, maxMillis: 10_000, jitter: false }

  it("without jitter: base * factor^(attempt - 1), capped", () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => Retry.backoffMillis(backoff, attempt, 0.99))
    expect(waits).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000])
  })

  it("with jitter: scaled by 0.8 + 0.4 * random, capped again, whole milliseconds", () => {
    const jittered = { ...backoff, jitter: true }
    const table: ReadonlyArray<readonly [number, number, number]> = [
      [1, 0, 200],
      [1, 0.5, 250],
      [1, 0.999, 300],
      [3, 0, 800],
      [3, 0.25, 900],
      [6, 0.999, 9597],
      [6, 0.5, 8000],
      // Over the cap after jitter: the cap again.
      [7, 0.999, 10_000],
      [7, 0, 8000]
    ]
    for (const [attempt, random, millis] of table) {
      expect(Retry.backoffMillis(jittered, attempt, random)).toBe(millis)
    }
  })

  it("rounds a fractional wait", () => {
    expect(Retry.backoffMillis({ baseMillis: 100, factor: 1.5, maxMillis: 10_000, jitter: false }, 3, 0)).toBe(225)
    expect(Retry.backoffMillis({ baseMillis: 10, factor: 1.15, maxMillis: 10_000, jitter: false }, 2, 0)).toBe(12)
  })

  it("factor 1 is a constant wait", () => {
    const constant = { baseMillis: 300, factor: 1, maxMillis: 1000, jitter: false }
    expect([1, 2, 10].map((attempt) => Retry.backoffMillis(constant, attempt, 0))).toEqual([300, 300, 300])
  })
})
