/**
 * From what came back to a `SutroError`: HTTP status, headers and body; platform `HttpClientError`s;
 * bodies that are not the expected JSON. Pure functions: everything they need is in their arguments.
 *
 * Every text taken from the server passes through a `Scrub` first (protocol's `Secrets`), which
 * removes the API key the request carried: a server (or proxy) that echoes the `Authorization`
 * header back in an error page must not put the key into messages, logs or spans.
 */
import { SutroError } from "@sutro-effect/core"
import * as ErrorBody from "@sutro-effect/protocol/ErrorBody"
import * as Retry from "@sutro-effect/protocol/Retry"
import type * as Secrets from "@sutro-effect/protocol/Secrets"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"

/** A response as the client read it: its body is already bounded by `maxResponseBytes`. */
export interface Received {
  readonly status: number
  readonly headers: { readonly [name: string]: string | undefined }
  readonly text: string
}

/** Removes secrets from server-provided text. */
export type Scrub = Secrets.Scrub

const scrubDefined = (scrub: Scrub, text: string | undefined): string | undefined =>
  text === undefined ? undefined : scrub(text)

/** The message of an error and of its cause, when that says more. */
export const errorMessage = (cause: unknown): string => {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause
    return inner instanceof Error && inner.message !== cause.message
      ? `${cause.message} (${inner.message})`
      : cause.message
  }
  return String(cause)
}

const formatPath = (path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>): string => {
  let out = ""
  for (const segment of path) {
    const key = typeof segment === "object" ? segment.key : segment
    out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`
  }
  return out === "" ? "(root)" : out
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const firstIssue = (error: Schema.SchemaError) => formatter(error.issue).issues[0]

/** The first problem of a `SchemaError`, with its path. */
export const schemaDetail = (error: Schema.SchemaError): string => {
  const issue = firstIssue(error)
  return issue === undefined ? error.message : `at ${formatPath(issue.path ?? [])}: ${issue.message}`
}

/** The first problem of a `SchemaError`, without its path (for a single value). */
export const firstIssueMessage = (error: Schema.SchemaError): string => {
  const issue = firstIssue(error)
  return issue === undefined ? error.message : issue.message
}

/** A body over `maxResponseBytes`. */
export const tooLarge = (
  received: Pick<Received, "status" | "headers">,
  limitBytes: number,
  detail: string,
  scrub: Scrub
): SutroError.DecodeError =>
  new SutroError.DecodeError({
    kind: "TooLarge",
    status: received.status,
    requestId: scrubDefined(scrub, received.headers["x-request-id"]),
    detail,
    limitBytes
  })

/** Maps a response that is not a 2xx to the matching error. */
export const fromStatus = (
  received: Received,
  url: string,
  nowMillis: number,
  scrub: Scrub
): SutroError.SutroError => {
  const { headers, status } = received
  const contentType = scrubDefined(scrub, headers["content-type"])
  const body = ErrorBody.parse(scrub(received.text), contentType)
  const requestId = scrubDefined(scrub, headers["x-request-id"]) ?? (body._tag === "Json" ? body.requestId : undefined)
  const detail = ErrorBody.summary(body)
  const bodyDetail = body._tag === "Json" ? body.detail : undefined
  if (status === 401 || status === 403) {
    return new SutroError.AuthenticationError({ status, requestId, detail: bodyDetail ?? detail })
  }
  if (status === 404 || status === 410) {
    return new SutroError.ConfigurationError({
      reason: status === 410 ? "Gone" : "NotFound",
      status,
      requestId,
      detail,
      url
    })
  }
  if (status === 429) {
    const retryAfterMillis = Retry.retryAfterFromHeaders(headers, nowMillis)
    return new SutroError.RateLimitError({ status, requestId, detail: bodyDetail ?? detail, retryAfterMillis })
  }
  if (status >= 500 || status === 408) {
    return new SutroError.ServerError({
      status,
      requestId,
      detail,
      contentType: body._tag === "NotJson" ? contentType : undefined,
      retryAfterMillis: Retry.retryAfterFromHeaders(headers, nowMillis)
    })
  }
  if (status >= 400) return new SutroError.InvalidRequestError({ status, requestId, detail })
  // 1xx and 3xx: fetch follows redirects, so one that arrives here cannot be followed.
  return new SutroError.ServerError({ status, requestId, detail: `unexpected status ${status}: ${detail}` })
}

/** Parses and decodes a 2xx body. */
export const decodeBody = <A>(
  received: Received,
  decode: (input: unknown) => Result.Result<A, Schema.SchemaError>,
  scrub: Scrub
): Result.Result<A, SutroError.DecodeError> => {
  const { headers, status, text } = received
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    return Result.fail(
      new SutroError.DecodeError({
        kind: "NotJson",
        status,
        requestId: scrubDefined(scrub, headers["x-request-id"]),
        detail: text.length === 0 ? "the body is empty" : scrub(errorMessage(cause)),
        contentType: scrubDefined(scrub, headers["content-type"]),
        excerpt: ErrorBody.excerpt(scrub(text.slice(0, ErrorBody.excerptScanLength + 1024)))
      })
    )
  }
  const decoded = decode(json)
  if (Result.isSuccess(decoded)) return decoded as Result.Result<A, never>
  return Result.fail(
    new SutroError.DecodeError({
      kind: "Schema",
      status,
      requestId: scrubDefined(scrub, headers["x-request-id"]),
      detail: scrub(schemaDetail(decoded.failure))
    })
  )
}

/**
 * Maps a platform error that is not a status, one reason class at a time (a `StatusCodeError` of a
 * transformClient using `filterStatusOk` is read as the response it holds, before this).
 */
export const fromHttpClientError = (
  error: HttpClientError.HttpClientError,
  url: string,
  scrub: Scrub
): SutroError.SutroError => {
  const reason = error.reason
  switch (reason._tag) {
    case "InvalidUrlError":
      return new SutroError.ConfigurationError({
        reason: "InvalidBaseUrl",
        detail: scrub(errorMessage(reason.cause ?? reason)),
        url
      })
    case "TransportError":
    case "EncodeError":
      return new SutroError.TransportError({ detail: scrub(errorMessage(reason.cause ?? reason)), url })
    case "DecodeError":
    case "EmptyBodyError":
    case "StatusCodeError":
      return new SutroError.TransportError({
        status: reason.response.status,
        detail: `the response body was cut off: ${scrub(errorMessage(reason.cause ?? reason))}`,
        url
      })
  }
}
