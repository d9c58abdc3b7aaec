// The Effect 4 side of the client tests' seam between the lines: what the shared tests use that Effect 3 and
// Effect 4 spell differently, under Effect 4's names. packages/effect3/client/test/compat.ts gives the same names
// their Effect 3 meaning (docs/one-source.md).
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { constFalse } from "effect/Function"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import type * as Option from "effect/Option"
import * as References from "effect/References"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import type { LogEntry, RecordedSpan, SpanHooks } from "./observe.js"

export type { LogEntry, RecordedSpan, SpanHooks } from "./observe.js"

/** Which line this is. */
export const line: "effect3" | "effect4" = "effect4"

// ---- Effect renames ----
export const forkChild = Effect.forkChild
/** An effect's outcome as a value (Effect 3: `Effect.either`). */
export const asResult = Effect.result
export const hasInterrupts = Exit.hasInterrupts
/** Lets other fibers run (Effect 3: `Effect.yieldNow()`). */
export const yieldNow: Effect.Effect<void> = Effect.yieldNow

// ---- Result (Effect 3: Either) ----
export const isFailure = Result.isFailure
export const isSuccess = Result.isSuccess
export const getOrThrow = Result.getOrThrow
export const flip = Result.flip
export const succeed = Result.succeed
/** The error of a failed result. */
export const failureOf = <A, E>(result: Result.Result<A, E>): E => Result.getOrThrow(Result.flip(result))

// ---- Stream, DateTime ----
/** Every element of a stream, as an array (Effect 3 collects a Chunk). */
export const collect = <A, E, R>(stream: Stream.Stream<A, E, R>): Effect.Effect<ReadonlyArray<A>, E, R> =>
  Stream.runCollect(stream)
/** A stream over pages of a state (Effect 3: `Stream.paginateEffect`, one element per step). */
export const paginate = <S, A, E, R>(
  s: S,
  f: (s: S) => Effect.Effect<readonly [A, Option.Option<S>], E, R>
): Stream.Stream<A, E, R> => Stream.paginate(s, (state) => Effect.map(f(state), ([a, next]) => [[a], next] as const))
export const makeDateTime = DateTime.makeUnsafe
export const epochMillis = (dateTime: DateTime.Utc): number => dateTime.epochMilliseconds

// ---- Services and config ----
/** A service key for tests (Effect 3: `Context.GenericTag`). */
export const serviceKey = <Shape>(key: string) => Context.Service<Shape>(key)
/** A config provider over the given environment. */
export const configFromEnv = (env: Record<string, string>): Layer.Layer<never> =>
  ConfigProvider.layer(ConfigProvider.fromEnv({ env }))
/** A config provider whose source cannot be read, whatever the path (a `SourceError`). */
export const configUnavailable = (message: string): Layer.Layer<never> =>
  ConfigProvider.layer(ConfigProvider.make(() => Effect.fail(new ConfigProvider.SourceError({ message }))))
export const configDuration = Config.Duration
export const configRedacted = Config.Redacted
export const isConfigError = (u: unknown): boolean => u instanceof Config.ConfigError

// ---- Schedule: step by hand ----
/** A fresh step function over a schedule: each call gives the output and the delay. */
export const stepper = <Out>(schedule: Schedule.Schedule<Out>) =>
  Effect.map(Schedule.toStep(schedule), (step) => (now: number) => step(now, undefined))

// ---- HTTP ----
/** The platform's error for a connection that failed before any response. */
export const transportError = (url: string | URL, cause: unknown) =>
  new HttpClientError.HttpClientError({
    reason: new HttpClientError.TransportError({ request: HttpClientRequest.get(url), cause })
  })
/** A `transformClient` that turns the platform's own client span back on. */
export const platformTracingOn = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.transform(client, (effect) => Effect.provideService(effect, HttpClient.TracerDisabledWhen, constFalse))
/** The name of the platform's span for a GET (Effect 3: "http.client GET"). */
export const platformSpanName = "GET"

// ---- Tracing and logging ----
class HookedSpan extends Tracer.NativeSpan {
  constructor(private readonly hooks: SpanHooks, options: ConstructorParameters<typeof Tracer.NativeSpan>[0]) {
    super(options)
  }

  override end(endTime: bigint, exit: Exit.Exit<unknown, unknown>): void {
    super.end(endTime, exit)
    this.hooks.onEnd?.(this, exit)
  }

  override attribute(key: string, value: unknown): void {
    super.attribute(key, value)
    this.hooks.onAttribute?.(this, key, value)
  }

  override event(name: string, startTime: bigint, attributes?: Record<string, unknown>): void {
    super.event(name, startTime, attributes)
    this.hooks.onEvent?.(this, name, attributes)
  }
}

/** A tracer that keeps every span it makes (Effect's own spans, so attributes, parents and exits are real). */
export const recordingTracer = (hooks: SpanHooks = {}) => {
  const spans: Array<RecordedSpan> = []
  const tracer = Tracer.make({
    span: (options) => {
      const span = new HookedSpan(hooks, options)
      if (hooks.keep !== false) spans.push(span)
      hooks.onStart?.(span)
      return span
    }
  })
  return { spans, tracer }
}

/** Runs `effect` with debug logging on, each message and its annotations handed to `onLog`. */
export const withDebugLogger = (
  onLog: (entry: LogEntry) => void
) =>
<A, E, R>(effect: Effect.Effect<A, E, R>) => {
  const logger = Logger.make((options) =>
    onLog({
      level: options.logLevel,
      message: options.message,
      annotations: options.fiber.getRef(References.CurrentLogAnnotations),
      logfmt: Logger.formatLogFmt.log(options),
      cause: Cause.pretty(options.cause)
    })
  )
  return effect.pipe(
    Effect.provide(Logger.layer([logger])),
    Effect.provideService(References.MinimumLogLevel, "Debug")
  )
}
/** A config provider over a JSON-shaped object. */
export const configFromJson = (json: unknown): Layer.Layer<never> =>
  ConfigProvider.layer(ConfigProvider.fromUnknown(json))
/** A layer from a scoped effect, its resources released with the layer (Effect 3: `Layer.scoped`). */
export const layerScoped = Layer.effect

// ---- Causes ----
/** Every failure (typed error) in a cause. */
export const failuresOf = <E>(cause: Cause.Cause<E>): ReadonlyArray<E> =>
  cause.reasons.filter(Cause.isFailReason).map((reason) => reason.error)
/** The first failure of a cause, if any (Effect 3: `Cause.failureOption`). */
export const firstFailure = Cause.findErrorOption

/**
 * One platform error of each kind, for a request to `url` (Effect 4: one HttpClientError whose reason is a class;
 * Effect 3: RequestError and ResponseError with a string reason). The response, where there is one, is a 200.
 */
export const platformErrors = (
  url: string,
  cause: unknown
): Record<
  "Transport" | "Encode" | "InvalidUrl" | "Decode" | "EmptyBody" | "StatusCode",
  HttpClientError.HttpClientError
> => {
  const request = HttpClientRequest.get(url)
  const response = HttpClientResponse.fromWeb(request, new Response("partial", { status: 200 }))
  const error = (reason: HttpClientError.HttpClientErrorReason) => new HttpClientError.HttpClientError({ reason })
  return {
    Transport: error(new HttpClientError.TransportError({ request, cause })),
    Encode: error(new HttpClientError.EncodeError({ request, cause })),
    InvalidUrl: error(new HttpClientError.InvalidUrlError({ request, cause })),
    Decode: error(new HttpClientError.DecodeError({ request, response, cause })),
    EmptyBody: error(new HttpClientError.EmptyBodyError({ request, response, description: "no body" })),
    StatusCode: error(new HttpClientError.StatusCodeError({ request, response }))
  }
}
