/**
 * Faults the emulator can inject into list-jobs responses: what the real service, its proxies and
 * the network do on a bad day. A fault is plain data (a tagged struct), so it can be scripted in
 * code or posted as JSON to `POST /_emulator/faults`.
 *
 * Every fault takes two optional scoping fields:
 *
 * - `times` (default 1): how many matching requests it affects before it is used up;
 * - `cursor`: only requests whose `cursor` parameter is exactly this value match it.
 *
 * Queued faults are matched in order: a request takes the first queued fault that applies to it.
 * Faults only apply to list-jobs requests that passed authentication and validation (a request
 * that gets 401, 400 or 422 leaves the queue untouched); `RepeatCursor` applies only to a paginated
 * request that carries a cursor, `EmptyPage` only to a paginated request.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const scope = {
  /** How many matching requests the fault affects (default 1). */
  times: Schema.optional(Schema.Int.pipe(Schema.positive())),
  /** Only requests with exactly this `cursor` parameter match. */
  cursor: Schema.optional(Schema.String)
}

/**
 * Any status code with a Sutro-like JSON body, `{"detail": ...}`. Without `detail`, the detail is
 * what the real service says for that status (for 410, the "no longer supported" text of the
 * legacy host). `body` replaces the body entirely; `headers` adds response headers.
 *
 * @since 0.1.0
 * @category models
 */
export const Status = Schema.TaggedStruct("Status", {
  status: Schema.Int.pipe(Schema.between(200, 599)),
  detail: Schema.optional(Schema.String),
  body: Schema.optional(Schema.String),
  contentType: Schema.optional(Schema.String),
  headers: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String })),
  ...scope
})

/**
 * 429 Too Many Requests. `retryAfter` seconds (default 1) sent as `Retry-After` in `format`
 * `"seconds"` (default), as an HTTP date (`"http-date"`, now + retryAfter) or not at all
 * (`"none"`); `retryAfterMs` adds a `retry-after-ms` header.
 *
 * @since 0.1.0
 * @category models
 */
export const RateLimited = Schema.TaggedStruct("RateLimited", {
  retryAfter: Schema.optional(Schema.NonNegative),
  format: Schema.optional(Schema.Literal("seconds", "http-date", "none")),
  retryAfterMs: Schema.optional(Schema.NonNegative),
  ...scope
})

/**
 * A Cloudflare HTML error page, status 520 to 524 (524: the origin timed out).
 *
 * @since 0.1.0
 * @category models
 */
export const Cloudflare = Schema.TaggedStruct("Cloudflare", {
  status: Schema.Literal(520, 521, 522, 523, 524),
  ...scope
})

/**
 * Waits `millis` before answering normally (on top of the emulator's `latency` option).
 *
 * @since 0.1.0
 * @category models
 */
export const Latency = Schema.TaggedStruct("Latency", {
  millis: Schema.NonNegative,
  ...scope
})

/**
 * Resets the connection (TCP RST) before any response header is sent.
 *
 * @since 0.1.0
 * @category models
 */
export const ResetBeforeHeaders = Schema.TaggedStruct("ResetBeforeHeaders", scope)

/**
 * Sends the status, the headers (with the full `content-length`) and half the body, then resets
 * the connection.
 *
 * @since 0.1.0
 * @category models
 */
export const ResetMidBody = Schema.TaggedStruct("ResetMidBody", scope)

/**
 * A complete, well-framed 200 response whose JSON body is cut in half (the `content-length` matches
 * the cut body, so only a JSON parser notices).
 *
 * @since 0.1.0
 * @category models
 */
export const TruncatedJson = Schema.TaggedStruct("TruncatedJson", scope)

/**
 * A 200 response with `content-type: application/json` whose body is not JSON (the page with
 * single quotes, as a Python `repr` would print it).
 *
 * @since 0.1.0
 * @category models
 */
export const MalformedJson = Schema.TaggedStruct("MalformedJson", scope)

/**
 * The page the request asked for, but with `next_cursor` equal to the request's own cursor: a
 * client that follows it loops forever.
 *
 * @since 0.1.0
 * @category models
 */
export const RepeatCursor = Schema.TaggedStruct("RepeatCursor", scope)

/**
 * An empty page (`"jobs": []`) that still carries a `next_cursor`. The cursor names the same
 * position as the request (spelled differently, so it is not a repeat of the request's text), so
 * following it continues the scan with nothing lost.
 *
 * @since 0.1.0
 * @category models
 */
export const EmptyPage = Schema.TaggedStruct("EmptyPage", scope)

/**
 * Every fault, as one schema: decode JSON with it, or build values with each member's `make`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Fault = Schema.Union(
  Status,
  RateLimited,
  Cloudflare,
  Latency,
  ResetBeforeHeaders,
  ResetMidBody,
  TruncatedJson,
  MalformedJson,
  RepeatCursor,
  EmptyPage
).annotations({ identifier: "Fault" })

/**
 * @since 0.1.0
 * @category models
 */
export type Fault = typeof Fault.Type

/**
 * The JSON form of a fault.
 *
 * @since 0.1.0
 * @category models
 */
export type FaultEncoded = typeof Fault.Encoded

/**
 * The detail the real service (or the emulator's idea of it) sends with a status.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultDetail = (status: number): string => {
  switch (status) {
    case 400:
      return "Bad Request"
    case 401:
      return "Invalid API key"
    case 403:
      return "Not authenticated"
    case 404:
      return "Not Found"
    case 408:
      return "Request Timeout"
    case 410:
      return "Direct Sutro Batch API access is no longer supported. Use your deployment's URL (https://<deployment>/v1) instead."
    case 422:
      return "Unprocessable Entity"
    case 429:
      return "Too Many Requests"
    case 500:
      return "Internal Server Error"
    case 502:
      return "Bad Gateway"
    case 503:
      return "Service Unavailable"
    case 504:
      return "Gateway Timeout"
    default:
      return status >= 500 ? "Internal Server Error" : "Error"
  }
}
