/**
 * `sutro-jobs demo`: starts an embedded emulator with seeded jobs on a free loopback port, runs
 * `list` and `stats` against it through the real client over HTTP, then a few seconds of `watch`
 * against a second emulator in live mode (jobs arriving and moving through their statuses), then
 * says what happened and how to point the tool at a real deployment.
 *
 * @since 0.1.0
 */
import * as Emulator from "@sutro-effect/emulator/Emulator"
import * as NodeSutroClient from "@sutro-effect/node/NodeSutroClient"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { randomBytes } from "node:crypto"
import { bold, dim, stdout } from "./internal/io.js"
import * as PackageVersion from "./internal/version.js"
import * as Listing from "./Listing.js"
import * as Output from "./Output.js"
import * as Progress from "./Progress.js"
import * as Stats from "./Stats.js"
import * as Watch from "./Watch.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** How many jobs the emulator serves. */
  readonly jobs: number
  /** The width the table is fitted to. */
  readonly width: number
  /** Seed of the generated jobs. */
  readonly seed?: number | undefined
  /** How long the watch part runs (default 4 s; 0 skips it). */
  readonly watchMillis?: number | undefined
}

const int = (n: number) => n.toLocaleString("en-US")

/**
 * Runs the demo, writing to stdout.
 *
 * @since 0.1.0
 * @category commands
 */
export const run = (options: Options) =>
  Effect.scoped(Effect.gen(function*() {
    // A throwaway key, known only to this process: it is never printed.
    const key = `sk_demo_${randomBytes(12).toString("hex")}`
    const emulator = yield* Emulator.make({
      host: "127.0.0.1",
      port: 0,
      jobs: options.jobs,
      seed: options.seed ?? 42,
      // Jobs of the last days, as `sutro-jobs emulator` serves (the library's default date is fixed).
      now: new Date(),
      apiKeys: [key]
    })
    const progress = yield* Progress.make(process.stderr)
    const client = NodeSutroClient.layer({
      apiKey: Redacted.make(key),
      baseUrl: emulator.url,
      userAgent: `sutro-jobs-demo/${PackageVersion.version}`
    })
    const firstPage = 10
    // Prose is wrapped at words to the terminal's width (at most 100), never cut mid-word by the terminal.
    const prose = (text: string) => Output.wrap(text, Math.min(100, options.width - 1)).join("\n") + "\n"
    const comment = (text: string) =>
      Output.wrap(text, Math.min(100, options.width - 1) - 2).map((line) => dim(`# ${line}`) + "\n").join("")

    yield* stdout(
      `${bold("sutro-jobs demo")}\n\n` +
        prose(
          `Started a local Sutro emulator at ${emulator.url} serving ${int(options.jobs)} seeded jobs, ` +
            `with a throwaway API key. Everything below goes through the real client over HTTP.`
        ) + "\n" +
        `${dim("$")} ${bold(`sutro-jobs list --max ${firstPage}`)}\n`
    )
    const listed = yield* Listing.list(
      { pageSize: firstPage, max: firstPage, format: "table", width: options.width },
      stdout,
      progress
    ).pipe(Effect.provide(client))
    yield* stdout(`\n${dim("$")} ${bold("sutro-jobs stats")}\n`)
    const summary = yield* Listing.stats({ pageSize: 100 }, progress).pipe(Effect.provide(client))
    yield* stdout(Stats.renderTable(summary))

    const watchMillis = options.watchMillis ?? 4000
    let watched = 0
    if (watchMillis > 0) {
      // A second emulator in live mode: no old jobs, a new one about every 400 ms, each moving
      // QUEUED -> STARTING -> RUNNING -> SUCCEEDED/FAILED/CANCELLED a step per 200 ms tick at most.
      const liveEmulator = yield* Emulator.make({
        host: "127.0.0.1",
        port: 0,
        jobs: 0,
        seed: options.seed ?? 42,
        apiKeys: [key],
        live: { interval: "200 millis", arrivals: 0.5 }
      })
      const liveClient = NodeSutroClient.layer({
        apiKey: Redacted.make(key),
        baseUrl: liveEmulator.url,
        userAgent: `sutro-jobs-demo/${PackageVersion.version}`
      })
      yield* stdout(
        `\n${dim("$")} ${bold("sutro-jobs watch --interval 500ms")}\n` +
          comment(`against a live emulator at ${liveEmulator.url}, for ${watchMillis / 1000} s`)
      )
      watched = yield* Watch.run(
        { intervalMillis: 500, format: "table", stopAfterMillis: watchMillis, width: options.width },
        stdout,
        (text) => stdout(comment(text.trimEnd()))
      ).pipe(Effect.provide(liveClient))
    }

    const log = yield* emulator.requestLog
    const listRequests = log.filter((entry) => entry.path.endsWith("list-jobs"))
    const pages = Math.ceil(summary.jobs / 100)
    yield* stdout(
      `\n${bold("What happened")}\n` +
        prose(`  list asked for one page of ${firstPage} and printed ${int(listed)} jobs, newest first.`) +
        prose(
          `  stats walked all ${int(summary.jobs)} jobs, ${int(pages)} page${pages === 1 ? "" : "s"} of 100, ` +
            `following next_cursor.`
        ) +
        prose(`  ${int(listRequests.length)} HTTP requests in all, each with an Authorization: Key header.`) +
        (watchMillis > 0
          ? prose(
            `  watch polled every 500 ms and printed ${int(watched)} events: new jobs, status changes, finishes; ` +
              `each poll walks only as deep as the oldest job still running (see docs/watch.md).`
          ) + "\n"
          : "\n") +
        `${bold("Now use it with your Sutro deployment")}\n` +
        `  export SUTRO_API_URL=https://<your-deployment>/v1\n` +
        `  export SUTRO_API_KEY=sk_...        ${dim("# or in ~/.sutro/config.json")}\n` +
        `  sutro-jobs list --status failed --since 7d\n` +
        `  sutro-jobs list --format csv > jobs.csv\n` +
        `  sutro-jobs stats --since 30d\n` +
        `  sutro-jobs watch --since 1d              ${dim("# until Ctrl-C")}\n` +
        `  sutro-jobs wait JOB_ID... --timeout 2h   ${dim("# exit code 0 when all succeeded")}\n` +
        prose(
          `Flags --api-url and --api-key override both. To keep playing locally: sutro-jobs emulator ` +
            `(then SUTRO_API_URL=<its URL> SUTRO_API_KEY=sk_emulator). More: sutro-jobs --help`
        )
    )
  }))
