/**
 * ISO 8601 timestamps as epoch milliseconds.
 *
 * The service sends ISO 8601 strings: `2024-01-15T10:30:00Z`, sometimes with fractional seconds
 * (Python emits up to microseconds) or a numeric offset. A timestamp without a zone is read as UTC
 * (the backend stores UTC); precision beyond milliseconds is dropped. The canonical form, which is
 * nearly every timestamp the service sends, is read without a regex.
 *
 * @since 0.1.0
 */

/**
 * The earliest time the arbitraries of both lines generate (1970-01-01T00:00:00Z).
 *
 * @since 0.1.0
 * @category constants
 */
export const minMillis: number = Date.UTC(1970, 0, 1)

/**
 * The latest time the arbitraries of both lines generate (2200-01-01T00:00:00Z).
 *
 * @since 0.1.0
 * @category constants
 */
export const maxMillis: number = Date.UTC(2200, 0, 1)

const pattern = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/

/**
 * The general parser: any accepted spelling (a `T`, `t` or space between date and time, optional
 * seconds and fraction, `Z` or a numeric offset or no zone), as epoch milliseconds or `undefined`.
 * {@link parseMillis} runs it when {@link canonicalMillis} does not apply; exported so that tests
 * can hold the two paths to agreeing.
 *
 * @since 0.1.0
 * @category parsing
 */
export const generalMillis = (input: string): number | undefined => {
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

// The milliseconds `generalMillis` computes for a 3-digit fraction, floating-point rounding included
// (0.29 * 1000 is not 290), so both paths agree on every input.
const fractionMillis: ReadonlyArray<number> = Array.from(
  { length: 1000 },
  (_, n) => Math.floor(Number(`0.${String(n).padStart(3, "0")}`) * 1000)
)

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar, for years 100 to 9999: what
 * `Date.UTC` computes, in integer arithmetic (H. Hinnant's days_from_civil), at a fraction of its
 * cost on a page of timestamps.
 */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = (y / 400) | 0
  const yearOfEra = y - era * 400
  const dayOfYear = (((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) | 0) + day - 1
  const dayOfEra = yearOfEra * 365 + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

/** The two digits at `i` as a number, or -1. */
const two = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48, b = s.charCodeAt(i + 1) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

/**
 * The fast path: `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.sssZ` (what the service and
 * {@link formatMillis} write), read without a regex: epoch milliseconds, or `undefined` for anything
 * else, valid or not. Where it answers, it answers as {@link generalMillis} does.
 *
 * @since 0.1.0
 * @category parsing
 */
export const canonicalMillis = (input: string): number | undefined => {
  const length = input.length
  let ms = 0
  if (length === 24) {
    if (input.charCodeAt(19) !== 46 /* . */) return undefined
    const hi = input.charCodeAt(20) - 48, lo = two(input, 21)
    if (hi < 0 || hi > 9 || lo < 0) return undefined
    ms = fractionMillis[hi * 100 + lo]
  } else if (length !== 20) {
    return undefined
  }
  if (
    input.charCodeAt(length - 1) !== 90 /* Z */ || input.charCodeAt(4) !== 45 /* - */ ||
    input.charCodeAt(7) !== 45 || input.charCodeAt(10) !== 84 /* T */ || input.charCodeAt(13) !== 58 /* : */ ||
    input.charCodeAt(16) !== 58
  ) return undefined
  const century = two(input, 0), yy = two(input, 2)
  const month = two(input, 5), day = two(input, 8)
  const hour = two(input, 11), minute = two(input, 14), second = two(input, 17)
  // Years before 100 take the general path (Date.UTC maps them to the 1900s).
  if (century < 1 || yy < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return undefined
  }
  if (month < 1 || month > 12 || day < 1) return undefined
  const year = century * 100 + yy
  if (day > daysInMonth[month - 1]) {
    const leap = month === 2 && day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
    if (!leap) return undefined
  }
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms
}

/**
 * Parses an ISO 8601 date-time, returning epoch milliseconds or `undefined`.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseMillis = (input: string): number | undefined => canonicalMillis(input) ?? generalMillis(input)

/**
 * An instant a caller gives (a walk's or a watch's `createdAfter`) as epoch milliseconds, or
 * `undefined`: a `Date` that is valid, or text that {@link parseMillis} reads (surrounding
 * whitespace ignored). Anything else is refused, so `"1"` (which `new Date` reads as 2001) and
 * `"2024/01/15"` (local time) are not instants. A client reads its own date-time type first.
 *
 * @since 0.1.0
 * @category parsing
 */
export const inputMillis = (input: unknown): number | undefined => {
  if (typeof input === "string") return parseMillis(input.trim())
  if (input instanceof Date) {
    const millis = input.getTime()
    return Number.isNaN(millis) ? undefined : millis
  }
  return undefined
}

/**
 * Formats epoch milliseconds in the canonical wire form: UTC with `Z`, with milliseconds only when
 * non-zero, so the documented examples format back to exactly the text they were parsed from.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatMillis = (millis: number): string => {
  const iso = new Date(millis).toISOString()
  return iso.endsWith(".000Z") ? iso.slice(0, -5) + "Z" : iso
}
