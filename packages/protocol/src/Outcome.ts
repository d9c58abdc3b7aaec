/**
 * From what came back to which error: the status, headers and body of a response that is not a 2xx,
 * or a 2xx body that is not JSON, classified as a member of the `SutroError` union with its fields.
 * Each line builds its error class from the result (`new SutroError[outcome._tag](outcome)`), so the
 * classification is the same on both. Every text taken from the server passes through a `Scrub`
 * first (see `Secrets`).
 *
 * @since 0.1.0
 */
import * as ErrorBody from "./ErrorBody.js"
import * as Retry from "./Retry.js"
import type * as Secrets from "./Secrets.js"

/**
 * A response as the client read it: its body already bounded by `maxResponseBytes`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Received {
  readonly status: number
  readonly headers: { readonly [name: string]: string | undefined }
  readonly text: string
}

/**
 * An error status, classified: the tag of the `SutroError` member and its fields.
 *
 * @since 0.1.0
 * @category models
 */
export type StatusError =
  | {
    readonly _tag: "AuthenticationError"
    readonly status: number
    readonly requestId: string | undefined
    readonly detail: string
  }
  | {
    readonly _tag: "ConfigurationError"
    readonly reason: "Gone" | "NotFound"
    readonly status: number
    readonly requestId: string | undefined
    readonly detail: string
    readonly url: string
  }
  | {
    readonly _tag: "RateLimitError"
    readonly status: number
    readonly requestId: string | undefined
    readonly detail: string
    readonly retryAfterMillis: number | undefined
  }
  | {
    readonly _tag: "ServerError"
    readonly status: number
    readonly requestId: string | undefined
    readonly detail: string
    readonly contentType?: string | undefined
    readonly retryAfterMillis?: number | undefined
  }
  | {
    readonly _tag: "InvalidRequestError"
    readonly status: number
    readonly requestId: string | undefined
    readonly detail: string
  }

const scrubDefined = (scrub: Secrets.Scrub, text: string | undefined): string | undefined =>
  text === undefined ? undefined : scrub(text)

/**
 * The message of an error and of its cause, when that says more.
 *
 * @since 0.1.0
 * @category formatting
 */
export const errorMessage = (cause: unknown): string => {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause
    return inner instanceof Error && inner.message !== cause.message
      ? `${cause.message} (${inner.message})`
      : cause.message
  }
  return String(cause)
}

/**
 * A schema issue's path as a person reads it: `jobs[0].status`, or `(root)`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatPath = (path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>): string => {
  let out = ""
  for (const segment of path) {
    const key = typeof segment === "object" ? segment.key : segment
    out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`
  }
  return out === "" ? "(root)" : out
}

/**
 * The error for a response that is not a 2xx.
 *
 * @since 0.1.0
 * @category classifying
 */
export const fromStatus = (
  received: Received,
  url: string,
  nowMillis: number,
  scrub: Secrets.Scrub
): StatusError => {
  const { headers, status } = received
  const contentType = scrubDefined(scrub, headers["content-type"])
  const body = ErrorBody.parse(scrub(received.text), contentType)
  // Scrubbed again once read: JSON escapes and HTML references the raw text spelled are decoded now.
  const requestId = scrubDefined(scrub, headers["x-request-id"]) ??
    (body._tag === "Json" ? scrubDefined(scrub, body.requestId) : undefined)
  const detail = scrub(ErrorBody.summary(body))
  const bodyDetail = body._tag === "Json" ? scrubDefined(scrub, body.detail) : undefined
  if (status === 401 || status === 403) {
    return { _tag: "AuthenticationError", status, requestId, detail: bodyDetail ?? detail }
  }
  if (status === 404 || status === 410) {
    return { _tag: "ConfigurationError", reason: status === 410 ? "Gone" : "NotFound", status, requestId, detail, url }
  }
  if (status === 429) {
    const retryAfterMillis = Retry.retryAfterFromHeaders(headers, nowMillis)
    return { _tag: "RateLimitError", status, requestId, detail: bodyDetail ?? detail, retryAfterMillis }
  }
  if (status >= 500 || status === 408) {
    return {
      _tag: "ServerError",
      status,
      requestId,
      detail,
      contentType: body._tag === "NotJson" ? contentType : undefined,
      retryAfterMillis: Retry.retryAfterFromHeaders(headers, nowMillis)
    }
  }
  if (status >= 400) return { _tag: "InvalidRequestError", status, requestId, detail }
  // 1xx and 3xx: fetch follows redirects, so one that arrives here cannot be followed.
  return { _tag: "ServerError", status, requestId, detail: `unexpected status ${status}: ${detail}` }
}

// V8 quotes the text around where it failed (`Unexpected token 'U', "Unauthoriz"... is not valid
// JSON`): cut short, a key there is a prefix no scrub can recognise, so the quote goes.
const quotedInput = /, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/
const leadingQuote = /^(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/

/**
 * The message of a `JSON.parse` failure without the part of the input it quotes (V8 quotes a few
 * characters around the failure, which may be a cut-off key); the error's `excerpt` shows the body,
 * scrubbed, instead.
 *
 * @since 0.1.0
 * @category formatting
 */
export const parseFailureMessage = (cause: unknown): string => {
  const message = errorMessage(cause)
  if (leadingQuote.test(message)) return "not valid JSON"
  return message.replace(quotedInput, "")
}

/**
 * The fields of the `DecodeError` (kind `NotJson`) for a 2xx body that `JSON.parse` refused.
 *
 * @since 0.1.0
 * @category classifying
 */
export const notJson = (received: Received, cause: unknown, scrub: Secrets.Scrub) => {
  const { headers, status, text } = received
  return {
    kind: "NotJson" as const,
    status,
    requestId: scrubDefined(scrub, headers["x-request-id"]),
    detail: text.length === 0 ? "the body is empty" : scrub(parseFailureMessage(cause)),
    contentType: scrubDefined(scrub, headers["content-type"]),
    // Scrubbed again: the excerpt decodes `&amp;` and `&nbsp;` and folds whitespace.
    excerpt: scrub(ErrorBody.excerpt(scrub(text.slice(0, ErrorBody.excerptScanLength + 1024))))
  }
}

/**
 * The fields of the `DecodeError` (kind `Encoding`) for a body that could not be decoded: a
 * `Content-Encoding` the client does not know, or compressed data that is corrupt.
 *
 * @since 0.1.0
 * @category classifying
 */
export const undecodable = (received: Pick<Received, "status" | "headers">, detail: string, scrub: Secrets.Scrub) => ({
  kind: "Encoding" as const,
  status: received.status,
  requestId: scrubDefined(scrub, received.headers["x-request-id"]),
  detail: scrub(detail),
  contentType: scrubDefined(scrub, received.headers["content-type"])
})

/**
 * The fields of the `DecodeError` (kind `Schema`) for a 2xx body of the wrong shape.
 *
 * @since 0.1.0
 * @category classifying
 */
export const schemaMismatch = (received: Received, detail: string, scrub: Secrets.Scrub) => ({
  kind: "Schema" as const,
  status: received.status,
  requestId: scrubDefined(scrub, received.headers["x-request-id"]),
  detail: scrub(detail)
})

/**
 * The fields of the `DecodeError` (kind `TooLarge`) for a 2xx body over `maxResponseBytes`.
 *
 * @since 0.1.0
 * @category classifying
 */
export const tooLarge = (
  received: Pick<Received, "status" | "headers">,
  limitBytes: number,
  detail: string,
  scrub: Secrets.Scrub
) => ({
  kind: "TooLarge" as const,
  status: received.status,
  requestId: scrubDefined(scrub, received.headers["x-request-id"]),
  detail,
  limitBytes
})
