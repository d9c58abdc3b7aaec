import { describe, expect, it } from "vitest"
import * as Timestamp from "../src/Timestamp.js"

const iso = (millis: number | undefined) => millis === undefined ? undefined : new Date(millis).toISOString()

describe("Timestamp.parseMillis", () => {
  it("reads every spelling the service and its older deployments send", () => {
    const table: ReadonlyArray<readonly [string, string]> = [
      ["2024-01-15T10:30:00Z", "2024-01-15T10:30:00.000Z"],
      ["2024-01-15T10:30:00.123Z", "2024-01-15T10:30:00.123Z"],
      ["2024-01-15T10:30:00.123456Z", "2024-01-15T10:30:00.123Z"],
      ["2024-01-15T10:30:00.999999Z", "2024-01-15T10:30:00.999Z"],
      ["2024-01-15T10:30:00.5Z", "2024-01-15T10:30:00.500Z"],
      ["2024-01-15T10:30:00,25Z", "2024-01-15T10:30:00.250Z"],
      ["2024-01-15T12:30:00+02:00", "2024-01-15T10:30:00.000Z"],
      ["2024-01-15T05:00:00-0530", "2024-01-15T10:30:00.000Z"],
      ["2024-01-15T11:30:00+01", "2024-01-15T10:30:00.000Z"],
      ["2024-01-15T10:30:00", "2024-01-15T10:30:00.000Z"],
      ["2024-01-15T10:30", "2024-01-15T10:30:00.000Z"],
      ["2024-01-15 10:30:00.250+00:00", "2024-01-15T10:30:00.250Z"],
      ["2024-01-15t10:30:00z", "2024-01-15T10:30:00.000Z"],
      ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
      ["2000-02-29T00:00:00Z", "2000-02-29T00:00:00.000Z"],
      ["1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z"],
      ["1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"]
    ]
    for (const [wire, expected] of table) expect([wire, iso(Timestamp.parseMillis(wire))]).toEqual([wire, expected])
  })

  it("reads years before 100 literally, not as the 1900s", () => {
    expect(Timestamp.parseMillis("0099-01-01T00:00:00Z")).toBe(new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(99))
    expect(iso(Timestamp.parseMillis("0001-01-01T00:00:00Z"))).toBe("0001-01-01T00:00:00.000Z")
  })

  it("refuses what is not a date-time", () => {
    const bad = [
      "",
      "yesterday",
      "2024-01-15",
      "2024-13-01T00:00:00Z",
      "2024-00-01T00:00:00Z",
      "2024-01-00T00:00:00Z",
      "2024-02-30T00:00:00Z",
      "2023-02-29T00:00:00Z",
      "1900-02-29T00:00:00Z",
      "2024-04-31T00:00:00Z",
      "2024-01-15T24:00:00Z",
      "2024-01-15T25:00:00Z",
      "2024-01-15T10:60:00Z",
      "2024-01-15T10:30:60Z",
      "2024-01-15T10:30:00+24:00",
      "2024-01-15T10:30:00+05:60",
      "2024-01-15T10:30:00.Z",
      "2024-01-15T10:30:00ZZ",
      " 2024-01-15T10:30:00Z",
      "2024-1-15T10:30:00Z",
      "+002024-01-15T10:30:00Z"
    ]
    for (const text of bad) expect([text, Timestamp.parseMillis(text)]).toEqual([text, undefined])
  })
})

describe("Timestamp.formatMillis", () => {
  it("writes UTC with Z, with milliseconds only when non-zero", () => {
    expect(Timestamp.formatMillis(Date.UTC(2024, 0, 15, 10, 30))).toBe("2024-01-15T10:30:00Z")
    expect(Timestamp.formatMillis(Date.UTC(2024, 0, 15, 10, 30, 0, 250))).toBe("2024-01-15T10:30:00.250Z")
    expect(Timestamp.formatMillis(0)).toBe("1970-01-01T00:00:00Z")
  })

  it("reads back to the same milliseconds across the generated range", () => {
    const step = Math.floor((Timestamp.maxMillis - Timestamp.minMillis) / 4999) + 7
    for (let millis = Timestamp.minMillis; millis <= Timestamp.maxMillis; millis += step) {
      for (const m of [millis, millis - (millis % 1000)]) {
        expect(Timestamp.parseMillis(Timestamp.formatMillis(m))).toBe(m)
      }
    }
    expect(Timestamp.minMillis).toBe(Date.UTC(1970, 0, 1))
    expect(Timestamp.maxMillis).toBe(Date.UTC(2200, 0, 1))
  })
})

describe("the canonical fast path agrees with the general parser", () => {
  it("answers only for the canonical forms", () => {
    expect(Timestamp.canonicalMillis("2024-01-15T10:30:00Z")).toBe(Date.UTC(2024, 0, 15, 10, 30))
    expect(Timestamp.canonicalMillis("2024-01-15T10:30:00.250Z")).toBe(Date.UTC(2024, 0, 15, 10, 30, 0, 250))
    for (
      const other of [
        "2024-01-15T10:30:00.5Z",
        "2024-01-15T10:30:00.123456Z",
        "2024-01-15 10:30:00Z",
        "2024-01-15T10:30:00z",
        "2024-01-15T10:30:00+00:00",
        "2024-01-15T10:30:00",
        // Years before 100 are left to the general parser.
        "0099-01-01T00:00:00Z"
      ]
    ) {
      expect([other, Timestamp.canonicalMillis(other)]).toEqual([other, undefined])
      expect(Timestamp.parseMillis(other)).toBe(Timestamp.generalMillis(other))
    }
  })

  it("every 3-digit fraction and the month ends", () => {
    for (let n = 0; n < 1000; n++) {
      const text = `2024-01-15T10:30:00.${String(n).padStart(3, "0")}Z`
      expect(Timestamp.canonicalMillis(text)).toBe(Timestamp.generalMillis(text))
    }
    for (const year of [1900, 2000, 2023, 2024, 2100]) {
      for (let month = 1; month <= 12; month++) {
        for (const day of [28, 29, 30, 31, 32]) {
          const text = `${year}-${String(month).padStart(2, "0")}-${day}T00:00:00Z`
          expect(Timestamp.parseMillis(text)).toBe(Timestamp.generalMillis(text))
          if (Timestamp.canonicalMillis(text) !== undefined) {
            expect(Timestamp.canonicalMillis(text)).toBe(Timestamp.generalMillis(text))
          }
        }
      }
    }
    expect(Timestamp.canonicalMillis("2024-02-29T00:00:00Z")).toBe(Date.UTC(2024, 1, 29))
    expect(Timestamp.canonicalMillis("2023-02-29T00:00:00Z")).toBeUndefined()
  })

  it("computes the instant as Date.UTC does: every day of the years around each rule, and random instants", () => {
    // The fast path counts days itself (no Date.UTC): the leap rules of 4, 100 and 400 years, the
    // first and last years it reads, and the epoch.
    for (const year of [100, 101, 400, 1599, 1600, 1601, 1900, 1969, 1970, 1971, 2000, 2024, 2100, 2400, 9999]) {
      for (let millis = Date.UTC(year, 0, 1); millis < Date.UTC(year + 1, 0, 1); millis += 86_400_000) {
        const text = new Date(millis + 45_296_789).toISOString() // 12:34:56.789
        expect([text, Timestamp.canonicalMillis(text)]).toEqual([text, millis + 45_296_789])
      }
    }
    let state = 12345
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 0x100000000
    const first = Date.UTC(100, 0, 1), last = Date.UTC(9999, 11, 31, 23, 59, 59, 999)
    for (let i = 0; i < 20_000; i++) {
      const millis = first + Math.floor(next() * (last - first))
      const text = new Date(millis).toISOString()
      expect([text, Timestamp.canonicalMillis(text)]).toEqual([text, millis])
      const whole = text.slice(0, 19) + "Z"
      expect([whole, Timestamp.canonicalMillis(whole)]).toEqual([whole, millis - (millis % 1000 + 1000) % 1000])
    }
  })

  it("every hour, minute and second field, valid or not", () => {
    for (let n = 0; n < 100; n++) {
      const d = String(n).padStart(2, "0")
      for (const text of [`2024-01-15T${d}:30:00Z`, `2024-01-15T10:${d}:00Z`, `2024-01-15T10:30:${d}Z`]) {
        expect(Timestamp.canonicalMillis(text)).toBe(Timestamp.generalMillis(text))
      }
    }
  })
})

describe("Timestamp.inputMillis (a caller's createdAfter, for jobs() and the watch alike)", () => {
  it.each(
    [
      ["2024-01-15T00:00:00Z", Date.UTC(2024, 0, 15)],
      ["  2024-01-15T10:30:00+01:00 ", Date.UTC(2024, 0, 15, 9, 30)],
      ["2024-01-15T10:30:00", Date.UTC(2024, 0, 15, 10, 30)],
      [new Date(Date.UTC(2024, 0, 15)), Date.UTC(2024, 0, 15)],
      // `new Date` reads "1" as 2001-01-01 and "2024/01/15" in local time: neither is an instant here.
      ["1", undefined],
      ["2024/01/15", undefined],
      ["2024-01-15", undefined],
      ["", undefined],
      [new Date(Number.NaN), undefined],
      [0, undefined],
      [1705276800000, undefined],
      [null, undefined],
      [undefined, undefined],
      [{}, undefined]
    ] as const
  )("%s -> %s", (input, millis) => {
    expect(Timestamp.inputMillis(input)).toBe(millis)
  })
})
