/**
 * The `sutro-jobs` command: `list`, `stats`, `emulator` and `demo`, with the global flags
 * `--api-url`, `--api-key` and `--verbose` (accepted before or after the subcommand).
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as Path from "@effect/platform/Path"
import type * as SutroClient from "@sutro-effect/client/SutroClient"
import { SutroError } from "@sutro-effect/core"
import * as EmulatorCli from "@sutro-effect/emulator/EmulatorCli"
import * as NodeSutroClient from "@sutro-effect/node/NodeSutroClient"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Demo from "./Demo.js"
import * as ExitCode from "./ExitCode.js"
import * as Filters from "./Filters.js"
import * as io from "./internal/io.js"
import * as Listing from "./Listing.js"
import * as Output from "./Output.js"
import * as Progress from "./Progress.js"
import * as Settings from "./Settings.js"
import * as Stats from "./Stats.js"
import * as Wait from "./Wait.js"
import * as Watch from "./Watch.js"

/**
 * @since 0.1.0
 * @category constants
 */
export const version = "0.1.0"

/**
 * A command failed with an SDK error; `url` is the API URL it used, for the hint.
 *
 * @since 0.1.0
 * @category errors
 */
export class CommandFailed extends Data.TaggedError("CommandFailed")<{
  readonly error: SutroError.SutroError
  readonly url: string | undefined
}> {}

const usage = (message: string) => ValidationError.invalidValue(HelpDoc.p(message))

const globals = {
  apiUrl: Options.text("api-url").pipe(
    Options.withDescription("The API URL (default: SUTRO_API_URL, then api_url in ~/.sutro/config.json)"),
    Options.optional
  ),
  apiKey: Options.redacted("api-key").pipe(
    Options.withDescription("The API key (default: SUTRO_API_KEY, then api_key in ~/.sutro/config.json)"),
    Options.optional
  ),
  verbose: Options.boolean("verbose").pipe(
    Options.withDescription("Say which settings are used, log retries, and show stack traces on errors")
  )
}

const root = Command.make("sutro-jobs", globals)

const pageSize = Options.integer("page-size").pipe(
  Options.withDescription("Jobs per request, 1 to 100"),
  Options.withDefault(100),
  Options.mapEffect((n) =>
    n >= 1 && n <= 100 ? Effect.succeed(n) : Effect.fail(usage(`--page-size must be from 1 to 100, got ${n}`))
  )
)

const max = Options.integer("max").pipe(
  Options.withDescription("Stop after this many jobs"),
  Options.optional,
  Options.mapEffect((n) =>
    Option.isSome(n) && n.value < 1 ? Effect.fail(usage(`--max must be at least 1, got ${n.value}`)) : Effect.succeed(n)
  )
)

const status = Options.text("status").pipe(
  Options.withDescription("Only jobs with this status (any case; repeat it or separate with commas)"),
  Options.repeated,
  Options.map(Filters.statusFilter)
)

const since = Options.text("since").pipe(
  Options.withDescription(
    "Only jobs created after this: a span back from now (30m, 12h, 7d, 2w) or a date (2024-01-15)"
  ),
  Options.optional,
  Options.mapEffect(Option.match({
    onNone: () => Effect.succeed(undefined),
    onSome: (text) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Either.match(Filters.parseSince(text, now), {
          onLeft: (message) => Effect.fail(usage(message)),
          onRight: Effect.succeed
        }))
  }))
)

const columns = Options.text("columns").pipe(
  Options.withDescription(`Comma-separated columns: ${Output.allColumns.join(", ")}`),
  Options.optional,
  Options.mapEffect(Option.match({
    onNone: () => Effect.succeed(undefined),
    onSome: (text) =>
      Either.match(Output.parseColumns(text), { onLeft: (m) => Effect.fail(usage(m)), onRight: Effect.succeed })
  }))
)

/**
 * The client for resolved settings, reporting retries to the progress display.
 *
 * @since 0.1.0
 * @category layers
 */
export const clientLayer = (
  settings: { readonly apiUrl: string | undefined; readonly apiKey: Redacted.Redacted<string> },
  options: { readonly progress: Progress.Progress; readonly verbose: boolean }
): Layer.Layer<SutroClient.SutroClient, SutroError.ConfigurationError> =>
  NodeSutroClient.layer({
    apiKey: settings.apiKey,
    ...(settings.apiUrl === undefined ? {} : { baseUrl: settings.apiUrl }),
    userAgent: `sutro-jobs/${version}`,
    retry: {
      onRetry: (event) =>
        Effect.zipRight(
          options.progress.retry(event),
          options.verbose && process.stderr.isTTY !== true
            ? io.stderr(`sutro-jobs: ${Progress.retryLine(event)}\n`)
            : Effect.void
        )
    }
  })

/**
 * Runs `use` with a client built from the global flags, the environment and the config file.
 *
 * @since 0.1.0
 * @category layers
 */
const withClient = <A, E, R>(
  local: Command.Command.ParseConfig<typeof globals>,
  use: (progress: Progress.Progress) => Effect.Effect<A, E | SutroError.SutroError, R>
): Effect.Effect<
  A,
  E | CommandFailed,
  Exclude<R, SutroClient.SutroClient> | FileSystem.FileSystem | Path.Path | Command.Command.Context<"sutro-jobs">
> =>
  Effect.gen(function*() {
    const global = yield* root
    // The same flags are accepted after the subcommand, where they win over those before it.
    const flags = {
      apiUrl: Option.orElse(local.apiUrl, () => global.apiUrl),
      apiKey: Option.orElse(local.apiKey, () => global.apiKey),
      verbose: local.verbose || global.verbose
    }
    const settings = yield* Settings.load(flags).pipe(
      Effect.mapError((error) => new CommandFailed({ error, url: undefined }))
    )
    const url = settings.apiUrl ?? Settings.defaultApiUrl
    if (flags.verbose) {
      yield* io.stderr(
        `sutro-jobs: API URL ${url} (${settings.apiUrlSource}); API key ${
          settings.apiKeySource === undefined ? "not set" : `from ${settings.apiKeySource}`
        }${settings.configFile === undefined ? "" : `; config file ${settings.configFile}`}\n`
      )
    }
    const apiKey = settings.apiKey
    if (apiKey === undefined) {
      return yield* new CommandFailed({
        url,
        error: new SutroError.ConfigurationError({
          reason: "MissingApiKey",
          detail: "no --api-key flag, SUTRO_API_KEY variable or api_key in ~/.sutro/config.json"
        })
      })
    }
    const progress = Progress.make(process.stderr)
    return yield* use(progress).pipe(
      Effect.provide(clientLayer({ apiUrl: settings.apiUrl, apiKey }, { progress, verbose: flags.verbose })),
      Effect.catchIf(SutroError.isSutroError, (error) => new CommandFailed({ error, url }))
    ) as Effect.Effect<A, E | CommandFailed, Exclude<R, SutroClient.SutroClient>>
  })

const warnUnknownStatuses = (filter: Filters.StatusFilter | undefined) =>
  filter === undefined || filter.unknown.length === 0
    ? Effect.void
    : io.stderr(
      `sutro-jobs: note: ${filter.unknown.map((s) => JSON.stringify(s)).join(", ")} ${
        filter.unknown.length === 1 ? "is not a known status" : "are not known statuses"
      } (known: ${Filters.knownStatuses.join(", ")}); matching it as written\n`
    )

/**
 * `sutro-jobs list`.
 *
 * @since 0.1.0
 * @category commands
 */
export const list = Command.make("list", {
  ...globals,
  pageSize,
  max,
  status,
  since,
  format: Options.choice("format", Output.formats).pipe(
    Options.withDescription("table (fitted to the terminal), json, ndjson or csv"),
    Options.withDefault("table" as const)
  ),
  columns
}, (options) =>
  Effect.zipRight(
    warnUnknownStatuses(options.status),
    withClient(options, (progress) =>
      Listing.list(
        {
          pageSize: options.pageSize,
          max: Option.getOrUndefined(options.max),
          status: options.status,
          since: options.since,
          format: options.format,
          columns: options.columns,
          width: io.terminalWidth()
        },
        io.stdout,
        progress
      ))
  )).pipe(Command.withDescription("List jobs, newest first, as pages arrive"))

/**
 * `sutro-jobs stats`.
 *
 * @since 0.1.0
 * @category commands
 */
export const stats = Command.make("stats", {
  ...globals,
  pageSize,
  max,
  status,
  since,
  format: Options.choice("format", ["table", "json"] as const).pipe(
    Options.withDescription("table or json"),
    Options.withDefault("table" as const)
  )
}, (options) =>
  Effect.zipRight(
    warnUnknownStatuses(options.status),
    withClient(options, (progress) =>
      Listing.stats({
        pageSize: options.pageSize,
        max: Option.getOrUndefined(options.max),
        status: options.status,
        since: options.since
      }, progress).pipe(
        Effect.flatMap((summary) =>
          io.stdout(
            options.format === "json" ? JSON.stringify(summary, null, 2) + "\n" : Stats.renderTable(summary)
          )
        )
      ))
  )).pipe(Command.withDescription("Counts by status and model, tokens, cost, run times and top failures"))

/**
 * `sutro-jobs watch`.
 *
 * @since 0.2.0
 * @category commands
 */
export const watch = Command.make("watch", { ...globals, ...Watch.options }, (options) =>
  Effect.zipRight(
    warnUnknownStatuses(options.status),
    withClient(options, () =>
      Watch.run({
        since: options.since,
        status: options.status,
        intervalMillis: options.interval!,
        format: Option.getOrElse(
          options.format,
          () => process.stdout.isTTY === true ? "table" as const : "ndjson" as const
        ),
        initial: options.initial,
        pageSize: options.pageSize,
        maxPagesPerPoll: options.maxPagesPerPoll
      }, io.stdout))
  )).pipe(Command.withDescription("Print job changes as they happen (new, changed, finished) until Ctrl-C"))

/**
 * `sutro-jobs wait`.
 *
 * @since 0.2.0
 * @category commands
 */
export const wait = Command.make(
  "wait",
  { ...globals, ...Wait.options },
  (options) =>
    withClient(options, () =>
      Wait.run(
        {
          jobIds: options.jobIds,
          timeoutMillis: options.timeout,
          intervalMillis: options.interval!,
          format: options.format
        },
        io.stdout,
        Wait.progressOn(process.stderr)
      ))
).pipe(
  Command.withDescription("Wait until jobs finish; the exit code says whether they all SUCCEEDED (see docs/cli.md)")
)

/**
 * `sutro-jobs demo`.
 *
 * @since 0.1.0
 * @category commands
 */
export const demo = Command.make("demo", {
  jobs: Options.integer("jobs").pipe(
    Options.withDescription("How many jobs the embedded emulator serves"),
    Options.withDefault(1000)
  )
}, (options) => Demo.run({ jobs: options.jobs, width: io.terminalWidth() })).pipe(
  Command.withDescription("Start an embedded emulator and run list and stats against it over HTTP")
)

/**
 * The whole command tree.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = root.pipe(
  Command.withDescription("List and summarise Sutro jobs"),
  Command.withSubcommands([list, stats, watch, wait, EmulatorCli.command, demo])
)

/**
 * Parses `argv` (with the node executable and script first, as in `process.argv`) and runs it.
 *
 * @since 0.1.0
 * @category running
 */
export const run = Command.run(command, { name: "sutro-jobs", version })

/**
 * The report printed for a failure cause and the exit code. Interruptions are not reported here.
 *
 * @since 0.1.0
 * @category running
 */
export const report = (cause: Cause.Cause<unknown>): ExitCode.Report | undefined => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) {
    const error = failure.value
    if (ValidationError.isValidationError(error)) {
      // @effect/cli has already printed the problem and the usage.
      return { code: ExitCode.ExitCode.usage, message: "", hint: undefined }
    }
    if (error instanceof CommandFailed) return ExitCode.fromSutroError(error.error, { url: error.url })
    if (error instanceof Wait.WaitOutcome) return { code: error.code, message: error.message, hint: error.hint }
    if (SutroError.isSutroError(error)) return ExitCode.fromSutroError(error)
    const message = error instanceof Error ? error.message : String(error)
    return { code: ExitCode.ExitCode.unexpected, message, hint: "rerun with --verbose for details" }
  }
  const defect = Cause.dieOption(cause)
  const message = Option.match(defect, {
    onNone: () => "unexpected failure",
    onSome: (d) => d instanceof Error ? d.message : String(d)
  })
  return { code: ExitCode.ExitCode.unexpected, message, hint: "this is a bug: rerun with --verbose and report it" }
}

/**
 * The program `bin.ts` runs: the command, with failures printed as one line and a hint (the full
 * cause too with `--verbose`), succeeding with the exit code. Interruption (Ctrl-C) is left to
 * the runtime, whose teardown turns it into 130.
 *
 * @since 0.1.0
 * @category running
 */
export const main = (argv: ReadonlyArray<string>) =>
  run(argv).pipe(
    Effect.as<number>(ExitCode.ExitCode.ok),
    Effect.catchAllCause((cause) => {
      if (Cause.isInterruptedOnly(cause)) return Effect.failCause(cause)
      const found = report(cause)!
      const verbose = argv.includes("--verbose")
      let text = found.message === "" ? "" : `sutro-jobs: ${found.message}\n`
      if (found.hint !== undefined) text += `  hint: ${found.hint}\n`
      if (verbose) text += Cause.pretty(cause) + "\n"
      return Effect.as(io.stderr(text), found.code)
    })
  )

/**
 * Exit code from the program's exit: its value, 130 when interrupted, else 1.
 *
 * @since 0.1.0
 * @category running
 */
export const teardown = <E, A>(exit: Exit.Exit<E, A>, onExit: (code: number) => void): void => {
  onExit(
    Exit.isSuccess(exit)
      ? typeof exit.value === "number" ? exit.value : 0
      : Cause.isInterruptedOnly(exit.cause)
      ? ExitCode.ExitCode.interrupted
      : ExitCode.ExitCode.unexpected
  )
}
