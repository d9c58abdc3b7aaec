/**
 * A local Sutro-compatible list-jobs server: the same contract as the real service (authentication,
 * limits, keyset cursors, both response shapes, newest first, FastAPI error bodies, CORS), seeded
 * realistic data, jobs inserted at runtime, scripted and random faults, and a request log.
 *
 * @since 0.1.0
 */
import type * as Job from "@sutro-effect/core/Job"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Fs from "node:fs"
import * as Http from "node:http"
import type * as Net from "node:net"
import * as Fault from "./Fault.js"
import * as defaults from "./internal/defaults.js"
import * as Generate from "./internal/generate.js"
import * as JobsInput from "./internal/jobsInput.js"
import * as LiveMode from "./internal/live.js"
import * as Server from "./internal/server.js"
import { Store } from "./internal/store.js"
import type * as Live from "./Live.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The interface to listen on (default `127.0.0.1`). */
  readonly host?: string | undefined
  /** The port (default 0: any free port; read the `url` of the service). */
  readonly port?: number | undefined
  /** How many jobs to generate (default 1000); ignored when `data` or `dataFile` is given. */
  readonly jobs?: number | undefined
  /** The seed of the generated jobs and of random faults (default 42). */
  readonly seed?: number | undefined
  /**
   * The time the generated jobs are seeded back from: the newest is created 0 to 10 minutes before
   * it (to the second), older ones further back. Default {@link defaultNow}, so that a test sees
   * the same jobs, dates included, on every run; pass `new Date()` for jobs of the last days (the
   * `sutro-emulator` command does, unless given `--now`).
   *
   * @since 0.1.0
   */
  readonly now?: Date | number | string | undefined
  /** Serve these jobs instead of generated ones. */
  readonly data?: ReadonlyArray<Job.JobEncoded> | undefined
  /** Serve the jobs of this JSON file (an array of jobs, or `{"jobs": [...]}` as list-jobs returns). */
  readonly dataFile?: string | undefined
  /** The accepted API keys (default `["sk_emulator"]`). */
  readonly apiKeys?: ReadonlyArray<string> | undefined
  /** Latency added to every list-jobs response. */
  readonly latency?: Duration.DurationInput | undefined
  /** The probability (0..1) that a list-jobs request gets a random transient fault, from the seeded generator. */
  readonly faultRate?: number | undefined
  /**
   * How many requests the request log keeps (default {@link defaultMaxLoggedRequests}); beyond it
   * the oldest tenth is dropped.
   */
  readonly maxLoggedRequests?: number | undefined
  /**
   * Live mode: jobs move through their statuses on a clock and new jobs arrive (see `Live`).
   * `true` uses the defaults. Off by default: then jobs change only when told to.
   */
  readonly live?: boolean | Live.Options | undefined
  /**
   * Compress list-jobs responses as Cloudflare (in front of the real service) does: by the
   * request's `Accept-Encoding`, `br` when accepted, else `gzip`, else nothing (default true).
   * `false` sends every body as it is (the compression faults still compress).
   *
   * @since 0.1.0
   */
  readonly compress?: boolean | undefined
}

/**
 * One request received on the service endpoints (not the `/_emulator/` control API). The API key
 * is never recorded, only whether an `Authorization` header was sent. The log is bounded: it keeps
 * the latest `maxLoggedRequests` requests (default {@link defaultMaxLoggedRequests}) and at most
 * {@link maxLoggedQueryChars} characters of each query.
 *
 * @since 0.1.0
 * @category models
 */
export interface LoggedRequest {
  readonly method: string
  readonly path: string
  /** The query parameters (the last value of a repeated one), cut to {@link maxLoggedQueryChars} characters in all. */
  readonly query: Record<string, string>
  /** Present when `query` was cut short: a value cut ends in `…(<its length> chars)`, later parameters are dropped. */
  readonly queryTruncated?: true
  /** Whether an `Authorization` header was present (not whether it was accepted). */
  readonly authorized: boolean
  /** The status sent; 0 when the connection was reset instead. */
  readonly status: number
  /** When the request arrived (ISO 8601). */
  readonly time: string
  /** The `x-request-id` sent back. */
  readonly requestId: string
  /** The `_tag` of the fault applied to this request, if any. */
  readonly fault?: string
}

/**
 * How many requests the request log keeps by default: beyond it, the oldest tenth is dropped.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxLoggedRequests: number = Server.defaultMaxLog

/**
 * How many characters of each request's query (keys and values together) the request log keeps.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxLoggedQueryChars: number = Server.maxQueryChars

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The base URL, e.g. `http://127.0.0.1:43123` (no trailing slash). */
  readonly url: string
  /** The first configured API key. */
  readonly apiKey: string
  /** Every job, newest first: the order the API serves. */
  readonly jobs: Effect.Effect<ReadonlyArray<Job.JobEncoded>>
  /** How many jobs are served (cheap, unlike `jobs`, which decodes them all). */
  readonly jobCount: Effect.Effect<number>
  /** Inserts jobs (or replaces jobs with the same `job_id`); they are served from the next request on. Dies on a job the schema rejects. */
  readonly insertJobs: (jobs: ReadonlyArray<Job.JobEncoded>) => Effect.Effect<void>
  /** Queues faults for the next matching requests. */
  readonly scriptFaults: (faults: ReadonlyArray<Fault.Fault>) => Effect.Effect<void>
  /** Drops every queued fault. */
  readonly clearFaults: Effect.Effect<void>
  /** The queued faults not used up yet (with `times` reduced to what remains). */
  readonly pendingFaults: Effect.Effect<ReadonlyArray<Fault.Fault>>
  readonly requestLog: Effect.Effect<ReadonlyArray<LoggedRequest>>
  /** The TCP connections open right now (idle keep-alive ones included): a client that leaks sockets shows here. */
  readonly connections: Effect.Effect<number>
  readonly clearRequestLog: Effect.Effect<void>
  /**
   * Merges `fields` over the job with this id (e.g. `{ status: "FAILED" }`); it is served changed from
   * the next request on. Dies on an unknown id or a result the schema rejects.
   *
   * @since 0.1.0
   */
  readonly updateJob: (jobId: string, fields: Partial<Job.JobEncoded>) => Effect.Effect<Job.JobEncoded>
  /**
   * Every change to the jobs since the start (or the last `clearChanges`), oldest first; with
   * `after`, only those with a greater `seq`.
   *
   * @since 0.1.0
   */
  readonly changes: (after?: number) => Effect.Effect<ReadonlyArray<Live.Change>>
  /** @since 0.1.0 */
  readonly clearChanges: Effect.Effect<void>
  /**
   * Runs `ticks` ticks of live mode now (default 1), timestamped with the `Clock`. Dies when live
   * mode is off.
   *
   * @since 0.1.0
   */
  readonly advance: (ticks?: number) => Effect.Effect<void>
  /** The number of live ticks so far. @since 0.1.0 */
  readonly tick: Effect.Effect<number>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Emulator extends Context.Tag("@sutro-effect/emulator/Emulator")<Emulator, Service>() {}

/**
 * The emulator could not start: a bad option, unreadable or invalid data, or a port it cannot
 * listen on.
 *
 * @since 0.1.0
 * @category errors
 */
export class EmulatorError extends Schema.TaggedError<EmulatorError>("@sutro-effect/emulator/EmulatorError")(
  "EmulatorError",
  { reason: Schema.Literal("InvalidOption", "InvalidData", "Listen"), detail: Schema.String }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    switch (this.reason) {
      case "InvalidOption":
        return `Invalid emulator option: ${this.detail}`
      case "InvalidData":
        return `Cannot load the emulator's jobs: ${this.detail}`
      case "Listen":
        return `The emulator cannot listen: ${this.detail}`
    }
  }
}

/**
 * The time generated jobs are seeded back from when `now` is not given, in the library
 * (`Emulator.make`, `Emulator.layer`, `Server.start`, `Generator.generateJobs`):
 * 2025-06-02T09:00:00Z. The `sutro-emulator` command seeds back from when it starts instead.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultNow: string = Generate.defaultNow

/**
 * The default API key.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultApiKey = defaults.defaultApiKey

const loadJobs = (
  options: Options
): Effect.Effect<ReadonlyArray<Job.JobEncoded> | undefined, EmulatorError> =>
  Effect.gen(function*() {
    let input: unknown = options.data
    if (options.dataFile !== undefined) {
      const file = options.dataFile
      const text = yield* Effect.try({
        try: () => Fs.readFileSync(file, "utf8"),
        catch: (error) => new EmulatorError({ reason: "InvalidData", detail: `${file}: ${String(error)}` })
      })
      const parsed = yield* Effect.try({
        try: () => JSON.parse(text) as unknown,
        catch: () => new EmulatorError({ reason: "InvalidData", detail: `${file} is not valid JSON` })
      })
      input = parsed
    }
    if (input === undefined) return undefined
    const decoded = JobsInput.parse(input)
    if (Either.isLeft(decoded)) {
      const source = options.dataFile === undefined ? "" : `${options.dataFile}: `
      return yield* new EmulatorError({ reason: "InvalidData", detail: source + decoded.left })
    }
    return decoded.right
  })

const nowMillis = (now: Date | number | string): number =>
  typeof now === "number" ? now : typeof now === "string" ? Date.parse(now) : now.getTime()

const validate = (options: Options): Effect.Effect<void, EmulatorError> => {
  const bad = (detail: string) => new EmulatorError({ reason: "InvalidOption", detail })
  const { faultRate, jobs, latency, port } = options
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 0)) {
    return bad(`jobs must be a whole number >= 0, got ${jobs}`)
  }
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    return bad(`port must be 0..65535, got ${port}`)
  }
  if (latency !== undefined) {
    const millis = Duration.toMillis(latency)
    if (!(millis >= 0 && millis <= Fault.maxTimerMillis)) {
      return bad(`latency must be 0..${Fault.maxTimerMillis} ms (what a timer can hold), got ${millis}`)
    }
  }
  const maxLogged = options.maxLoggedRequests
  if (maxLogged !== undefined && !(Number.isInteger(maxLogged) && maxLogged >= 1)) {
    return bad(`maxLoggedRequests must be a whole number >= 1, got ${maxLogged}`)
  }
  if (faultRate !== undefined && !(faultRate >= 0 && faultRate <= 1)) {
    return bad(`faultRate must be 0..1, got ${faultRate}`)
  }
  const live = typeof options.live === "object" ? options.live : undefined
  if (live?.arrivals !== undefined && !(Number.isFinite(live.arrivals) && live.arrivals >= 0)) {
    return bad(`live arrivals must be a number >= 0, got ${live.arrivals}`)
  }
  if (live?.interval !== undefined) {
    const interval = Duration.decodeUnknown(live.interval)
    if (interval._tag === "None" || !Duration.isFinite(interval.value)) {
      return bad(`live interval must be a finite duration, got ${String(live.interval)}`)
    }
  }
  if (options.now !== undefined && !Number.isFinite(nowMillis(options.now))) {
    return bad(`now must be a date (an ISO 8601 text, a Date or epoch milliseconds), got ${String(options.now)}`)
  }
  if (options.apiKeys !== undefined && options.apiKeys.some((key) => key.trim() === "" || /\s/.test(key))) {
    return bad("API keys must be non-empty and contain no whitespace")
  }
  return Effect.void
}

/**
 * Starts an emulator; it serves until the scope closes (open connections are then closed too).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, EmulatorError, Scope.Scope> =>
  Effect.gen(function*() {
    yield* validate(options)
    const seed = options.seed ?? 42
    const data = yield* loadJobs(options)
    const now = nowMillis(options.now ?? defaultNow)
    const store = new Store({
      generated: data === undefined
        ? { count: options.jobs ?? 1000, seed, anchorMillis: Generate.anchorOf(now) }
        : undefined
    })
    if (data !== undefined) store.insert(data)
    // Attached after loading: the initial jobs are not changes.
    const changeLog = new LiveMode.ChangeLog(store)
    const live = options.live === true ? {} : options.live === false ? undefined : options.live
    if (live !== undefined) {
      changeLog.start({ seed: live.seed ?? seed, arrivals: live.arrivals ?? defaults.defaultArrivals })
    }
    const apiKeys = options.apiKeys !== undefined && options.apiKeys.length > 0 ? options.apiKeys : [defaultApiKey]
    const emulator = new Server.Emulator({
      store,
      apiKeys,
      latencyMillis: options.latency === undefined ? 0 : Duration.toMillis(options.latency),
      faultRate: options.faultRate ?? 0,
      maxLog: options.maxLoggedRequests ?? Server.defaultMaxLog,
      seed,
      compress: options.compress ?? true,
      routes: LiveMode.routes(changeLog, store, Date.now)
    })
    const host = options.host ?? "127.0.0.1"
    const open = new Set<Net.Socket>()
    const server = yield* Effect.acquireRelease(
      Effect.async<Http.Server, EmulatorError>((resume) => {
        const server = Http.createServer(emulator.handle)
        server.keepAliveTimeout = 5_000
        server.on("connection", (socket: Net.Socket) => {
          open.add(socket)
          socket.once("close", () => open.delete(socket))
        })
        const onError = (error: Error) =>
          resume(
            Effect.fail(
              new EmulatorError({ reason: "Listen", detail: `${host}:${options.port ?? 0}: ${error.message}` })
            )
          )
        server.once("error", onError)
        server.listen(options.port ?? 0, host, () => {
          server.off("error", onError)
          resume(Effect.succeed(server))
        })
      }),
      (server) =>
        Effect.async<void>((resume) => {
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        })
    )
    const address = server.address() as Net.AddressInfo
    const urlHost = address.family === "IPv6" || address.address.includes(":")
      ? `[${address.address}]`
      : address.address
    const service: Service = {
      url: `http://${urlHost}:${address.port}`,
      apiKey: apiKeys[0],
      jobs: Effect.sync(() => store.all()),
      jobCount: Effect.sync(() => store.size),
      insertJobs: (jobs) =>
        Effect.suspend(() => {
          const decoded = JobsInput.parse(jobs)
          if (Either.isLeft(decoded)) return Effect.dieMessage(`insertJobs: ${decoded.left}`)
          changeLog.control(() => store.insert(decoded.right))
          return Effect.void
        }),
      updateJob: (jobId, fields) =>
        Effect.suspend(() => {
          const job = store.get(jobId)
          if (job === undefined) return Effect.dieMessage(`updateJob: no job ${JSON.stringify(jobId)}`)
          const merged = JobsInput.merge(job, fields)
          if (Either.isLeft(merged)) return Effect.dieMessage(`updateJob: ${merged.left}`)
          changeLog.control(() => store.insert([merged.right]))
          return Effect.succeed(merged.right)
        }),
      changes: (after) => Effect.sync(() => changeLog.list(after)),
      clearChanges: Effect.sync(() => changeLog.clear()),
      advance: (ticks = 1) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          changeLog.live
            ? Effect.sync(() => {
              for (let i = 0; i < ticks; i++) changeLog.advance(now)
            })
            : Effect.dieMessage("advance: live mode is off (start the emulator with live: true)")),
      tick: Effect.sync(() => changeLog.tick),
      scriptFaults: (faults) => Effect.sync(() => emulator.scriptFaults(faults)),
      clearFaults: Effect.sync(() => emulator.clearFaults()),
      pendingFaults: Effect.sync(() => emulator.pendingFaults()),
      requestLog: Effect.sync(() => emulator.requestLog()),
      clearRequestLog: Effect.sync(() => emulator.clearRequestLog()),
      connections: Effect.sync(() => open.size)
    }
    const interval = live === undefined
      ? 0
      : (live.interval === undefined ? defaults.defaultTickMillis : Duration.toMillis(live.interval))
    if (interval > 0) {
      yield* service.advance(1).pipe(
        Effect.repeat(Schedule.spaced(interval)),
        Effect.delay(interval),
        Effect.forkScoped
      )
    }
    return service
  })

/**
 * The emulator as a layer: started when the layer is built, stopped when it is released.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Emulator, EmulatorError> =>
  Layer.scoped(Emulator, make(options))
