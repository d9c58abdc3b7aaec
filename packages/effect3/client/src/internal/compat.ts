/**
 * The Effect 3 side of the seam between the two lines: the Effect 4 names the shared sources use,
 * given their meaning over Effect 3. See the Effect 4 twin for the list.
 *
 * @internal
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError_ from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as Array_ from "effect/Array"
import * as Channel from "effect/Channel"
import * as Chunk from "effect/Chunk"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as E from "effect/Either"
import type * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import type * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import * as Stream from "effect/Stream"
import type * as Tracer from "effect/Tracer"

// ---- Result: an Either ----
export type Result<A, E = never> = E.Either<A, E>
export { right as succeed } from "effect/Either"
export { left as fail } from "effect/Either"
export { isRight as isSuccess } from "effect/Either"
export { map } from "effect/Either"
export { flatMap } from "effect/Either"
export { gen } from "effect/Either"
/** The error of a result known to have failed. */
export const failureOf = <Err>(result: E.Left<Err, unknown>): Err => result.left
/** A result as an effect: an Either is one already. */
export const fromResult = <A, Err>(result: E.Either<A, Err>): Effect.Effect<A, Err> => result

// ---- Duration ----
/** Any input, not only a typed one: options also come from plain JavaScript. */
export const durationFromInput = (input: unknown): Option.Option<Duration.Duration> => Duration.decodeUnknown(input)

// ---- DateTime ----
export { unsafeMake as dateTimeMakeUnsafe } from "effect/DateTime"
/** A DateTime's instant, read from the field (no call per job). */
export const epochMillis = (dateTime: { readonly epochMillis: number }): number => dateTime.epochMillis

// ---- Effect renames ----
export { catchAll } from "effect/Effect"
export const timeoutOrElse = <A, Err, R, A2, E2, R2>(
  self: Effect.Effect<A, Err, R>,
  options: { readonly duration: Duration.DurationInput; readonly orElse: () => Effect.Effect<A2, E2, R2> }
): Effect.Effect<A | A2, Err | E2, R | R2> =>
  Effect.flatten(
    Effect.timeoutTo(self, {
      duration: options.duration,
      onSuccess: (a): Effect.Effect<A | A2, E2, R2> => Effect.succeed(a),
      onTimeout: options.orElse
    })
  )
/** A child span's parent (the request span was made without a stack: `requestSpanOptions`). */
export const withParentSpan = <A, Err, R>(effect: Effect.Effect<A, Err, R>, span: Tracer.AnySpan) =>
  Effect.withParentSpan(effect, span)
/** Options of a request span: its stack only shows the client's own frames, and costs more than the span. */
export const requestSpanOptions = { captureStackTrace: false } as const

// ---- Stream ----
export { unwrapScoped as unwrap } from "effect/Stream"
export { flattenIterables as flattenIterable } from "effect/Stream"
/**
 * The stream without its empty chunks. Effect 3's `Stream.retry` starts its schedule again after
 * every chunk, empty ones included, so a stream retried that way must emit a chunk only when it
 * has something to say (`Stream.filter` and `flattenIterables` keep empty chunks).
 */
export const dropEmptyChunks = <A, E, R>(self: Stream.Stream<A, E, R>): Stream.Stream<A, E, R> => {
  const loop: Channel.Channel<Chunk.Chunk<A>, Chunk.Chunk<A>, E, E, unknown, unknown> = Channel.readWithCause({
    onInput: (chunk: Chunk.Chunk<A>) => Chunk.isEmpty(chunk) ? loop : Channel.zipRight(Channel.write(chunk), loop),
    onFailure: Channel.failCause,
    onDone: () => Channel.void
  })
  return Stream.fromChannel(Channel.pipeTo(Stream.toChannel(self), loop))
}

// ---- Config ----
/** The config's string at `name` when it has one (`None` when absent). */
export const ConfigStringOption = (name: string): Config.Config<Option.Option<string>> =>
  Config.option(Config.string(name))
/** As {@link ConfigStringOption}, the value redacted. */
export const ConfigRedactedOption = (name: string): Config.Config<Option.Option<Redacted.Redacted<string>>> =>
  Config.option(Config.redacted(name))

// ---- Schema errors: a ParseError ----
export type SchemaError = ParseResult.ParseError
/** The first problem of a schema error, with its path. */
export const firstIssue = (
  error: SchemaError
): { readonly path: ReadonlyArray<PropertyKey>; readonly message: string } | undefined =>
  ParseResult.ArrayFormatter.formatErrorSync(error)[0]

// ---- HTTP client errors: RequestError | ResponseError (Effect 4: one class with a reason) ----
export type HttpClientError = HttpClientError_.HttpClientError
/** What reading a response body may fail with. */
export type ResponseError = HttpClientError_.ResponseError
/** What a platform error that is not a status means to the client. */
export type HttpFailure =
  | { readonly _tag: "InvalidUrl"; readonly cause: unknown }
  | { readonly _tag: "Transport"; readonly cause: unknown }
  | { readonly _tag: "BodyCutOff"; readonly status: number; readonly cause: unknown }
export const httpFailure = (error: HttpClientError): HttpFailure => {
  if (error._tag === "ResponseError") {
    return { _tag: "BodyCutOff", status: error.response.status, cause: error.cause ?? error }
  }
  if (error.reason === "InvalidUrl") return { _tag: "InvalidUrl", cause: error.cause }
  return { _tag: "Transport", cause: error.cause ?? error }
}
const isStatusError = (error: unknown): error is HttpClientError_.ResponseError =>
  HttpClientError_.isHttpClientError(error) && error._tag === "ResponseError" && error.reason === "StatusCode"
/**
 * The web `Response` behind a fetch-backed response, or `undefined`. Effect 3's platform has no
 * accessor for it (Effect 4's `HttpClientResponse.toWeb`): `HttpClient.make` wraps the response as
 * `original`, and `fromWeb` keeps the web response as `source` (@effect/platform 0.97; the client's
 * hardening tests fail if either moves). Read this way, the body is not the wrapper's: cancelling
 * the reader (as the client does when interrupted) ends the request, as the wrapper's abort would.
 */
export const webSource = (response: HttpClientResponse.HttpClientResponse): globalThis.Response | undefined => {
  const inner = ((response as { readonly original?: unknown }).original ?? response) as { readonly source?: unknown }
  const source = inner.source
  return typeof Response === "function" && source instanceof Response ? source : undefined
}
/** A body that could not be read, as the platform's `stream` reports it. */
export const bodyReadError = (response: HttpClientResponse.HttpClientResponse, cause: unknown): ResponseError =>
  new HttpClientError_.ResponseError({ request: response.request, response, reason: "Decode", cause })
/** A request's response whatever its status (a `filterStatusOk` in a transformClient gives it back). */
export const executeAnyStatus = (
  client: HttpClient.HttpClient,
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError> =>
  Effect.catchIf(client.execute(request), isStatusError, (error) => Effect.succeed(error.response))
const platformSpanDisabled = (): boolean => true
/**
 * The platform's own `http.client` span off, and its trace propagation with it (a transformClient
 * may turn them back on: HttpClient.withTracerDisabledWhen(() => false)).
 */
export const platformSpanOff = <A, Err>(effect: Effect.Effect<A, Err>): Effect.Effect<A, Err> =>
  Effect.locally(effect, HttpClient.currentTracerDisabledWhen, platformSpanDisabled)

// (Public types use the line's own names: scripts/one-source.mjs writes Duration.DurationInput and
// Config.Config.Wrap in the copies where the home says Duration.Input and Config.Wrap.)

// ---- Context: a service class (Effect 3: Context.Tag) ----
export const Service = <Self, Shape>() => <const Id extends string>(id: Id): Context.TagClass<Self, Id, Shape> =>
  Context.Tag(id)<Self, Shape>()

// ---- Schema ----
export const Literals = <const L extends Array_.NonEmptyReadonlyArray<SchemaAST.LiteralValue>>(
  literals: L
): Schema.Literal<[...L]> => Schema.Literal(...literals)

// ---- Schedule: a backoff ----
/**
 * `exponential(base, factor)` capped at `max` (`union` with `spaced(max)`), jittered when asked,
 * each delay put through `adjust`, with the delay as the output.
 */
export const backoff = (
  options: {
    readonly base: Duration.DurationInput
    readonly factor: number
    readonly max: Duration.DurationInput
    readonly jitter: boolean
  },
  adjust: (delay: Duration.Duration) => Duration.Duration
): Schedule.Schedule<Duration.Duration> => {
  const capped = Schedule.union(Schedule.exponential(options.base, options.factor), Schedule.spaced(options.max))
  return Schedule.delays(
    Schedule.modifyDelay(options.jitter ? Schedule.jittered(capped) : capped, (_, delay) => adjust(delay))
  )
}
