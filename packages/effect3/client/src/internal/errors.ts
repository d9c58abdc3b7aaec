/**
 * From what came back to a `SutroError`: HTTP status, headers and body; platform `HttpClientError`s;
 * bodies that are not the expected JSON. Pure functions: everything they need is in their arguments.
 *
 * Every text taken from the server passes through a `Scrub` first, which removes the API key the
 * request carried: a server (or proxy) that echoes the `Authorization` header back in an error
 * page must not put the key into messages, logs or spans.
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import { ApiErrorBody, SutroError } from "@sutro-effect/core"
import * as Retry from "@sutro-effect/protocol/Retry"
import type * as Secrets from "@sutro-effect/protocol/Secrets"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"

/** A response as the client read it: its body is already bounded by `maxResponseBytes`. */
export interface Received {
  readonly status: number
  readonly headers: { readonly [name: string]: string | undefined }
  readonly text: string
}

/** Removes secrets from server-provided text (`Secrets.scrubberFor` makes one for a key). */
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

const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const key of path) {
    out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`
  }
  return out === "" ? "(root)" : out
}

/** The first problem of a `ParseError`, with its path. */
export const schemaDetail = (error: ParseResult.ParseError): string => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  return issue === undefined ? error.message : `at ${formatPath(issue.path)}: ${issue.message}`
}

/** The first problem of a `ParseError`, without its path (for a single value). */
export const firstIssueMessage = (error: ParseResult.ParseError): string => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
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
  const body = ApiErrorBody.fromText(scrub(received.text), contentType)
  const requestId = scrubDefined(scrub, headers["x-request-id"]) ?? (body._tag === "Json" ? body.requestId : undefined)
  const detail = ApiErrorBody.summary(body)
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
  decode: (input: unknown) => Either.Either<A, ParseResult.ParseError>,
  scrub: Scrub
): Either.Either<A, SutroError.DecodeError> => {
  const { headers, status, text } = received
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    return Either.left(
      new SutroError.DecodeError({
        kind: "NotJson",
        status,
        requestId: scrubDefined(scrub, headers["x-request-id"]),
        detail: text.length === 0 ? "the body is empty" : scrub(errorMessage(cause)),
        contentType: scrubDefined(scrub, headers["content-type"]),
        excerpt: ApiErrorBody.excerpt(scrub(text.slice(0, ApiErrorBody.excerptScanLength + 1024)))
      })
    )
  }
  const decoded = decode(json)
  if (Either.isRight(decoded)) return decoded as Either.Either<A, never>
  return Either.left(
    new SutroError.DecodeError({
      kind: "Schema",
      status,
      requestId: scrubDefined(scrub, headers["x-request-id"]),
      detail: scrub(schemaDetail(decoded.left))
    })
  )
}

/**
 * Maps a platform error that is not a status (a `StatusCode` `ResponseError` of a transformClient
 * using `filterStatusOk` is read as the response it holds, before this).
 */
export const fromHttpClientError = (
  error: HttpClientError.HttpClientError,
  url: string,
  scrub: Scrub
): SutroError.SutroError => {
  if (error._tag === "ResponseError") {
    return new SutroError.TransportError({
      status: error.response.status,
      detail: `the response body was cut off: ${scrub(errorMessage(error.cause ?? error))}`,
      url
    })
  }
  if (error.reason === "InvalidUrl") {
    return new SutroError.ConfigurationError({
      reason: "InvalidBaseUrl",
      detail: scrub(errorMessage(error.cause)),
      url
    })
  }
  return new SutroError.TransportError({ detail: scrub(errorMessage(error.cause ?? error)), url })
}
