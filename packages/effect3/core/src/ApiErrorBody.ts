/**
 * The bodies of error responses, in every shape the real service and its intermediaries send:
 *
 * - FastAPI: `{"detail": "..."}`, or for 422 `{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`;
 * - newer endpoints add `code` and `request_id`; an old page shows `{"message": "..."}`;
 * - Cloudflare and other proxies answer with HTML pages (520-524), which are not JSON at all.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { JsonValue } from "./Json.js"

/**
 * One problem of a FastAPI validation error (422).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ValidationIssue = Schema.Struct({
  loc: Schema.optionalWith(Schema.Array(Schema.Union(Schema.String, Schema.Number)), { default: () => [] }),
  msg: Schema.String,
  type: Schema.optional(Schema.String)
}).annotations({ identifier: "ValidationIssue" })

/**
 * @since 0.1.0
 * @category models
 */
export interface ValidationIssue extends Schema.Schema.Type<typeof ValidationIssue> {}

/**
 * The JSON error body: every key optional, `detail` a string, a list of validation problems, or
 * (rarely) any other JSON value.
 *
 * @since 0.1.0
 * @category schemas
 */
export const JsonErrorBody = Schema.Struct({
  detail: Schema.optional(Schema.Union(Schema.String, Schema.Array(ValidationIssue), JsonValue)),
  message: Schema.optional(Schema.String),
  code: Schema.optional(Schema.Union(Schema.String, Schema.Number)),
  request_id: Schema.optional(Schema.String)
}).annotations({ identifier: "JsonErrorBody" })

/**
 * An error body that was JSON.
 *
 * @since 0.1.0
 * @category models
 */
export class Json extends Data.TaggedClass("Json")<{
  /** The server's explanation, flattened to one line (validation problems joined). */
  readonly detail: string | undefined
  /** The validation problems of a 422, empty otherwise. */
  readonly issues: ReadonlyArray<ValidationIssue>
  readonly code: string | undefined
  readonly requestId: string | undefined
}> {}

/**
 * An error body that was not JSON (an HTML page from a proxy, plain text, or nothing).
 *
 * @since 0.1.0
 * @category models
 */
export class NotJson extends Data.TaggedClass("NotJson")<{
  readonly contentType: string | undefined
  /** A short, single-line excerpt: the page's `<title>` when it has one, else the start of the text. */
  readonly excerpt: string
  readonly length: number
}> {}

/**
 * @since 0.1.0
 * @category models
 */
export type ApiErrorBody = Json | NotJson

const maxExcerpt = 200
// A server's `detail` goes into error messages: long enough for any real explanation, bounded for a hostile one.
const maxDetail = 1000

/**
 * How much of a body {@link excerpt} reads: a title or the first words of a page are at its start,
 * and a bounded prefix keeps the cost of a hostile body small and linear.
 *
 * @since 0.2.0
 * @category constants
 */
export const excerptScanLength = 8192

// Everything below reads server text in one pass: a regex like /<[^>]*>/g over a body of many `<`
// without `>` rescans the rest of the text from every `<`, which is quadratic.

const titleOf = (text: string, lower: string): string | undefined => {
  const open = lower.indexOf("<title")
  if (open === -1) return undefined
  const end = lower.indexOf(">", open + 6)
  if (end === -1) return undefined
  const close = lower.indexOf("</title>", end + 1)
  return close === -1 ? undefined : text.slice(end + 1, close)
}

const rawTextTag = (lower: string, at: number): "script" | "style" | undefined =>
  lower.startsWith("script", at + 1) ? "script" : lower.startsWith("style", at + 1) ? "style" : undefined

/** Tags (and script/style elements) become spaces; a `<` without a later `>` is kept as text. */
const stripTags = (text: string, lower: string): string => {
  let out = ""
  let at = 0
  // Once a search has failed from some position, it fails from every later one: remember that.
  const closed = { script: true, style: true }
  while (at < text.length) {
    const open = text.indexOf("<", at)
    if (open === -1) break
    const end = text.indexOf(">", open + 1)
    if (end === -1) break
    out += text.slice(at, open) + " "
    const raw = rawTextTag(lower, open)
    if (raw !== undefined && closed[raw]) {
      const close = lower.indexOf(`</${raw}>`, end + 1)
      if (close !== -1) {
        at = close + raw.length + 3
        continue
      }
      closed[raw] = false
    }
    at = end + 1
  }
  return out + text.slice(at)
}

/** Cuts `text` to at most `max` UTF-16 units with an ellipsis, never inside a surrogate pair. */
const truncate = (text: string, max: number): string => {
  if (text.length <= max) return text
  let cut = max - 1
  const last = text.charCodeAt(cut - 1)
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1
  return text.slice(0, cut) + "…"
}

/**
 * A short single-line excerpt of a body, for error messages: the `<title>` of an HTML page, else
 * the text with tags stripped. Only the first {@link excerptScanLength} characters are read, in
 * time linear in their length, whatever the body holds.
 *
 * @since 0.1.0
 * @category formatting
 */
export const excerpt = (text: string, max = maxExcerpt): string => {
  const head = text.length > excerptScanLength ? text.slice(0, excerptScanLength) : text
  const lower = head.toLowerCase()
  const source = titleOf(head, lower) ?? stripTags(head, lower)
  const line = source.replaceAll("&nbsp;", " ").replaceAll("&amp;", "&").replace(/\s+/g, " ").trim()
  return truncate(line, max)
}

const issueText = (issue: ValidationIssue): string => {
  const loc = issue.loc.filter((part) => part !== "body" || issue.loc.length === 1).join(".")
  return loc === "" ? issue.msg : `${loc}: ${issue.msg}`
}

const decodeJsonBody = Schema.decodeUnknownEither(JsonErrorBody)

/**
 * Reads an error body. JSON is parsed whole (linear); every text taken from it is bounded
 * (`detail` to 1,000 characters, excerpts to 200).
 *
 * @since 0.1.0
 * @category parsing
 */
export const fromText = (text: string, contentType?: string | undefined): ApiErrorBody => {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return new NotJson({ contentType, excerpt: excerpt(text), length: text.length })
  }
  if (typeof parsed === "string") {
    return new Json({ detail: truncate(parsed, maxDetail), issues: [], code: undefined, requestId: undefined })
  }
  const decoded = decodeJsonBody(parsed)
  if (Either.isLeft(decoded)) {
    return new Json({ detail: excerpt(text), issues: [], code: undefined, requestId: undefined })
  }
  const body = decoded.right
  let detail: string | undefined
  let issues: ReadonlyArray<ValidationIssue> = []
  if (typeof body.detail === "string") {
    detail = body.detail
  } else if (Array.isArray(body.detail) && body.detail.every((item) => Schema.is(ValidationIssue)(item))) {
    issues = body.detail as ReadonlyArray<ValidationIssue>
    detail = issues.map(issueText).join("; ")
  } else if (body.detail !== undefined && body.detail !== null) {
    detail = excerpt(JSON.stringify(body.detail))
  }
  const text_ = detail ?? body.message
  return new Json({
    detail: text_ === undefined ? undefined : truncate(text_, maxDetail),
    issues,
    code: body.code === undefined ? undefined : String(body.code),
    requestId: body.request_id
  })
}

/**
 * One line describing a body, for error messages.
 *
 * @since 0.1.0
 * @category formatting
 */
export const summary = (body: ApiErrorBody): string => {
  if (body._tag === "Json") {
    const text = body.detail ?? "no detail given"
    return body.code === undefined ? text : `${text} (code ${body.code})`
  }
  if (body.length === 0) return "empty body"
  return `non-JSON body (${body.contentType ?? "no content type"}): ${JSON.stringify(body.excerpt)}`
}
