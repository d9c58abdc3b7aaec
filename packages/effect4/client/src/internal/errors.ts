/**
 * From what came back to a `SutroError`: HTTP status, headers and body; platform `HttpClientError`s;
 * bodies that are not the expected JSON. Pure functions: everything they need is in their arguments.
 *
 * Every text taken from the server passes through a `Scrub` first (protocol's `Secrets`), which
 * removes the API key the request carried: a server (or proxy) that echoes the `Authorization`
 * header back in an error page must not put the key into messages, logs or spans.
 */
import * as SutroError from "@sutro-effect/core/SutroError"
import * as Encoding from "@sutro-effect/protocol/Encoding"
import * as Outcome from "@sutro-effect/protocol/Outcome"
import type * as Scan from "@sutro-effect/protocol/Scan"
import type * as Secrets from "@sutro-effect/protocol/Secrets"
import * as Transport from "@sutro-effect/protocol/Transport"
import * as compat from "./compat.js"
import type { Decoder } from "./decode.js"

/** A response as the client read it: its body is already bounded by `maxResponseBytes`. */
export type Received = Outcome.Received

/** Removes secrets from server-provided text. */
export type Scrub = Secrets.Scrub

/** The message of an error and of its cause, when that says more. */
export const errorMessage = Outcome.errorMessage

const formatPath = Outcome.formatPath

/** A decoding problem as a `DecodeError` detail: `at jobs[1].job_id: Expected string`. */
export const problemDetail = (problem: Scan.Problem): string => `at ${formatPath(problem.path)}: ${problem.message}`

/** A body over `maxResponseBytes`. */
export const tooLarge = (
  received: Pick<Received, "status" | "headers">,
  limitBytes: number,
  detail: string,
  scrub: Scrub
): SutroError.DecodeError => new SutroError.DecodeError(Outcome.tooLarge(received, limitBytes, detail, scrub))

/**
 * What a platform error says when a compressed body could not be decoded (protocol's
 * `Encoding.decodeFailure`: a coding the layer does not know, or corrupt data), or undefined.
 */
export const undecodableDetail = (error: compat.HttpClientError): string | undefined => {
  const failure = compat.httpFailure(error)
  return failure._tag === "BodyCutOff" ? Encoding.decodeFailure(failure.cause)?.detail : undefined
}

/** A 2xx body that could not be decoded (its `Content-Encoding` unknown, or its data corrupt): not retried. */
export const undecodable = (
  received: Pick<Received, "status" | "headers">,
  detail: string,
  scrub: Scrub
): SutroError.DecodeError => new SutroError.DecodeError(Outcome.undecodable(received, detail, scrub))

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
  decode: Decoder<A>,
  scrub: Scrub
): compat.Result<A, SutroError.DecodeError> => {
  let json: unknown
  try {
    json = JSON.parse(received.text)
  } catch (cause) {
    return compat.fail(new SutroError.DecodeError(Outcome.notJson(received, cause, scrub)))
  }
  const decoded = decode(json)
  if (compat.isSuccess(decoded)) return decoded as compat.Result<A, never>
  return compat.fail(
    new SutroError.DecodeError(Outcome.schemaMismatch(received, problemDetail(compat.failureOf(decoded)), scrub))
  )
}

/**
 * Maps a platform error that is not a status (a status error of a transformClient using
 * `filterStatusOk` is read as the response it holds, before this).
 */
export const fromHttpClientError = (
  error: compat.HttpClientError,
  url: string,
  scrub: Scrub
): SutroError.SutroError => {
  const failure = compat.httpFailure(error)
  switch (failure._tag) {
    case "InvalidUrl":
      return new SutroError.ConfigurationError({
        reason: "InvalidBaseUrl",
        detail: scrub(errorMessage(failure.cause)),
        url
      })
    case "Transport": {
      // A layer that refused a response before handing it over (a 2xx in a coding it cannot undo).
      const undecodable = Encoding.decodeFailure(failure.cause)
      if (undecodable !== undefined) {
        return new SutroError.DecodeError({
          kind: "Encoding",
          detail: scrub(undecodable.detail),
          ...(undecodable.status === undefined ? {} : { status: undecodable.status })
        })
      }
      const { code, kind } = Transport.classify(failure.cause)
      const message = scrub(errorMessage(failure.cause))
      if (kind === "Certificate" && code !== undefined) {
        return new SutroError.TransportError({
          detail: Transport.certificateDetail(code, message),
          url,
          code,
          reason: "Certificate"
        })
      }
      return new SutroError.TransportError({
        detail: message,
        url,
        ...(code === undefined ? {} : { code }),
        ...(kind === "ConnectionClosed" ? { reason: "ConnectionClosed" as const } : {})
      })
    }
    case "BodyCutOff":
      return new SutroError.TransportError({
        status: failure.status,
        detail: `the response body was cut off: ${scrub(errorMessage(failure.cause))}`,
        url
      })
  }
}
