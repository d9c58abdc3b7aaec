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

/**
 * A short single-line excerpt of a body, for error messages: the `<title>` of an HTML page (plus
 * its first heading when different), else the text with tags stripped.
 *
 * @since 0.1.0
 * @category formatting
 */
export const excerpt = (text: string, max = maxExcerpt): string => {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1]
  const source = title !== undefined
    ? title
    : text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ")
  const line = source.replace(/&nbsp;/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim()
  return line.length > max ? line.slice(0, max - 1) + "…" : line
}

const issueText = (issue: ValidationIssue): string => {
  const loc = issue.loc.filter((part) => part !== "body" || issue.loc.length === 1).join(".")
  return loc === "" ? issue.msg : `${loc}: ${issue.msg}`
}

const decodeJsonBody = Schema.decodeUnknownEither(JsonErrorBody)

/**
 * Reads an error body.
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
    return new Json({ detail: parsed, issues: [], code: undefined, requestId: undefined })
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
  return new Json({
    detail: detail ?? body.message,
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
