// Each line behind the shared behaviour suites (packages/behaviour): a SutroClient on the node
// package's undici layer per client, runs as Promises of plain data, and the canary fed with what the line's Effect makes
// visible (errors, Debug logs, spans).
import type * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Canary from "@sutro-effect/behaviour/Canary"
import type * as Driver from "@sutro-effect/behaviour/Driver"
import { SutroClient } from "@sutro-effect/client"
import type { SutroError } from "@sutro-effect/core"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { failuresOf, firstFailure, line, recordingTracer, withDebugLogger } from "../compat.js"

/**
 * The HTTP layer `NodeSutroClient` gives Node users (undici; interim responses accepted; compressed
 * bodies asked for and decoded), from this line's node package source: the client package cannot
 * depend on the node package (which depends on it), so it is loaded by path, not by name.
 */
let httpLayer: Promise<typeof NodeHttpClient.layerUndici> | undefined
const nodeHttpLayer = (): Promise<typeof NodeHttpClient.layerUndici> =>
  httpLayer ??= import(/* @vite-ignore */ new URL("../../../node/src/internal/compat.ts", import.meta.url).href)
    .then((module: { readonly layerUndici: typeof NodeHttpClient.layerUndici }) => module.layerUndici)

/** Runs an effect with a logger at Debug level and a tracer that hand every line and span to the canary. */
const observer = (canary: Canary.Canary) => {
  const { tracer } = recordingTracer({
    keep: false,
    onStart: () => canary.span(),
    onEnd: (span, exit) => {
      canary.add(`span ${span.name}`, `${span.name} ${Canary.stringify(Object.fromEntries(span.attributes))}`)
      if (Exit.isFailure(exit)) canary.add(`span ${span.name} exit`, Cause.pretty(exit.cause))
    },
    onAttribute: (span, key, value) => canary.add(`span ${span.name} attribute`, `${key}=${Canary.stringify(value)}`),
    onEvent: (span, name, attributes) =>
      canary.add(`span ${span.name} event`, `${name} ${Canary.stringify(attributes ?? {})}`)
  })
  const logged = withDebugLogger(({ cause, logfmt }) => canary.log({ log: logfmt, "log cause": cause }))
  return <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> => effect.pipe(Effect.withTracer(tracer), logged)
}

const fieldsOf = (error: object): Driver.ErrorView["fields"] =>
  Object.fromEntries(
    Object.entries(error).filter(([, value]) =>
      value === null || ["string", "number", "boolean"].includes(typeof value)
    )
  )

/** A failure as a user sees it: message, String, JSON and the pretty cause. */
const feedCause = (canary: Canary.Canary, cause: Cause.Cause<unknown>) => {
  canary.add("Cause.pretty", Cause.pretty(cause))
  for (const failure of failuresOf(cause)) {
    canary.error({
      "error.message": String((failure as { message?: unknown }).message),
      "String(error)": String(failure),
      "JSON.stringify(error)": JSON.stringify(failure) ?? "",
      "Cause.pretty": Cause.pretty(Cause.fail(failure))
    })
  }
}

const optionsOf = (
  options: Driver.ClientOptions,
  waits: Array<{ readonly millis: number; readonly error: string }>
): SutroClient.Options => {
  const { retry } = options
  return {
    apiKey: Redacted.make(options.apiKey),
    baseUrl: options.baseUrl,
    ...(options.timeoutMillis === undefined ? {} : { timeout: Duration.millis(options.timeoutMillis) }),
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    retry: {
      maxRetries: retry.maxRetries,
      baseDelay: Duration.millis(retry.baseDelayMillis),
      jitter: retry.jitter,
      ...(retry.factor === undefined ? {} : { factor: retry.factor }),
      ...(retry.maxDelayMillis === undefined ? {} : { maxDelay: Duration.millis(retry.maxDelayMillis) }),
      ...(retry.maxRetryAfterMillis === undefined ? {} : { maxRetryAfter: Duration.millis(retry.maxRetryAfterMillis) }),
      onRetry: (event) =>
        Effect.sync(() => {
          waits.push({ millis: Math.round(Duration.toMillis(event.delay)), error: event.error._tag })
        })
    }
  }
}

/** This line's client as a behaviour-suite driver. */
export const driver: Driver.Driver = {
  line,
  client: async (options, canary) => {
    const scope = Effect.runSync(Scope.make())
    const waits: Array<{ readonly millis: number; readonly error: string }> = []
    const observe = observer(canary)
    const layer = await nodeHttpLayer()
    const made = await Effect.runPromiseExit(
      Effect.flatMap(
        Layer.buildWithScope(layer, scope),
        (http) => Effect.provide(SutroClient.make(optionsOf(options, waits)), http)
      )
    )
    if (Exit.isFailure(made)) {
      await Effect.runPromise(Scope.close(scope, made))
      throw Cause.squash(made.cause)
    }
    const sutro = made.value

    const program = (
      operation: Driver.Operation,
      runOptions: Driver.RunOptions,
      delivered: Array<string>,
      pages: Array<Driver.Outcome["pages"][number]>,
      hold: () => Effect.Effect<void>
    ): Effect.Effect<void, SutroError.SutroError> => {
      const deliver = (jobs: ReadonlyArray<{ readonly job_id: string }>) => {
        for (const job of jobs) delivered.push(job.job_id)
        runOptions.onDelivered?.(delivered.length)
      }
      const page = (p: SutroClient.Page) => {
        pages.push({ index: p.index, jobs: p.jobs.length, nextCursor: p.next_cursor })
        deliver(p.jobs)
      }
      switch (operation._tag) {
        case "listJobs":
          return Effect.map(sutro.listJobs({ limit: operation.limit, cursor: operation.cursor }), page)
        case "listAllJobs":
          return Effect.map(sutro.listAllJobs(), (all) => deliver(all.jobs))
        case "pages":
          return Stream.runForEach(
            sutro.pages({
              pageSize: operation.pageSize,
              prefetch: operation.prefetch,
              startCursor: operation.startCursor
            }),
            (p) =>
              Effect.suspend(() => {
                page(p)
                return p.index === runOptions.holdAt ? hold() : Effect.void
              })
          )
        case "jobs": {
          const holdAfter = runOptions.holdAt === undefined ? -1 : (runOptions.holdAt + 1) * operation.pageSize
          return Stream.runForEach(
            sutro.jobs({
              pageSize: operation.pageSize,
              prefetch: operation.prefetch,
              startCursor: operation.startCursor
            }),
            (job) =>
              Effect.suspend(() => {
                deliver([job])
                return delivered.length === holdAfter ? hold() : Effect.void
              })
          )
        }
      }
    }

    const prepare = (operation: Driver.Operation, runOptions: Driver.RunOptions = {}) => {
      const delivered: Array<string> = []
      const pages: Array<Driver.Outcome["pages"][number]> = []
      let held!: () => void
      const holding = new Promise<void>((resolve) => held = resolve)
      const hold = () => Effect.andThen(Effect.sync(held), Effect.never)
      return { delivered, pages, holding, effect: observe(program(operation, runOptions, delivered, pages, hold)) }
    }

    return {
      run: async (operation, runOptions) => {
        const { delivered, effect, pages } = prepare(operation, runOptions)
        const from = waits.length
        const started = Date.now()
        const exit = await Effect.runPromiseExit(effect)
        const elapsedMillis = Date.now() - started
        let error: Driver.ErrorView | undefined
        let defect: string | undefined
        if (Exit.isFailure(exit)) {
          feedCause(canary, exit.cause)
          const failure = firstFailure(exit.cause)
          if (Option.isSome(failure)) {
            error = { _tag: failure.value._tag, message: failure.value.message, fields: fieldsOf(failure.value) }
          } else defect = Cause.pretty(exit.cause).split("\n")[0]
        }
        const retries = waits.slice(from)
        return {
          delivered,
          pages,
          error,
          defect,
          waits: retries.map((wait) => wait.millis),
          retried: retries.map((wait) => wait.error),
          elapsedMillis
        }
      },
      start: (operation, runOptions) => {
        const { effect, holding } = prepare(operation, runOptions)
        const fiber = Effect.runFork(effect)
        fiber.addObserver((exit) => {
          if (Exit.isFailure(exit)) feedCause(canary, exit.cause)
        })
        return { holding, interrupt: () => Effect.runPromise(Effect.asVoid(Fiber.interrupt(fiber))) }
      },
      close: () => Effect.runPromise(Scope.close(scope, Exit.void))
    }
  }
}
