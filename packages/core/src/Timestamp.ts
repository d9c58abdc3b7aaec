/**
 * The timestamps of the jobs API.
 *
 * The service sends ISO 8601 strings: `2024-01-15T10:30:00Z`, sometimes with fractional seconds
 * (Python emits up to microseconds) or a numeric offset. A timestamp without a zone is read as UTC
 * (the backend stores UTC). Decoded values are `DateTime.Utc`; precision beyond milliseconds is
 * dropped. Encoding writes the canonical form: UTC with `Z`, with milliseconds only when non-zero,
 * so the documented examples encode back to exactly the text they were decoded from.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

const pattern = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/

/**
 * Parses an ISO 8601 date-time, returning epoch milliseconds or `undefined`.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseMillis = (input: string): number | undefined => {
  const m = pattern.exec(input)
  if (m === null) return undefined
  const [, y, mo, d, h, mi, s, frac, zone] = m
  const year = Number(y), month = Number(mo), day = Number(d)
  const hour = Number(h), minute = Number(mi), second = s === undefined ? 0 : Number(s)
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000)
  let millis = Date.UTC(year, month - 1, day, hour, minute, second, ms)
  // Date.UTC maps 0..99 to 1900..1999; ISO years are literal.
  if (year < 100) millis = new Date(millis).setUTCFullYear(year)
  if (new Date(millis).getUTCDate() !== day) return undefined // 2024-02-30 and the like
  if (zone !== undefined && zone !== "Z" && zone !== "z") {
    const sign = zone[0] === "-" ? -1 : 1
    const digits = zone.slice(1).replace(":", "")
    const offH = Number(digits.slice(0, 2)), offM = digits.length > 2 ? Number(digits.slice(2)) : 0
    if (offH > 23 || offM > 59) return undefined
    millis -= sign * (offH * 60 + offM) * 60_000
  }
  return millis
}

/**
 * Formats epoch milliseconds in the canonical wire form.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatMillis = (millis: number): string => {
  const iso = new Date(millis).toISOString()
  return iso.endsWith(".000Z") ? iso.slice(0, -5) + "Z" : iso
}

const minMillis = Date.UTC(1970, 0, 1)
const maxMillis = Date.UTC(2200, 0, 1)

/**
 * An ISO 8601 string on the wire, a `DateTime.Utc` in code.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Timestamp: Schema.Schema<DateTime.Utc, string> = Schema.transformOrFail(
  Schema.String,
  Schema.DateTimeUtcFromSelf,
  {
    strict: true,
    decode: (input, _, ast) => {
      const millis = parseMillis(input)
      return millis === undefined
        ? ParseResult.fail(
          new ParseResult.Type(
            ast,
            input,
            `expected an ISO 8601 date-time such as 2024-01-15T10:30:00Z, got ${JSON.stringify(input)}`
          )
        )
        : ParseResult.succeed(DateTime.unsafeMake(millis) as DateTime.Utc)
    },
    encode: (dt) => ParseResult.succeed(formatMillis(DateTime.toEpochMillis(dt)))
  }
).annotations({
  identifier: "Timestamp",
  arbitrary: () => (fc) =>
    fc.integer({ min: minMillis, max: maxMillis }).map((millis) => DateTime.unsafeMake(millis) as DateTime.Utc)
})
