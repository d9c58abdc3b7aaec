/**
 * `sutro-jobs watch`: job changes as they happen, from `JobWatch.watch`. On a terminal, a table
 * that grows one row per event; otherwise (or with `--format ndjson`) one JSON object per event.
 * Runs until interrupted (Ctrl-C exits with 130); every line is written whole.
 *
 * @since 0.2.0
 */
import * as Options from "@effect/cli/Options"
import * as JobWatch from "@sutro-effect/client/JobWatch"
import type * as SutroClient from "@sutro-effect/client/SutroClient"
import { Job, JobStatus, type SutroError } from "@sutro-effect/core"
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Filters from "./Filters.js"
import * as flags from "./internal/flags.js"
import { visible } from "./Output.js"

const usage = flags.usage

const spanUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * Reads a span such as `500ms`, `10s`, `2m`, `1.5h` or `1d`; returns milliseconds or a message.
 *
 * @since 0.2.0
 * @category parsing
 */
export const parseSpan = (flag: string, input: string): Either.Either<number, string> => {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/i.exec(input.trim())
  const millis = match === null ? NaN : Math.round(Number(match[1]) * spanUnits[match[2].toLowerCase()])
  return millis > 0
    ? Either.right(millis)
    : Either.left(`${flag} expects a span such as 500ms, 10s, 2m, 1h or 1d; got ${JSON.stringify(input)}`)
}

/**
 * A span flag with a default, in milliseconds.
 *
 * @since 0.2.0
 * @category options
 */
export const spanOption = (name: string, description: string, fallback: string | undefined) =>
  Options.text(name).pipe(
    Options.withDescription(description),
    Options.optional,
    Options.mapEffect((value) => {
      const text = Option.getOrUndefined(value) ?? fallback
      if (text === undefined) return Effect.succeed(undefined)
      return Either.match(parseSpan(`--${name}`, text), {
        onLeft: (message) => Effect.fail(usage(message)),
        onRight: (millis) => Effect.succeed<number | undefined>(millis)
      })
    })
  )

/**
 * The output formats of `watch`.
 *
 * @since 0.2.0
 * @category models
 */
export const formats = ["table", "ndjson"] as const

/**
 * The flags of `sutro-jobs watch`.
 *
 * @since 0.2.0
 * @category options
 */
export const options = {
  since: flags.since("30m, 12h, 1d"),
  status: flags.status("Only events about jobs now in this status (any case; repeat it or separate with commas)"),
  interval: spanOption("interval", "Time between polls (default 10s)", "10s"),
  format: Options.choice("format", formats).pipe(
    Options.withDescription("table (default on a terminal) or ndjson (default otherwise): one JSON object per event"),
    Options.optional
  ),
  initial: Options.boolean("initial").pipe(
    Options.withDescription("Also report the jobs already there at the start")
  ),
  pageSize: flags.pageSize,
  maxPagesPerPoll: Options.integer("max-pages-per-poll").pipe(
    Options.withDescription("The most pages one poll may fetch; older unfinished jobs are then no longer followed"),
    Options.optional,
    Options.mapEffect((n) =>
      Option.isSome(n) && n.value < 1
        ? Effect.fail(usage(`--max-pages-per-poll must be at least 1, got ${n.value}`))
        : Effect.succeed(Option.getOrUndefined(n))
    )
  )
}

/**
 * What `watch` runs with.
 *
 * @since 0.2.0
 * @category models
 */
export interface Config {
  /** Epoch millis: only jobs created after it. */
  readonly since?: number | undefined
  readonly status?: Filters.StatusFilter | undefined
  readonly intervalMillis: number
  readonly format: typeof formats[number]
  readonly initial?: boolean | undefined
  readonly pageSize?: number | undefined
  readonly maxPagesPerPoll?: number | undefined
  /** Stop after this long (the demo); by default the watch runs until interrupted. */
  readonly stopAfterMillis?: number | undefined
}

const encodeJob = Schema.encodeSync(Job.Job)

const status = (job: Job.Job) => JobStatus.toString(job.status)

/**
 * An event as one JSON object: `event`, `time` (when it was seen), the job's id and status, and
 * the job as the API sends it.
 *
 * @since 0.2.0
 * @category formatting
 */
export const eventJson = (event: JobWatch.JobEvent, now: number): Record<string, unknown> => {
  const time = new Date(now).toISOString()
  switch (event._tag) {
    case "Added":
    case "Finished":
      return { event: event._tag, time, job_id: event.job.job_id, status: status(event.job), job: encodeJob(event.job) }
    case "Changed":
      return {
        event: event._tag,
        time,
        job_id: event.job.job_id,
        status: status(event.job),
        previous_status: status(event.previous),
        fields: event.fields,
        job: encodeJob(event.job)
      }
    case "TrackingStopped":
      return {
        event: event._tag,
        time,
        reason: event.reason,
        created_before: event.createdBefore === null ? null : DateTime.formatIso(event.createdBefore),
        job_ids: event.jobs.map((job) => job.job_id)
      }
  }
}

const pad = (text: string, width: number) => text.length >= width ? text + " " : text + " ".repeat(width - text.length)

/**
 * An event as a table row: time, event, job id, status and what changed.
 *
 * @since 0.2.0
 * @category formatting
 */
export const eventRow = (event: JobWatch.JobEvent, now: number): string => {
  const time = new Date(now).toISOString().slice(11, 19)
  // Ids, statuses, names and failure reasons are the server's text: shown with their control characters escaped.
  const row = (id: string, state: string, detail: string) =>
    `${pad(time, 9)}${pad(event._tag, 10)}${pad(visible(id), 28)}${pad(visible(state), 11)}${visible(detail)}`
      .trimEnd() + "\n"
  switch (event._tag) {
    case "Added":
      return row(event.job.job_id, status(event.job), [event.job.name, event.job.model].filter((x) => x).join(" · "))
    case "Changed": {
      const from = status(event.previous), to = status(event.job)
      const others = event.fields.filter((f) => f !== "status")
      return row(
        event.job.job_id,
        to,
        [from === to ? "" : `was ${from}`, others.length === 0 ? "" : others.join(", ")].filter((x) => x).join("; ")
      )
    }
    case "Finished": {
      const reason = event.job.failure_reason?.message
      return row(event.job.job_id, status(event.job), reason === undefined ? "" : reason)
    }
    case "TrackingStopped":
      return row(
        "-",
        "-",
        event.reason === "MaxPagesPerPoll"
          ? `no longer following jobs created before ${
            event.createdBefore === null ? "the last page reached" : DateTime.formatIso(event.createdBefore)
          } (--max-pages-per-poll)${event.jobs.length === 0 ? "" : `: ${event.jobs.map((j) => j.job_id).join(", ")}`}`
          : `no longer listed: ${event.jobs.map((j) => j.job_id).join(", ")}`
      )
  }
}

/**
 * The table's header row.
 *
 * @since 0.2.0
 * @category formatting
 */
export const header = `${pad("TIME", 9)}${pad("EVENT", 10)}${pad("JOB", 28)}${pad("STATUS", 11)}DETAIL\n`

/**
 * Watches and writes each event as it comes; returns how many events were written (when stopped by
 * `stopAfterMillis`).
 *
 * @since 0.2.0
 * @category commands
 */
export const run = (
  config: Config,
  write: (text: string) => Effect.Effect<void>
): Effect.Effect<number, SutroError.SutroError, SutroClient.SutroClient> =>
  Effect.suspend(() => {
    let count = 0
    const events = JobWatch.watch({
      interval: Duration.millis(config.intervalMillis),
      ...(config.since === undefined ? {} : { createdAfter: new Date(config.since) }),
      ...(config.status === undefined ? {} : { status: Array.from(config.status.statuses) }),
      initial: config.initial ?? false,
      ...(config.pageSize === undefined ? {} : { pageSize: config.pageSize }),
      ...(config.maxPagesPerPoll === undefined ? {} : { maxPagesPerPoll: config.maxPagesPerPoll })
    })
    const limited = config.stopAfterMillis === undefined
      ? events
      : Stream.interruptAfter(events, Duration.millis(config.stopAfterMillis))
    return write(config.format === "table" ? header : "").pipe(
      Effect.zipRight(
        limited.pipe(
          Stream.runForEach((event) =>
            Effect.flatMap(Clock.currentTimeMillis, (now) => {
              count++
              return write(
                config.format === "table" ? eventRow(event, now) : JSON.stringify(eventJson(event, now)) + "\n"
              )
            })
          )
        )
      ),
      Effect.map(() => count)
    )
  })
