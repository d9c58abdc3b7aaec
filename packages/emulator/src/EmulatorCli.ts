/**
 * The `sutro-emulator` command, as an `@effect/cli` command named `emulator` so that other CLIs
 * (`sutro-jobs emulator`) can mount it as a subcommand.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as defaults from "./internal/defaults.js"

/**
 * The port the command listens on when `--port` is not given (the library's default is 0).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultPort = 8787

const host = Options.text("host").pipe(
  Options.withDefault("127.0.0.1"),
  Options.withDescription(
    "The interface to listen on (default 127.0.0.1). Use 0.0.0.0 to accept connections from other machines."
  )
)
const port = Options.integer("port").pipe(
  Options.withDefault(defaultPort),
  Options.withDescription(
    `The port to listen on (default ${defaultPort}); 0 picks a free port (the URL printed at start shows which).`
  )
)
const jobs = Options.integer("jobs").pipe(
  Options.withDefault(1000),
  Options.withDescription("How many realistic jobs to generate (default 1000; ignored with --data). A million is fine.")
)
const seed = Options.integer("seed").pipe(
  Options.withDefault(42),
  Options.withDescription(
    "The seed of the generated jobs and of random faults (default 42): the same seed gives the same data."
  )
)
const now = Options.text("now").pipe(
  Options.optional,
  Options.withDescription(
    "The time the generated jobs are seeded back from (ISO 8601, e.g. 2025-06-02T09:00:00Z; default: now). With --seed, the same jobs and dates on every run."
  ),
  Options.mapEffect(Option.match({
    onNone: () => Effect.succeed<string | undefined>(undefined),
    onSome: (text) =>
      Number.isFinite(Date.parse(text))
        ? Effect.succeed<string | undefined>(text)
        : Effect.fail(
          ValidationError.invalidValue(
            HelpDoc.p(`--now must be an ISO 8601 date or time (2025-06-02 or 2025-06-02T09:00:00Z), got ${text}`)
          )
        )
  }))
)
const data = Options.file("data", { exists: "yes" }).pipe(
  Options.optional,
  Options.withDescription(
    "Serve the jobs of this JSON file (an array of jobs, or {\"jobs\": [...]}) instead of generated ones."
  )
)
// Optional as well as repeatable, so that the usage line shows it in brackets.
const apiKey = Options.text("api-key").pipe(
  Options.repeated,
  Options.optional,
  Options.map(Option.getOrElse((): ReadonlyArray<string> => [])),
  Options.withDescription(`An accepted API key (repeat for several). Default: ${defaults.defaultApiKey}.`)
)
const latency = Options.integer("latency").pipe(
  Options.withDefault(0),
  Options.withDescription("Milliseconds added to every list-jobs response (default 0).")
)
const faultRate = Options.float("fault-rate").pipe(
  Options.withDefault(0),
  Options.withDescription(
    "Probability (0..1, default 0) that a list-jobs request gets a random transient fault (5xx, 429, Cloudflare 52x, latency, connection reset), seeded by --seed."
  )
)

const noCompress = Options.boolean("no-compress").pipe(
  Options.withDescription(
    "Send every body uncompressed (by default list-jobs responses are compressed by the request's Accept-Encoding, br over gzip, as Cloudflare does)."
  )
)

const live = Options.boolean("live").pipe(
  Options.withDescription(
    "Live mode: jobs move QUEUED -> STARTING -> RUNNING -> SUCCEEDED/FAILED/CANCELLED one tick at a time and new jobs arrive, seeded by --seed."
  )
)
const tick = Options.integer("tick").pipe(
  Options.withDefault(defaults.defaultTickMillis),
  Options.withDescription(
    `Live mode: milliseconds between ticks (default ${defaults.defaultTickMillis}; 0: only on POST /_emulator/tick).`
  )
)
const arrivals = Options.float("arrivals").pipe(
  Options.withDefault(defaults.defaultArrivals),
  Options.withDescription(`Live mode: mean number of new jobs per tick (default ${defaults.defaultArrivals}).`)
)

/**
 * The command under a name: `make("sutro-emulator")` is the executable, `command` the subcommand
 * other CLIs mount. The name is what the help's usage line shows. `Emulator` is loaded when the
 * command runs, not when it is defined, so `--help` stays quick.
 *
 * @since 0.1.0
 * @category commands
 */
export const make = <Name extends string>(name: Name) =>
  Command.make(
    name,
    { host, port, jobs, seed, now, data, apiKey, latency, faultRate, noCompress, live, tick, arrivals },
    (config) =>
      Effect.scoped(
        Effect.gen(function*() {
          const Emulator = yield* Effect.promise(() => import("./Emulator.js"))
          const emulator = yield* Emulator.make({
            host: config.host,
            port: config.port,
            jobs: config.jobs,
            seed: config.seed,
            // Jobs of the last days, so that `list --since 7d` finds some (the library's default is fixed).
            now: config.now ?? (yield* Clock.currentTimeMillis),
            dataFile: Option.getOrUndefined(config.data),
            apiKeys: config.apiKey,
            latency: config.latency,
            faultRate: config.faultRate,
            compress: !config.noCompress,
            live: config.live ? { interval: Math.max(0, config.tick), arrivals: config.arrivals } : undefined
          })
          const count = yield* emulator.jobCount
          yield* Console.log(`Sutro emulator listening on ${emulator.url} (${count} jobs)`)
          yield* Console.log(`API key: ${emulator.apiKey}`)
          yield* Console.log(`  export SUTRO_API_URL=${emulator.url} SUTRO_API_KEY=${emulator.apiKey}`)
          yield* Console.log(
            `  curl -H "Authorization: Key ${emulator.apiKey}" "${emulator.url}/v1/list-jobs?limit=5"`
          )
          if (config.live) {
            yield* Console.log(`Live mode: a tick every ${config.tick} ms, ${config.arrivals} new jobs a tick.`)
          }
          yield* Console.log(
            "Control API under /_emulator/ (jobs, faults, requests, changes, tick). Stop with Ctrl-C."
          )
          return yield* Effect.never
        })
      )
  ).pipe(
    Command.withDescription("Run a local Sutro-compatible list-jobs server with realistic data and scripted faults.")
  )

/**
 * `emulator [--host 127.0.0.1] [--port 8787] [--jobs 1000] [--seed 42] [--now ISO] [--data file.json]
 * [--api-key KEY]... [--latency MS] [--fault-rate P] [--no-compress] [--live [--tick MS] [--arrivals N]]`: serves until interrupted (Ctrl-C, SIGTERM).
 *
 * @since 0.1.0
 * @category commands
 */
export const command = make("emulator")
