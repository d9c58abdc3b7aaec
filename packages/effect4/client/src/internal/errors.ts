/**
 * From what came back to a `SutroError`: HTTP status, headers and body; platform `HttpClientError`s;
 * bodies that are not the expected JSON. Pure functions: everything they need is in their arguments.
 *
 * Every text taken from the server passes through a `Scrub` first (protocol's `Secrets`), which
 * removes the API key the request carried: a server (or proxy) that echoes the `Authorization`
 * header back in an error page must not put the key into messages, logs or spans.
 */
import { SutroError } from "@sutro-effect/core"
import * as Outcome from "@sutro-effect/protocol/Outcome"
import type * as Secrets from "@sutro-effect/protocol/Secrets"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"

/** A response as the client read it: its body is already bounded by `maxResponseBytes`. */
export type Received = Outcome.Received

/** Removes secrets from server-provided text. */
export type Scrub = Secrets.Scrub

/** The message of an error and of its cause, when that says more. */
export const errorMessage = Outcome.errorMessage

const formatPath = Outcome.formatPath

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
  decode: (input: unknown) => Result.Result<A, Schema.SchemaError>,
  scrub: Scrub
): Result.Result<A, SutroError.DecodeError> => {
  let json: unknown
  try {
    json = JSON.parse(received.text)
  } catch (cause) {
    return Result.fail(new SutroError.DecodeError(Outcome.notJson(received, cause, scrub)))
  }
  const decoded = decode(json)
  if (Result.isSuccess(decoded)) return decoded as Result.Result<A, never>
  return Result.fail(new SutroError.DecodeError(Outcome.schemaMismatch(received, schemaDetail(decoded.failure), scrub)))
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
