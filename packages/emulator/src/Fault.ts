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

/**
 * The longest delay a Node.js timer can hold (2^31 - 1 ms, about 24.9 days): a longer one would
 * fire at once, so faults refuse it.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxTimerMillis = 2_147_483_647

/**
 * The longest `next_cursor` the `LongCursor` fault makes: with the rest of the request line it
 * stays under Node's default 16 KiB header limit, so the emulator can read it back.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxLongCursor = 12_000

const Millis = Schema.Number.pipe(
  Schema.filter((n) =>
    n >= 0 && n <= maxTimerMillis ? undefined : `expected 0..${maxTimerMillis} ms (what a timer can hold), got ${n}`
  )
)

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/**
 * Response headers: each name an HTTP token (RFC 9110), as Node.js accepts it (a record schema
 * alone would silently drop a key that fails, so the whole record is checked).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Headers = Schema.Record({ key: Schema.String, value: Schema.suspend(() => HeaderValue) }).pipe(
  Schema.filter((headers) => {
    const bad = Object.keys(headers).find((name) => !headerName.test(name))
    return bad === undefined ? undefined : `not a valid header name: ${JSON.stringify(bad)}`
  })
)

/**
 * A response header value: no control characters other than tab (no CR, LF or NUL), as Node.js accepts it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const HeaderValue = Schema.String.pipe(
  Schema.filter((s) =>
    /^[\t\x20-\x7e\x80-\xff]*$/.test(s) ? undefined : `not a valid header value: ${JSON.stringify(s)}`
  )
)

const StatusCode = Schema.Int.pipe(Schema.between(200, 599))

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
  status: StatusCode,
  detail: Schema.optional(Schema.String),
  body: Schema.optional(Schema.String),
  contentType: Schema.optional(HeaderValue),
  headers: Schema.optional(Headers),
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
 * Waits `millis` before answering normally (on top of the emulator's `latency` option). `millis`
 * is at most {@link maxTimerMillis}.
 *
 * @since 0.1.0
 * @category models
 */
export const Latency = Schema.TaggedStruct("Latency", {
  millis: Millis,
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
 * The page the request asked for, padded with trailing spaces (still valid JSON) to `bytes` bytes
 * and sent in 64 KiB chunks, with a `content-length` (default) or, with `contentLength: false`,
 * chunked: for a client's response-size cap, which must work both ways. `bytes` is 1..1 GiB; a page
 * already longer than `bytes` is sent as it is.
 *
 * @since 0.1.0
 * @category models
 */
export const LargeBody = Schema.TaggedStruct("LargeBody", {
  bytes: Schema.Int.pipe(Schema.between(1, 1024 * 1024 * 1024)),
  contentLength: Schema.optional(Schema.Boolean),
  ...scope
})

/**
 * An error body (default status 502, `text/html`) of `bytes` bytes (default 1,000,000; at most 64
 * MiB) of adversarial text for whatever reads it:
 *
 * - `angles`: `<` repeated;
 * - `titles`: `<title` repeated, never closed;
 * - `unclosed`: `<b ` repeated: tags opened and never closed;
 * - `nested`: `<div>` nested as deep as the size allows, then closed;
 * - `multibyte`: text of 2-, 3- and 4-byte UTF-8 characters (emoji outside the BMP included).
 *
 * @since 0.1.0
 * @category models
 */
export const HostileBody = Schema.TaggedStruct("HostileBody", {
  pattern: Schema.Literal("angles", "titles", "unclosed", "nested", "multibyte"),
  status: Schema.optional(StatusCode),
  bytes: Schema.optional(Schema.Int.pipe(Schema.between(1, 64 * 1024 * 1024))),
  contentType: Schema.optional(HeaderValue),
  ...scope
})

/**
 * How an echo spells what it repeats: `as-sent` (default); `percent` (`encodeURIComponent`),
 * `percent-lower` (the same with lowercase hex), `form` (`application/x-www-form-urlencoded`, `+`
 * for a space), `uri` (`encodeURI`); `html-named` (`&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;`),
 * `html-decimal` (`&#60;`) and `html-hex` (`&#x3c;`) for every character but ASCII letters and
 * digits; `json-unicode` (`\u003c` for every character but ASCII letters and digits: in a JSON
 * body, the escapes of the JSON text itself, so the parsed detail holds the header as sent).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Spelling = Schema.Literal(
  "as-sent",
  "percent",
  "percent-lower",
  "form",
  "uri",
  "html-named",
  "html-decimal",
  "html-hex",
  "json-unicode"
)

/**
 * @since 0.1.0
 * @category models
 */
export type Spelling = typeof Spelling.Type

/**
 * An error (default status 401) whose body repeats the request's `Authorization` header, key
 * included, as servers and proxies sometimes do: in a JSON `detail` (default), an HTML page (in its
 * `<title>` and body) or plain text, spelled as `spelling` says (default as sent). For checking that
 * a client never lets the key through.
 *
 * With `into: "next_cursor"` the response is the page the request asked for instead, its
 * `next_cursor` carrying the key (without the `Key ` scheme, spelled as `spelling` says) after the
 * position: `<cursor>~<key>`. The emulator reads such a cursor as the position before the `~`, so
 * a client that follows it continues the walk; `status` and `format` do not apply then, it applies
 * to paginated requests only, and the last page (`next_cursor` null) is unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export const EchoAuthorization = Schema.TaggedStruct("EchoAuthorization", {
  status: Schema.optional(StatusCode),
  format: Schema.optional(Schema.Literal("json", "html", "text")),
  spelling: Schema.optional(Spelling),
  into: Schema.optional(Schema.Literal("body", "next_cursor")),
  ...scope
})

/**
 * The page the request asked for, with a `next_cursor` that leads back: to the start of the list
 * (default), or, with `back: n`, to `n` jobs before the end of this page (so the next page repeats
 * them). The cursor is spelled differently from every cursor the emulator issues (indented JSON),
 * so a client comparing cursor text does not notice. Applies to paginated requests only, the last
 * page included (which then gets a cursor instead of null).
 *
 * @since 0.1.0
 * @category models
 */
export const RewindCursor = Schema.TaggedStruct("RewindCursor", {
  back: Schema.optional(Schema.Int.pipe(Schema.positive())),
  ...scope
})

/**
 * The page the request asked for, with a `next_cursor` of at least `length` characters (default
 * 5,000; 4,097..{@link maxLongCursor}) that names the right position (its JSON padded with spaces),
 * so following it continues the walk normally. On the last page (`next_cursor` null) the page is
 * unchanged. Applies to paginated requests only.
 *
 * @since 0.1.0
 * @category models
 */
export const LongCursor = Schema.TaggedStruct("LongCursor", {
  length: Schema.optional(Schema.Int.pipe(Schema.between(4097, maxLongCursor))),
  ...scope
})

/**
 * Sends the status, the headers (with the full `content-length`) and half the body, waits `millis`
 * (at most {@link maxTimerMillis}), then sends the rest: a body that stalls midway.
 *
 * @since 0.1.0
 * @category models
 */
export const StallMidBody = Schema.TaggedStruct("StallMidBody", {
  millis: Millis,
  ...scope
})

/**
 * A content coding a compression fault uses: `gzip` (default) or `br`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Coding = Schema.Literal("gzip", "br")

/**
 * The largest decoded size of a {@link CompressionBomb}: 256 MiB.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxBombBytes = 256 * 1024 * 1024

/**
 * A decompression bomb: a 200 whose body is the page the request asked for padded with spaces
 * (still valid JSON) to `bytes` bytes (default 10,000,000; at most {@link maxBombBytes}),
 * compressed with `coding` (default `gzip`) to a few KB, with its `content-encoding` and the
 * compressed `content-length`, whether or not the request asked for compression. A client must
 * count decoded bytes against its size cap.
 *
 * @since 0.1.0
 * @category models
 */
export const CompressionBomb = Schema.TaggedStruct("CompressionBomb", {
  bytes: Schema.optional(Schema.Int.pipe(Schema.between(1, maxBombBytes))),
  coding: Schema.optional(Coding),
  ...scope
})

/**
 * A 200 whose compressed body (`coding`, default `gzip`, whether or not the request asked for
 * compression) is corrupt: the page compressed, then 16 bytes in its middle overwritten. Well
 * framed: only a decoder notices. Retrying cannot help.
 *
 * @since 0.1.0
 * @category models
 */
export const CorruptCompression = Schema.TaggedStruct("CorruptCompression", {
  coding: Schema.optional(Coding),
  ...scope
})

/**
 * Sends the status, the headers (`content-encoding` of `coding`, default `gzip`, whether or not the
 * request asked for compression, and the full compressed `content-length`) and half the compressed
 * body, then resets the connection: {@link ResetMidBody} for a compressed body.
 *
 * @since 0.1.0
 * @category models
 */
export const TruncatedCompression = Schema.TaggedStruct("TruncatedCompression", {
  coding: Schema.optional(Coding),
  ...scope
})

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
  EmptyPage,
  LargeBody,
  HostileBody,
  EchoAuthorization,
  RewindCursor,
  LongCursor,
  StallMidBody,
  CompressionBomb,
  CorruptCompression,
  TruncatedCompression
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
