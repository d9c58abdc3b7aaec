/**
 * The timestamps of the jobs API.
 *
 * The service sends ISO 8601 strings: `2024-01-15T10:30:00Z`, sometimes with fractional seconds
 * (Python emits up to microseconds) or a numeric offset. A timestamp without a zone is read as UTC
 * (the backend stores UTC). Decoded values are `DateTime.Utc`; precision beyond milliseconds is
 * dropped. Encoding writes the canonical form: UTC with `Z`, with milliseconds only when non-zero,
 * so the documented examples encode back to exactly the text they were decoded from.
 *
 * @since 1.0.0
 */
import * as Protocol from "@sutro-effect/protocol/Timestamp"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaTransformation from "effect/SchemaTransformation"
import * as Utc from "./internal/utc.js"

/**
 * Parses an ISO 8601 date-time, returning epoch milliseconds or `undefined`.
 *
 * @since 1.0.0
 * @category parsing
 */
export const parseMillis: (input: string) => number | undefined = Protocol.parseMillis

/**
 * Formats epoch milliseconds in the canonical wire form.
 *
 * @since 1.0.0
 * @category formatting
 */
export const formatMillis: (millis: number) => string = Protocol.formatMillis

// Generated timestamps stay in the years the wire format can spell (DateTimeUtc alone generates
// any instant `Date` can hold, most of them with six-digit years).
const DateTimeUtc = Schema.DateTimeUtc.annotate({
  toCodecArbitrary: () =>
    Schema.link<DateTime.Utc>()(
      Schema.Int.check(Schema.isBetween({ minimum: Protocol.minMillis, maximum: Protocol.maxMillis })),
      { decode: SchemaGetter.transform(Utc.make), encode: SchemaGetter.transform(DateTime.toEpochMillis) }
    )
})

/**
 * An ISO 8601 string on the wire, a `DateTime.Utc` in code.
 *
 * @since 1.0.0
 * @category schemas
 */
export const Timestamp: Schema.Codec<DateTime.Utc, string> = Schema.String.pipe(
  Schema.decodeTo(
    DateTimeUtc,
    SchemaTransformation.transformEffect({
      decode: (input: string, options) => {
        const millis = parseMillis(input)
        return millis === undefined
          ? Effect.fail(
            new SchemaIssue.InvalidValue(
              { message: `expected an ISO 8601 date-time such as 2024-01-15T10:30:00Z, got ${JSON.stringify(input)}` },
              input,
              options
            )
          )
          : Effect.succeed(Utc.make(millis))
      },
      encode: (dt: DateTime.Utc) => Effect.succeed(formatMillis(DateTime.toEpochMillis(dt)))
    })
  )
).annotate({ identifier: "Timestamp" })
