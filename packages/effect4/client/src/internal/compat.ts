/**
 * The Effect 4 side of the seam between the two lines: what the shared sources of this package use
 * that Effect 3 and Effect 4 spell differently. Names follow Effect 4; the Effect 3 twin gives the
 * same names the same meaning. A shared source imports nothing else that differs between majors.
 * One export per function, so that a bundle keeps only what it uses.
 *
 * @internal
 */
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { constTrue } from "effect/Function"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError_ from "effect/http/HttpClientError"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as R from "effect/Result"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import * as SchemaIssue from "effect/SchemaIssue"
import type * as Stream from "effect/Stream"
import type * as Tracer from "effect/Tracer"

// ---- Result (Effect 3: Either) ----
export type Result<A, E = never> = R.Result<A, E>
export { succeed } from "effect/Result"
export { fail } from "effect/Result"
export { isSuccess } from "effect/Result"
export { map } from "effect/Result"
export { flatMap } from "effect/Result"
export { gen } from "effect/Result"
/** The error of a result known to have failed. */
export const failureOf = <E>(result: R.Failure<unknown, E>): E => result.failure
/** A result as an effect (Effect 3: an Either is one already). */
export { fromResult } from "effect/Effect"

// ---- Duration ----
/** Any input, not only a typed one: options also come from plain JavaScript. */
export const durationFromInput = (input: unknown): Option.Option<Duration.Duration> =>
  Duration.fromInput(input as Duration.Input)

// ---- DateTime ----
export { makeUnsafe as dateTimeMakeUnsafe } from "effect/DateTime"
/** A DateTime's instant, read from the field (no call per job). */
export const epochMillis = (dateTime: { readonly epochMilliseconds: number }): number => dateTime.epochMilliseconds

// ---- Effect renames ----
export { catch as catchAll } from "effect/Effect"
export const timeoutOrElse = <A, E, R, A2, E2, R2>(
  self: Effect.Effect<A, E, R>,
  options: { readonly duration: Duration.Input; readonly orElse: () => Effect.Effect<A2, E2, R2> }
): Effect.Effect<A | A2, E | E2, R | R2> => Effect.timeoutOrElse(self, options)
/** A child span's parent, without capturing the call stack. */
export const withParentSpan = <A, E, R>(effect: Effect.Effect<A, E, R>, span: Tracer.AnySpan) =>
  Effect.withParentSpan(effect, span, { captureStackTrace: false })
/** Options of a request span: Effect 4 takes the no-stack option on `withParentSpan` instead. */
export const requestSpanOptions = {} as const

// ---- Stream ----
export { unwrap } from "effect/Stream"
export { flattenIterable } from "effect/Stream"
/**
 * The stream without its empty chunks: an Effect 4 stream has none (its chunks are non-empty
 * arrays). On Effect 3, whose `Stream.retry` starts its schedule again after every chunk, this
 * drops them.
 */
export const dropEmptyChunks = <A, E, R>(self: Stream.Stream<A, E, R>): Stream.Stream<A, E, R> => self

// ---- Config ----
/**
 * The provider's string at `name` when it has one (`None` when absent; the provider's own failure
 * is a `ConfigError`): what `Config.option(Config.String(name))` reads, without Effect 4's schema
 * machinery, which `Config.String` is built on (about 15 KB gzip in a browser bundle). It reads the
 * `ConfigProvider` of the fiber that runs it, which is the one a `Config` yielded as an effect
 * reads: for a `Config` that is never `parse`d with another provider nor nested.
 */
export const ConfigStringOption = (name: string): Config.Config<Option.Option<string>> =>
  Config.mapEffect(
    Config.succeed(undefined),
    () =>
      Effect.flatMap(Effect.service(ConfigProvider.ConfigProvider), (provider) =>
        Effect.mapBothEager(provider.load([name]), {
          onFailure: (error) =>
            new Config.ConfigError(error),
          onSuccess: (node) => node?.value === undefined ? Option.none() : Option.some(node.value)
        }))
  )
/** As {@link ConfigStringOption}, the value redacted (unlabelled, as `Config.Redacted(name)` gives it). */
export const ConfigRedactedOption = (name: string): Config.Config<Option.Option<Redacted.Redacted<string>>> =>
  Config.map(ConfigStringOption(name), Option.map((value) => Redacted.make(value)))

// ---- Schema errors ----
export type SchemaError = Schema.SchemaError
const formatter = /* @__PURE__ */ SchemaIssue.makeFormatterStandardSchemaV1()
/** The first problem of a schema error, with its path. */
export const firstIssue = (
  error: SchemaError
):
  | { readonly path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>; readonly message: string }
  | undefined =>
{
  const issue = formatter(error.issue).issues[0]
  return issue === undefined ? undefined : { path: issue.path ?? [], message: issue.message }
}

// ---- HTTP client errors: one class with a reason (Effect 3: RequestError | ResponseError) ----
export type HttpClientError = HttpClientError_.HttpClientError
/** What reading a response body may fail with (Effect 3: a ResponseError). */
export type ResponseError = HttpClientError_.HttpClientError
/** What a platform error that is not a status means to the client. */
export type HttpFailure =
  | { readonly _tag: "InvalidUrl"; readonly cause: unknown }
  | { readonly _tag: "Transport"; readonly cause: unknown }
  | { readonly _tag: "BodyCutOff"; readonly status: number; readonly cause: unknown }
export const httpFailure = (error: HttpClientError): HttpFailure => {
  const reason = error.reason
  switch (reason._tag) {
    case "InvalidUrlError":
      return { _tag: "InvalidUrl", cause: reason.cause ?? reason }
    case "TransportError":
    case "EncodeError":
      return { _tag: "Transport", cause: reason.cause ?? reason }
    case "DecodeError":
    case "EmptyBodyError":
    case "StatusCodeError":
      return { _tag: "BodyCutOff", status: reason.response.status, cause: reason.cause ?? reason }
  }
}
const isStatusError = (error: HttpClientError): boolean => error.reason._tag === "StatusCodeError"
/** The web `Response` behind a fetch-backed response (`HttpClientResponse.toWeb`), or `undefined`. */
export const webSource = (response: HttpClientResponse.HttpClientResponse): globalThis.Response | undefined =>
  Option.getOrUndefined(HttpClientResponse.toWeb(response))
/** A body that could not be read, as the platform's `stream` reports it. */
export const bodyReadError = (response: HttpClientResponse.HttpClientResponse, cause: unknown): ResponseError =>
  new HttpClientError_.HttpClientError({
    reason: new HttpClientError_.DecodeError({ request: response.request, response, cause })
  })
/** A request's response whatever its status (a `filterStatusOk` in a transformClient gives it back). */
export const executeAnyStatus = (
  client: HttpClient.HttpClient,
  request: Parameters<HttpClient.HttpClient["execute"]>[0]
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError> =>
  Effect.catchIf(
    client.execute(request),
    isStatusError,
    (error) => Effect.succeed(error.response as HttpClientResponse.HttpClientResponse)
  )
/**
 * The platform's own client span off, and its trace propagation with it (provide
 * HttpClient.TracerDisabledWhen around execute in a transformClient to turn them back on).
 */
export const platformSpanOff = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
  Effect.provideService(effect, HttpClient.TracerDisabledWhen, constTrue)

// ---- Context: a service class (Effect 3: Context.Tag) ----
export const Service = <Self, Shape>() => <const Id extends string>(id: Id): Context.ServiceClass<Self, Id, Shape> =>
  Context.Service<Self, Shape>()(id)

// ---- Schema ----
export const Literals = <const L extends ReadonlyArray<SchemaAST.LiteralValue>>(literals: L): Schema.Literals<L> =>
  Schema.Literals(literals)

// ---- Schedule: a backoff ----
/**
 * `exponential(base, factor)` capped at `max` (the shorter delay of it and `spaced(max)`), jittered
 * when asked, each delay put through `adjust`, with the delay as the output.
 */
export const backoff = (
  options: {
    readonly base: Duration.Input
    readonly factor: number
    readonly max: Duration.Input
    readonly jitter: boolean
  },
  adjust: (delay: Duration.Duration) => Duration.Duration
): Schedule.Schedule<Duration.Duration> => {
  const capped = Schedule.min([Schedule.exponential(options.base, options.factor), Schedule.spaced(options.max)])
  // The delay as the output too, as Effect 3's `Schedule.delays` did: `min` outputs the delay before
  // jitter and adjustment.
  const adjusted = Schedule.modifyDelay(
    options.jitter ? Schedule.jittered(capped) : capped,
    ({ duration }) => Effect.succeed(adjust(duration))
  )
  return Schedule.fromStep(
    Effect.map(
      Schedule.toStep(adjusted),
      (step) => (now: number, input: unknown) => Effect.map(step(now, input), ([, delay]) => [delay, delay])
    )
  )
}
