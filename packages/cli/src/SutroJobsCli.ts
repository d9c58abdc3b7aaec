/**
 * The `sutro-jobs` command: `list`, `stats`, `emulator` and `demo`, with the global flags
 * `--api-url`, `--api-key` and `--verbose` (accepted before or after the subcommand).
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as CliUsage from "@effect/cli/Usage"
import * as ValidationError from "@effect/cli/ValidationError"
import * as SutroError from "@sutro-effect/core/SutroError"
import * as EmulatorCli from "@sutro-effect/emulator/EmulatorCli"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as ExitCode from "./ExitCode.js"
import * as Filters from "./Filters.js"
import * as flags from "./internal/flags.js"
import * as io from "./internal/io.js"
import * as Redact from "./internal/redact.js"
import * as Usage from "./internal/usage.js"
import * as PackageVersion from "./internal/version.js"
import * as Output from "./Output.js"
import * as Wait from "./Wait.js"
import * as Watch from "./Watch.js"

/**
 * @since 0.1.0
 * @category constants
 */
export const version: string = PackageVersion.version

/**
 * A command failed with an SDK error; `url` is the API URL it used, for the hint.
 *
 * @since 0.1.0
 * @category errors
 */
export class CommandFailed extends Data.TaggedError("CommandFailed")<{
  readonly error: SutroError.SutroError
  readonly url: string | undefined
}> {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return this.error.message
  }
}

const usage = flags.usage

// A command's description, then its examples: @effect/cli has no examples section of its own.
const described = (text: string, examples: ReadonlyArray<string>) =>
  HelpDoc.blocks([HelpDoc.p(text), HelpDoc.p("Examples:"), ...examples.map((example) => HelpDoc.p(`  ${example}`))])

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

// What the commands do once their flags are parsed lives in a module loaded on first use, so that
// `--help`, a usage error or `emulator` never load the HTTP client or the job schemas.
const commands = Effect.promise(() => import("./internal/commands.js"))

const pageSize = flags.pageSize

const max = Options.integer("max").pipe(
  Options.withDescription("Stop after this many jobs"),
  Options.optional,
  Options.mapEffect((n) =>
    Option.isSome(n) && n.value < 1 ? Effect.fail(usage(`--max must be at least 1, got ${n.value}`)) : Effect.succeed(n)
  )
)

const status = flags.status("Only jobs with this status (any case; repeat it or separate with commas)")

const since = flags.since("30m, 12h, 7d, 2w")

const columns = Options.text("columns").pipe(
  Options.withDescription(`Comma-separated columns: ${Output.allColumns.join(", ")}`),
  Options.optional,
  Options.mapEffect(Option.match({
    onNone: () => Effect.succeed(undefined),
    onSome: (text) =>
      Either.match(Output.parseColumns(text), { onLeft: (m) => Effect.fail(usage(m)), onRight: Effect.succeed })
  }))
)

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
    Options.withDescription(
      "table (fitted to the terminal), json, ndjson, csv, or ids (job ids one per line, for shell pipelines)"
    ),
    Options.withDefault("table" as const)
  ),
  columns
}, (options) =>
  Effect.zipRight(
    warnUnknownStatuses(options.status),
    Effect.flatMap(Effect.zip(root, commands), ([global, c]) => c.list(options, global))
  )).pipe(Command.withDescription(described("List jobs, newest first, as pages arrive", [
    "sutro-jobs list --max 20",
    "sutro-jobs list --status failed --since 7d",
    "sutro-jobs list --format csv > jobs.csv",
    "sutro-jobs list --format ids --status running | xargs sutro-jobs wait"
  ])))

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
    Effect.flatMap(Effect.zip(root, commands), ([global, c]) => c.stats(options, global))
  )).pipe(Command.withDescription(described("Counts by status and model, tokens, cost, run times and top failures", [
    "sutro-jobs stats --since 30d",
    "sutro-jobs stats --status failed --format json"
  ])))

/**
 * `sutro-jobs watch`.
 *
 * @since 0.1.0
 * @category commands
 */
export const watch = Command.make("watch", { ...globals, ...Watch.options }, (options) =>
  Effect.zipRight(
    warnUnknownStatuses(options.status),
    Effect.flatMap(Effect.zip(root, commands), ([global, c]) => c.watch(options, global))
  )).pipe(Command.withDescription(described("Print job changes as they happen (new, changed, finished) until Ctrl-C", [
    "sutro-jobs watch --since 1d",
    "sutro-jobs watch --status running --interval 30s --format ndjson"
  ])))

/**
 * `sutro-jobs wait`.
 *
 * @since 0.1.0
 * @category commands
 */
export const wait = Command.make(
  "wait",
  { ...globals, ...Wait.options },
  (options) => Effect.flatMap(Effect.zip(root, commands), ([global, c]) => c.wait(options, global))
).pipe(
  Command.withDescription(described(
    "Wait until jobs finish (reach SUCCEEDED, FAILED or CANCELLED; CANCELLING is not finished). Exit code 0 when they all SUCCEEDED, 10 when one FAILED, 11 when one was CANCELLED, 12 for an id not found, 13 when --timeout passed",
    ["sutro-jobs wait job_a job_b --timeout 2h && echo done"]
  ))
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
}, (options) =>
  Effect.flatMap(
    Effect.promise(() => import("./Demo.js")),
    (Demo) => Demo.run({ jobs: options.jobs, width: io.terminalWidth() })
  )).pipe(
    Command.withDescription(described("Start an embedded emulator and run list and stats against it over HTTP", [
      "sutro-jobs demo"
    ]))
  )

const subcommands = [list, stats, watch, wait, EmulatorCli.command, demo] as const
const commandNames: ReadonlyArray<string> = ["list", "stats", "watch", "wait", "emulator", "demo"]

// The flags a command accepts (the tool's own for ""), read from its usage line, for "did you mean".
const flagsOf = (name: string): ReadonlyArray<string> => {
  const found = subcommands[commandNames.indexOf(name)] ?? root
  const usageLine = HelpDoc.toAnsiText(
    CliUsage.getHelp(Command.getUsage(found as Command.Command<string, never, never, unknown>))
  )
  return [...new Set([...io.stripAnsi(usageLine).matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]))]
}

/**
 * The whole command tree.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = root.pipe(
  Command.withDescription("List and summarise Sutro jobs"),
  Command.withSubcommands(subcommands)
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
 * The `Console` that `@effect/cli` prints help and usage errors through: without colours when the
 * stream is not a terminal or `NO_COLOR` is set, and with the value of any `--flag=value` it
 * echoes, and the user info and query values of URLs, redacted (an unknown flag may be a
 * misspelt `--api-key`).
 *
 * @since 0.1.0
 * @category running
 */
export const console = (base: Console.Console, argv: ReadonlyArray<string> = []): Console.Console => {
  const context: Usage.Context = { args: argv.slice(2), commands: commandNames, flags: flagsOf }
  const clean = (isTTY: boolean | undefined) => (args: ReadonlyArray<unknown>) =>
    args.map((arg) =>
      typeof arg === "string" ? Redact.text(Usage.error(io.colors({ isTTY }) ? arg : io.stripAnsi(arg), context)) : arg
    )
  // Only what goes to stderr (usage errors) can echo the command line; stdout gets help and the
  // emulator's banner, whose example URLs keep their query.
  const out = (args: ReadonlyArray<unknown>) =>
    args.map((arg) =>
      typeof arg === "string" ? Usage.help(io.colors(process.stdout) ? arg : io.stripAnsi(arg), commandNames) : arg
    )
  const err = clean(process.stderr.isTTY)
  return {
    ...base,
    log: (...args) => base.log(...out(args)),
    info: (...args) => base.info(...out(args)),
    error: (...args) => base.error(...err(args)),
    warn: (...args) => base.warn(...err(args)),
    unsafe: {
      ...base.unsafe,
      log: (...args) => base.unsafe.log(...out(args)),
      info: (...args) => base.unsafe.info(...out(args)),
      error: (...args) => base.unsafe.error(...err(args)),
      warn: (...args) => base.unsafe.warn(...err(args))
    }
  }
}

/**
 * The program `bin.ts` runs: the command, with failures printed as one line and a hint (the full
 * cause too with `--verbose`), succeeding with the exit code. Interruption (Ctrl-C) is left to
 * the runtime, whose teardown turns it into 130. Nothing it prints repeats the user info or query
 * values of a URL, or the value of an unknown flag.
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
      return Effect.as(io.stderr(Redact.text(text)), found.code)
    }),
    (program) => Console.consoleWith((base) => Console.withConsole(program, console(base, argv)))
  )

/**
 * What to print, and the code to exit with, when writing to stdout fails: nothing and 0 for a
 * reader that went away (`sutro-jobs list | head`), else one line and {@link ExitCode.ExitCode.output}.
 *
 * @since 0.1.0
 * @category running
 */
export const stdoutError = (error: NodeJS.ErrnoException): { readonly code: number; readonly message: string } =>
  error.code === "EPIPE"
    ? { code: ExitCode.ExitCode.ok, message: "" }
    : {
      code: ExitCode.ExitCode.output,
      message: `sutro-jobs: cannot write the output: ${
        error.code === "ENOSPC" ? "no space left on device" : error.message.replace(/^\w+: /, "")
      }${error.code === undefined ? "" : ` (${error.code})`}\n`
    }

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
