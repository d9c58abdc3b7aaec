/**
 * What `list` and `stats` do once their flags are parsed: settings, the client, the walk. Loaded
 * with `import()` by the command handlers, so `--help`, usage errors and `emulator` never load
 * the HTTP client (undici), the schemas of the jobs or the settings code.
 */
import type * as Command from "@effect/cli/Command"
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as Path from "@effect/platform/Path"
import type * as SutroClient from "@sutro-effect/client/SutroClient"
import * as SutroError from "@sutro-effect/core/SutroError"
import * as NodeSutroClient from "@sutro-effect/node/NodeSutroClient"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Filters from "../Filters.js"
import * as Listing from "../Listing.js"
import type * as Output from "../Output.js"
import * as Progress from "../Progress.js"
import * as Settings from "../Settings.js"
import * as Stats from "../Stats.js"
import { CommandFailed, version } from "../SutroJobsCli.js"
import * as Wait from "../Wait.js"
import * as Watch from "../Watch.js"
import * as io from "./io.js"
import * as Redact from "./redact.js"

/** @internal */
export interface ConnectionFlags {
  readonly apiUrl: Option.Option<string>
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  readonly verbose: boolean
}

/** @internal */
export interface SelectionFlags {
  readonly pageSize: number
  readonly max: Option.Option<number>
  readonly status: Filters.StatusFilter | undefined
  readonly since: number | undefined
}

/**
 * The client for resolved settings, reporting retries to the progress display.
 *
 * @internal
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
 * Runs `use` with a client built from the flags (after the subcommand, winning over `global`,
 * those before it), the environment and the config file.
 *
 * @internal
 */
export const withClient = <A, E, R>(
  local: ConnectionFlags,
  global: ConnectionFlags,
  use: (progress: Progress.Progress) => Effect.Effect<A, E | SutroError.SutroError, R>
): Effect.Effect<A, E | CommandFailed, Exclude<R, SutroClient.SutroClient> | FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const flags = {
      apiUrl: Option.orElse(local.apiUrl, () => global.apiUrl),
      apiKey: Option.orElse(local.apiKey, () => global.apiKey),
      verbose: local.verbose || global.verbose
    }
    const settings = yield* Settings.load(flags).pipe(
      Effect.mapError((error) => new CommandFailed({ error, url: undefined }))
    )
    const url = Redact.url(settings.apiUrl ?? Settings.defaultApiUrl)
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
    const progress = yield* Progress.make(process.stderr)
    return yield* use(progress).pipe(
      Effect.provide(clientLayer({ apiUrl: settings.apiUrl, apiKey }, { progress, verbose: flags.verbose })),
      Effect.catchIf(SutroError.isSutroError, (error) => new CommandFailed({ error, url }))
    ) as Effect.Effect<A, E | CommandFailed, Exclude<R, SutroClient.SutroClient>>
  })

/** @internal */
export const list = (
  options: ConnectionFlags & SelectionFlags & {
    readonly format: Output.Format
    readonly columns: ReadonlyArray<string> | undefined
  },
  global: ConnectionFlags
) =>
  withClient(options, global, (progress) =>
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

/** @internal */
export const stats = (
  options: ConnectionFlags & SelectionFlags & { readonly format: "table" | "json" },
  global: ConnectionFlags
) =>
  withClient(options, global, (progress) =>
    Listing.stats({
      pageSize: options.pageSize,
      max: Option.getOrUndefined(options.max),
      status: options.status,
      since: options.since
    }, progress).pipe(
      Effect.flatMap((summary) =>
        io.stdout(options.format === "json" ? JSON.stringify(summary, null, 2) + "\n" : Stats.renderTable(summary))
      )
    ))

/** @internal */
export const watch = (
  options: ConnectionFlags & Command.Command.ParseConfig<typeof Watch.options>,
  global: ConnectionFlags
) =>
  withClient(options, global, () =>
    Watch.run(
      {
        since: options.since,
        status: options.status,
        intervalMillis: options.interval!,
        // A table by default, piped or not, as list's (and gh's, kubectl's): NDJSON on request.
        format: Option.getOrElse(options.format, () => "table" as const),
        initial: options.initial,
        pageSize: options.pageSize,
        maxPagesPerPoll: options.maxPagesPerPoll,
        width: io.terminalWidth(),
        live: process.stdout.isTTY === true ? { height: io.terminalHeight() } : undefined
      },
      io.stdout,
      // What the watch does goes to stderr, so that a pipe gets only events.
      (text) => io.stderr(`sutro-jobs: ${text}`)
    ))

/** @internal */
export const wait = (
  options: ConnectionFlags & Command.Command.ParseConfig<typeof Wait.options>,
  global: ConnectionFlags
) =>
  withClient(options, global, () =>
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
