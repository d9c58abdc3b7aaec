/**
 * From what came back to a `SutroError`: HTTP status, headers and body; platform `HttpClientError`s;
 * bodies that are not the expected JSON. Pure functions: everything they need is in their arguments.
 *
 * Every text taken from the server passes through a `Scrub` first, which removes the API key the
 * request carried: a server (or proxy) that echoes the `Authorization` header back in an error
 * page must not put the key into messages, logs or spans.
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import { SutroError } from "@sutro-effect/core"
import * as Outcome from "@sutro-effect/protocol/Outcome"
import type * as Secrets from "@sutro-effect/protocol/Secrets"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"

/** A response as the client read it: its body is already bounded by `maxResponseBytes`. */
export type Received = Outcome.Received

/** Removes secrets from server-provided text (`Secrets.scrubberFor` makes one for a key). */
export type Scrub = Secrets.Scrub

/** The message of an error and of its cause, when that says more. */
export const errorMessage = Outcome.errorMessage

const formatPath = Outcome.formatPath

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
): SutroError.DecodeError => new SutroError.DecodeError(Outcome.tooLarge(received, limitBytes, detail, scrub))

/** Maps a response that is not a 2xx to the matching error (the classification is protocol's `Outcome`). */
export const fromStatus = (
  received: Received,
  url: string,
  nowMillis: number,
  scrub: Scrub
): SutroError.SutroError => {
  const outcome = Outcome.fromStatus(received, url, nowMillis, scrub)
  switch (outcome._tag) {
    case "AuthenticationError":
      return new SutroError.AuthenticationError(outcome)
    case "ConfigurationError":
      return new SutroError.ConfigurationError(outcome)
    case "RateLimitError":
      return new SutroError.RateLimitError(outcome)
    case "ServerError":
      return new SutroError.ServerError(outcome)
    case "InvalidRequestError":
      return new SutroError.InvalidRequestError(outcome)
  }
}

/** Parses and decodes a 2xx body. */
export const decodeBody = <A>(
  received: Received,
  decode: (input: unknown) => Either.Either<A, ParseResult.ParseError>,
  scrub: Scrub
): Either.Either<A, SutroError.DecodeError> => {
  let json: unknown
  try {
    json = JSON.parse(received.text)
  } catch (cause) {
    return Either.left(new SutroError.DecodeError(Outcome.notJson(received, cause, scrub)))
  }
  const decoded = decode(json)
  if (Either.isRight(decoded)) return decoded as Either.Either<A, never>
  return Either.left(new SutroError.DecodeError(Outcome.schemaMismatch(received, schemaDetail(decoded.left), scrub)))
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
