// The Effect 3 side of the client tests' seam between the lines: the names of
// packages/effect4/client/test/compat.ts (Effect 4's), with their Effect 3 meaning (docs/one-source.md).
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as PathPatch from "effect/ConfigProviderPathPatch"
import type * as Context from "effect/Context"
import { GenericTag } from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Exit from "effect/Exit"
import * as ExitModule from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import type * as Schedule from "effect/Schedule"
import * as ScheduleIntervals from "effect/ScheduleIntervals"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import type { LogEntry, RecordedSpan, SpanHooks } from "./observe.js"

export type { LogEntry, RecordedSpan, SpanHooks } from "./observe.js"

/** Which line this is. */
export const line: "effect3" | "effect4" = "effect3"

// ---- Effect renames ----
export const forkChild = Effect.fork
/** An effect's outcome as a value (Effect 4: `Effect.result`). */
export const asResult = Effect.either
export const hasInterrupts = ExitModule.isInterrupted
/** Lets other fibers run. */
export const yieldNow: Effect.Effect<void> = Effect.yieldNow()

// ---- Result (Effect 3: Either) ----
export const isFailure = Either.isLeft
export const isSuccess = Either.isRight
export const getOrThrow = Either.getOrThrow
export const flip = Either.flip
export const succeed = Either.right
/** The error of a failed result. */
export const failureOf = <A, E>(result: Either.Either<A, E>): E => Either.getOrThrow(Either.flip(result))

// ---- Stream, DateTime ----
/** Every element of a stream, as an array (Effect 3 collects a Chunk). */
export const collect = <A, E, R>(stream: Stream.Stream<A, E, R>): Effect.Effect<ReadonlyArray<A>, E, R> =>
  Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)
/** A stream over pages of a state, one element per step. */
export const paginate = <S, A, E, R>(
  s: S,
  f: (s: S) => Effect.Effect<readonly [A, Option.Option<S>], E, R>
): Stream.Stream<A, E, R> => Stream.paginateEffect(s, f)
export const makeDateTime = DateTime.unsafeMake
export const epochMillis = (dateTime: DateTime.Utc): number => dateTime.epochMillis

// ---- Services and config ----
/** A service key for tests (Effect 4: `Context.Service`). */
export const serviceKey = <Shape>(key: string): Context.Tag<Shape, Shape> => GenericTag<Shape>(key)
/** A config provider over the given environment. */
export const configFromEnv = (env: Record<string, string>): Layer.Layer<never> =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
/** A config provider whose source cannot be read, whatever the path (`SourceUnavailable`). */
export const configUnavailable = (message: string): Layer.Layer<never> =>
  Layer.setConfigProvider(ConfigProvider.fromFlat(ConfigProvider.makeFlat({
    load: (path) => Effect.fail(ConfigError.SourceUnavailable([...path], message, Cause.empty)),
    enumerateChildren: (path) => Effect.fail(ConfigError.SourceUnavailable([...path], message, Cause.empty)),
    patch: PathPatch.empty
  })))
export const configDuration = Config.duration
export const configRedacted = Config.redacted
export const isConfigError = (u: unknown): boolean => ConfigError.isConfigError(u)

// ---- Schedule: step by hand ----
/** A fresh step function over a schedule: each call gives the output and the delay. */
export const stepper = <Out>(schedule: Schedule.Schedule<Out>) =>
  Effect.sync(() => {
    let state: unknown = schedule.initial
    return (now: number): Effect.Effect<readonly [Out, Duration.Duration]> =>
      Effect.map(schedule.step(now, undefined, state), ([next, out, decision]) => {
        state = next
        const start = decision._tag === "Continue" ? ScheduleIntervals.start(decision.intervals) : now
        return [out, Duration.millis(Math.max(0, start - now))] as const
      })
  })

// ---- HTTP ----
/** The platform's error for a connection that failed before any response. */
export const transportError = (url: string | URL, cause: unknown) =>
  new HttpClientError.RequestError({ request: { url: url.toString() } as any, reason: "Transport", cause })
/** A `transformClient` that turns the platform's own client span back on. */
export const platformTracingOn = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.withTracerDisabledWhen(client, () => false)
/** The name of the platform's span for a GET (Effect 4: "GET"). */
export const platformSpanName = "http.client GET"

// ---- Tracing and logging ----
class RecordingSpan implements Tracer.Span {
  readonly _tag = "Span"
  readonly spanId: string
  readonly traceId: string
  readonly sampled = true
  status: Tracer.SpanStatus
  readonly attributes = new Map<string, unknown>()
  readonly links: Array<Tracer.SpanLink>

  constructor(
    readonly name: string,
    readonly parent: Option.Option<Tracer.AnySpan>,
    readonly context: Context.Context<never>,
    links: Iterable<Tracer.SpanLink>,
    startTime: bigint,
    readonly kind: Tracer.SpanKind,
    id: number,
    private readonly hooks: SpanHooks
  ) {
    this.spanId = `span${id}`
    this.status = { _tag: "Started", startTime }
    this.traceId = Option.isSome(parent) ? parent.value.traceId : "trace"
    this.links = Array.from(links)
  }

  end(endTime: bigint, exit: Exit.Exit<unknown, unknown>): void {
    this.status = { _tag: "Ended", endTime, exit, startTime: this.status.startTime }
    this.hooks.onEnd?.(this, exit)
  }

  attribute(key: string, value: unknown): void {
    this.attributes.set(key, value)
    this.hooks.onAttribute?.(this, key, value)
  }

  event(name: string, _startTime: bigint, attributes?: Record<string, unknown>): void {
    this.hooks.onEvent?.(this, name, attributes)
  }

  addLinks(links: ReadonlyArray<Tracer.SpanLink>): void {
    for (const link of links) this.links.push(link)
  }
}

/** A tracer that keeps every span it makes (attributes, parents and exits as Effect sets them). */
export const recordingTracer = (hooks: SpanHooks = {}) => {
  const spans: Array<RecordedSpan> = []
  let ids = 0
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const span = new RecordingSpan(name, parent, context, links, startTime, kind, ++ids, hooks)
      if (hooks.keep !== false) spans.push(span)
      hooks.onStart?.(span)
      return span
    },
    context: (f) => f()
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
      level: options.logLevel._tag,
      message: options.message,
      annotations: Object.fromEntries(options.annotations),
      logfmt: Logger.logfmtLogger.log(options),
      cause: Cause.pretty(options.cause)
    })
  )
  return effect.pipe(
    Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
    Logger.withMinimumLogLevel(LogLevel.Debug)
  )
}
/** A config provider over a JSON-shaped object. */
export const configFromJson = (json: unknown): Layer.Layer<never> =>
  Layer.setConfigProvider(ConfigProvider.fromJson(json))
/** A layer from a scoped effect, its resources released with the layer (Effect 4: `Layer.effect`). */
export const layerScoped = Layer.scoped

// ---- Causes ----
/** Every failure (typed error) in a cause. */
export const failuresOf = <E>(cause: Cause.Cause<E>): ReadonlyArray<E> => Chunk.toReadonlyArray(Cause.failures(cause))
/** The first failure of a cause, if any (Effect 4: `Cause.findErrorOption`). */
export const firstFailure = Cause.failureOption

/**
 * One platform error of each kind, for a request to `url` (Effect 3: RequestError and ResponseError with a string
 * reason; Effect 4: one HttpClientError whose reason is a class). The response, where there is one, is a 200.
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
  return {
    Transport: new HttpClientError.RequestError({ request, reason: "Transport", cause }),
    Encode: new HttpClientError.RequestError({ request, reason: "Encode", cause }),
    InvalidUrl: new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause }),
    Decode: new HttpClientError.ResponseError({ request, response, reason: "Decode", cause }),
    EmptyBody: new HttpClientError.ResponseError({ request, response, reason: "EmptyBody", description: "no body" }),
    StatusCode: new HttpClientError.ResponseError({ request, response, reason: "StatusCode" })
  }
}
