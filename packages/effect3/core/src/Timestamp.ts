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
import * as ProtocolTimestamp from "@sutro-effect/protocol/Timestamp"
import * as DateTime from "effect/DateTime"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Utc from "./internal/utc.js"

/**
 * Parses an ISO 8601 date-time, returning epoch milliseconds or `undefined`.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseMillis: (input: string) => number | undefined = ProtocolTimestamp.parseMillis

/**
 * Formats epoch milliseconds in the canonical wire form.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatMillis: (millis: number) => string = ProtocolTimestamp.formatMillis

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
        : ParseResult.succeed(Utc.make(millis))
    },
    encode: (dt) => ParseResult.succeed(formatMillis(DateTime.toEpochMillis(dt)))
  }
).annotations({
  identifier: "Timestamp",
  arbitrary: () => (fc) =>
    fc.integer({ min: ProtocolTimestamp.minMillis, max: ProtocolTimestamp.maxMillis }).map((millis) =>
      DateTime.unsafeMake(millis) as DateTime.Utc
    )
})
