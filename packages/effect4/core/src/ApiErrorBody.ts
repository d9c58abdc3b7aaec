/**
 * The bodies of error responses, in every shape the real service and its intermediaries send:
 *
 * - FastAPI: `{"detail": "..."}`, or for 422 `{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`;
 * - newer endpoints add `code` and `request_id`; an old page shows `{"message": "..."}`;
 * - Cloudflare and other proxies answer with HTML pages (520-524), which are not JSON at all.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
import * as ErrorBody from "@sutro-effect/protocol/ErrorBody"
import * as Data from "effect/Data"
import * as Schema from "effect/Schema"
import { annotate, Union, withDefault } from "./internal/compat.js"
import { JsonValue } from "./Json.js"

/**
 * One problem of a FastAPI validation error (422).
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category schemas
 */
export const ValidationIssue = Schema.Struct({
  loc: withDefault(Schema.Array(Union([Schema.String, Schema.Number])), () => []),
  msg: Schema.String,
  type: Schema.optional(Schema.String)
}).pipe(annotate({ identifier: "ValidationIssue" }))

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export interface ValidationIssue extends Schema.Schema.Type<typeof ValidationIssue> {}

/**
 * The JSON error body: every key optional, `detail` a string, a list of validation problems, or
 * (rarely) any other JSON value. {@link fromText} checks this shape by hand
 * (`@sutro-effect/protocol/ErrorBody`), with the same result: the tests hold the two to agreeing.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category schemas
 */
export const JsonErrorBody = Schema.Struct({
  detail: Schema.optional(Union([Schema.String, Schema.Array(ValidationIssue), JsonValue])),
  message: Schema.optional(Schema.String),
  code: Schema.optional(Union([Schema.String, Schema.Number])),
  request_id: Schema.optional(Schema.String)
}).pipe(annotate({ identifier: "JsonErrorBody" }))

/**
 * An error body that was JSON.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
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
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export class NotJson extends Data.TaggedClass("NotJson")<{
  readonly contentType: string | undefined
  /** A short, single-line excerpt: the page's `<title>` when it has one, else the start of the text. */
  readonly excerpt: string
  readonly length: number
}> {}

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export type ApiErrorBody = Json | NotJson

/**
 * How much of a body {@link excerpt} reads: a title or the first words of a page are at its start,
 * and a bounded prefix keeps the cost of a hostile body small and linear.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constants
 */
export const excerptScanLength: number = ErrorBody.excerptScanLength

/**
 * A short single-line excerpt of a body, for error messages: the `<title>` of an HTML page, else
 * the text with tags stripped. Only the first {@link excerptScanLength} characters are read, in
 * time linear in their length, whatever the body holds.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category formatting
 */
export const excerpt: (text: string, max?: number) => string = ErrorBody.excerpt

/**
 * Reads an error body. JSON is parsed whole (linear); every text taken from it is bounded
 * (`detail` to 1,000 characters, excerpts to 200).
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category parsing
 */
export const fromText = (text: string, contentType?: string | undefined): ApiErrorBody => {
  const body = ErrorBody.parse(text, contentType)
  return body._tag === "Json"
    ? new Json({ detail: body.detail, issues: body.issues, code: body.code, requestId: body.requestId })
    : new NotJson({ contentType: body.contentType, excerpt: body.excerpt, length: body.length })
}

/**
 * One line describing a body, for error messages.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category formatting
 */
export const summary = (body: ApiErrorBody): string => ErrorBody.summary(body)
