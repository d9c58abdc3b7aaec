/**
 * The timestamps of the jobs API.
 *
 * The service sends ISO 8601 strings: `2024-01-15T10:30:00Z`, sometimes with fractional seconds
 * (Python emits up to microseconds) or a numeric offset. A timestamp without a zone is read as UTC
 * (the backend stores UTC). Decoded values are `DateTime.Utc`; precision beyond milliseconds is
 * dropped. Encoding writes the canonical form: UTC with `Z`, with milliseconds only when non-zero,
 * so the documented examples encode back to exactly the text they were decoded from.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
import * as Protocol from "@sutro-effect/protocol/Timestamp"
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
import { annotate, asCodec, DateTimeUtcBetween, transformOrFail } from "./internal/compat.js"
import * as Utc from "./internal/utc.js"

/**
 * Parses an ISO 8601 date-time, returning epoch milliseconds or `undefined`.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category parsing
 */
export const parseMillis: (input: string) => number | undefined = Protocol.parseMillis

/**
 * Formats epoch milliseconds in the canonical wire form.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category formatting
 */
export const formatMillis: (millis: number) => string = Protocol.formatMillis

// Generated timestamps stay in the years the wire format can spell.
const DateTimeUtc = DateTimeUtcBetween(Protocol.minMillis, Protocol.maxMillis)

/**
 * An ISO 8601 string on the wire, a `DateTime.Utc` in code.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category schemas
 */
export const Timestamp = asCodec<DateTime.Utc, string>(
  transformOrFail(Schema.String, DateTimeUtc, {
    decode: (input: string) => {
      const millis = parseMillis(input)
      return millis === undefined ? undefined : Utc.make(millis)
    },
    message: (input: string) =>
      `expected an ISO 8601 date-time such as 2024-01-15T10:30:00Z, got ${JSON.stringify(input)}`,
    encode: (dt: DateTime.Utc) => formatMillis(DateTime.toEpochMillis(dt))
  }).pipe(annotate({ identifier: "Timestamp" }))
)
