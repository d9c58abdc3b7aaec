/**
 * `sutro-jobs watch`: job changes as they happen, from `JobWatch.watch`. It says at once what it
 * does (how often it polls, which jobs, that times are UTC) and, after its first poll, how many
 * unfinished jobs it follows. Each poll's events are written when the poll ends, in the order they
 * happened (oldest job first), one per job (a finish is one `Finished` line with the final status).
 * On a terminal, the table format is a view that updates in place (the followed jobs, redrawn after
 * each poll) with finishes logged above it; otherwise a line per event, or with `--format ndjson`
 * one JSON object per event. Runs until interrupted (Ctrl-C exits with 130); every line is written
 * whole.
 *
 * @since 0.1.0
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
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Filters from "./Filters.js"
import * as flags from "./internal/flags.js"
import * as Output from "./Output.js"

const usage = flags.usage

const spanUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * Reads a span such as `500ms`, `10s`, `2m`, `1.5h` or `1d`; returns milliseconds or a message.
 *
 * @since 0.1.0
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
 * @since 0.1.0
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
 * @since 0.1.0
 * @category models
 */
export const formats = ["table", "ndjson"] as const

/**
 * The flags of `sutro-jobs watch`.
 *
 * @since 0.1.0
 * @category options
 */
export const options = {
  since: flags.since("30m, 12h, 1d"),
  status: flags.status("Only events about jobs now in this status (any case; repeat it or separate with commas)"),
  interval: spanOption("interval", "Time between polls (default 10s)", "10s"),
  format: Options.choice("format", formats).pipe(
    Options.withDescription(
      "table (the default, as for list: a view updated in place on a terminal, a line per event otherwise) or ndjson (one JSON object per event)"
    ),
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
 * @since 0.1.0
 * @category models
 */
export interface Config {
  /** Epoch millis: only jobs created after it (a job without a creation date is left out, as by `list`). */
  readonly since?: number | undefined
  readonly status?: Filters.StatusFilter | undefined
  readonly intervalMillis: number
  readonly format: typeof formats[number]
  readonly initial?: boolean | undefined
  readonly pageSize?: number | undefined
  readonly maxPagesPerPoll?: number | undefined
  /** Stop after this long (the demo); by default the watch runs until interrupted. */
  readonly stopAfterMillis?: number | undefined
  /** The width lines are fitted to (default 80). */
  readonly width?: number | undefined
  /**
   * With the table format: stdout is a terminal of this height, and the watch draws a view that
   * updates in place (the followed jobs) with finishes logged above it, instead of a line per event.
   */
  readonly live?: { readonly height: number } | undefined
}

const encodeJob = Schema.encodeSync(Job.Job)

const status = (job: Job.Job) => JobStatus.toString(job.status)

/**
 * An event as `watch` prints it: one per job per poll. A job that finished is one `Finished`
 * with its final status, and `previous` (the status it had when last seen) and `fields` when the
 * watch followed it; a job first seen already final has no `previous`.
 *
 * @since 0.1.0
 * @category models
 */
export type Event =
  | { readonly _tag: "Added"; readonly job: Job.Job }
  | {
    readonly _tag: "Changed"
    readonly previous: Job.Job
    readonly job: Job.Job
    readonly fields: ReadonlyArray<string>
  }
  | {
    readonly _tag: "Finished"
    readonly previous: Job.Job | undefined
    readonly job: Job.Job
    readonly fields: ReadonlyArray<string>
  }
  | Extract<JobWatch.JobEvent, { readonly _tag: "TrackingStopped" }>

/**
 * The events of one poll, as `JobWatch.watch` gives them (newest job first, a finish as `Changed`
 * then `Finished`, a job first seen final as `Added` then `Finished`), in the order they happened:
 * oldest job first, one event per job (the pairs merged into one `Finished`), `TrackingStopped`
 * last.
 *
 * @since 0.1.0
 * @category formatting
 */
export const orderPoll = (events: ReadonlyArray<JobWatch.JobEvent>): Array<Event> => {
  const jobs: Array<Event> = []
  const stops: Array<Event> = []
  for (let i = 0; i < events.length; i++) {
    const event = events[i]
    if (event._tag === "TrackingStopped") {
      stops.push(event)
      continue
    }
    const next = events[i + 1]
    if (event._tag !== "Finished" && next?._tag === "Finished" && next.job.job_id === event.job.job_id) {
      jobs.push(
        event._tag === "Changed"
          ? { _tag: "Finished", job: next.job, previous: event.previous, fields: event.fields }
          : { _tag: "Finished", job: next.job, previous: undefined, fields: [] }
      )
      i++
    } else if (event._tag === "Finished") {
      jobs.push({ _tag: "Finished", job: event.job, previous: undefined, fields: [] })
    } else {
      jobs.push(event)
    }
  }
  return [...jobs.reverse(), ...stops]
}

/**
 * An event as one JSON object: `event`, `time` (when it was seen), the job's id and status, and
 * the job as the API sends it; `Changed` and `Finished` add `previous_status` (null for a job first
 * seen already final) and `fields`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const eventJson = (event: Event | JobWatch.JobEvent, now: number): Record<string, unknown> => {
  const time = new Date(now).toISOString()
  switch (event._tag) {
    case "Added":
      return { event: event._tag, time, job_id: event.job.job_id, status: status(event.job), job: encodeJob(event.job) }
    case "Changed":
    case "Finished": {
      const previous = "previous" in event ? event.previous : undefined
      return {
        event: event._tag,
        time,
        job_id: event.job.job_id,
        status: status(event.job),
        previous_status: previous === undefined ? null : status(previous),
        fields: "fields" in event ? event.fields : [],
        job: encodeJob(event.job)
      }
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

const pad = (text: string, width: number) => text.length >= width ? text : text + " ".repeat(width - text.length)

const timeWidth = 8, eventWidth = 8, statusWidth = 10, gap = 2

/**
 * The width of the JOB column at a terminal width: ids are shortened (middle ellipsis) before the
 * detail is cut, from 36 down to 12.
 *
 * @since 0.1.0
 * @category formatting
 */
export const jobWidth = (width: number): number =>
  Math.max(12, Math.min(36, width - (timeWidth + eventWidth + statusWidth + 4 * gap) - 24))

const detailOf = (event: Event | JobWatch.JobEvent): string => {
  switch (event._tag) {
    case "Added":
      return [event.job.name, event.job.model].filter((x) => x).join(" · ")
    case "Changed":
    case "Finished": {
      const previous = "previous" in event ? event.previous : undefined
      const from = previous === undefined ? undefined : status(previous), to = status(event.job)
      const others = ("fields" in event ? event.fields : []).filter((f) => f !== "status")
      const reason = event._tag === "Finished" ? event.job.failure_reason?.message : undefined
      return [
        event._tag === "Finished" && previous === undefined
          ? "new, already final"
          : from === undefined || from === to
          ? ""
          : `was ${from}`,
        reason === undefined ? "" : reason,
        others.length === 0 ? "" : others.join(", ")
      ].filter((x) => x).join("; ")
    }
    case "TrackingStopped":
      return event.reason === "MaxPagesPerPoll"
        ? `no longer following jobs created before ${
          event.createdBefore === null ? "the last page reached" : DateTime.formatIso(event.createdBefore)
        } (--max-pages-per-poll)${event.jobs.length === 0 ? "" : `: ${event.jobs.map((j) => j.job_id).join(", ")}`}`
        : `no longer listed: ${event.jobs.map((j) => j.job_id).join(", ")}`
  }
}

/**
 * An event as one line no wider than `width` (80 by default): time (UTC), event, job id
 * (shortened in the middle when long), status, and what changed or why it failed, cut with `…`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const eventRow = (event: Event | JobWatch.JobEvent, now: number, width = 80): string => {
  const time = new Date(now).toISOString().slice(11, 19)
  const tag = event._tag === "TrackingStopped" ? "Stopped" : event._tag
  const id = event._tag === "TrackingStopped" ? "-" : event.job.job_id
  const state = event._tag === "TrackingStopped" ? "-" : status(event.job)
  const idWidth = jobWidth(width)
  // Ids, statuses, names and failure reasons are the server's text: shown with their control characters escaped.
  const start = pad(time, timeWidth + gap) + pad(tag, eventWidth + gap) +
    pad(Output.shorten(Output.visible(id), idWidth), idWidth + gap) +
    pad(Output.truncate(Output.visible(state), statusWidth), statusWidth + gap)
  const detail = Output.visible(detailOf(event)).replace(/\s+/g, " ")
  return (start + Output.truncate(detail, Math.max(0, width - 1 - start.length))).trimEnd() + "\n"
}

/**
 * The header of the event lines, for a width.
 *
 * @since 0.1.0
 * @category formatting
 */
export const eventHeader = (width = 80): string =>
  `${pad("TIME UTC", timeWidth + gap)}${pad("EVENT", eventWidth + gap)}${pad("JOB", jobWidth(width) + gap)}${
    pad("STATUS", statusWidth + gap)
  }DETAIL\n`

/**
 * A span as people say it: `500 ms`, `10 s`, `2 min`, `1.5 h`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const spanText = (millis: number): string =>
  millis < 1000
    ? `${millis} ms`
    : millis < 60_000
    ? `${+(millis / 1000).toFixed(1)} s`
    : millis < 3_600_000
    ? `${+(millis / 60_000).toFixed(1)} min`
    : `${+(millis / 3_600_000).toFixed(1)} h`

const utc = (millis: number) => new Date(millis).toISOString().slice(0, 16).replace("T", " ") + " UTC"

/**
 * What the watch does, said before its first poll: how often it polls, which jobs, that times are
 * UTC.
 *
 * @since 0.1.0
 * @category formatting
 */
export const intro = (config: Pick<Config, "intervalMillis" | "since" | "status">): string =>
  `watching ${config.since === undefined ? "all jobs" : `jobs created after ${utc(config.since)}`}${
    config.status === undefined ? "" : ` (events of ${Array.from(config.status.statuses).join(", ")} jobs)`
  }, polling every ${spanText(config.intervalMillis)}; times are UTC; Ctrl-C to stop`

/**
 * What a watch knows between polls, for the view: the unfinished jobs it follows (in the order it
 * met them), how many finished since it started, its polls.
 *
 * @since 0.1.0
 * @category models
 */
export interface View {
  readonly intervalMillis: number
  readonly since?: number | undefined
  readonly status?: Filters.StatusFilter | undefined
  /** Completed polls. */
  polls: number
  /** When the last poll ended, epoch millis. */
  lastPoll: number | undefined
  readonly followed: Map<string, Job.Job>
  finished: number
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const makeView = (config: Pick<Config, "intervalMillis" | "since" | "status">): View => ({
  intervalMillis: config.intervalMillis,
  since: config.since,
  status: config.status,
  polls: 0,
  lastPoll: undefined,
  followed: new Map(),
  finished: 0
})

/**
 * Updates the view with a poll's events.
 *
 * @since 0.1.0
 * @category models
 */
export const applyEvents = (view: View, events: ReadonlyArray<Event>): void => {
  for (const event of events) {
    switch (event._tag) {
      case "Added":
      case "Changed":
        if (JobWatch.isFinal(event.job.status)) view.followed.delete(event.job.job_id)
        else view.followed.set(event.job.job_id, event.job)
        break
      case "Finished":
        view.followed.delete(event.job.job_id)
        view.finished++
        break
      case "TrackingStopped":
        for (const job of event.jobs) view.followed.delete(job.job_id)
    }
  }
}

/**
 * What the watch follows, in one line: `following 3 unfinished jobs · 2 finished · last poll
 * 12:00:03 UTC`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const followingLine = (view: View): string =>
  view.polls === 0
    ? "first poll…"
    : `following ${view.followed.size} unfinished job${
      view.followed.size === 1 ? "" : "s"
    } · ${view.finished} finished · last poll ${
      new Date(view.lastPoll ?? 0).toISOString().slice(11, 19)
    } UTC (${view.polls})`

const fit = (text: string, width: number) => Output.truncate(text, Math.max(1, width - 1))

/**
 * The block of the view on a terminal, as lines no wider than `width - 1` (so none wraps) and no
 * more than `height - 1` of them: what the watch does and what it follows (wrapped at words), then one row per followed
 * job (id, status, created, name and model) in the order met, the newest last; rows beyond the
 * height are summed up in a last line.
 *
 * @since 0.1.0
 * @category formatting
 */
export const renderView = (view: View, width: number, height: number): Array<string> => {
  const lines = [...Output.wrap(intro(view), width - 1), ...Output.wrap(followingLine(view), width - 1)]
  const jobs = Array.from(view.followed.values()).filter((job) => view.status === undefined || view.status.matches(job))
  if (jobs.length === 0) return lines
  const idWidth = jobWidth(width)
  const row = (id: string, state: string, created: string, detail: string) =>
    fit(
      (pad(id, idWidth + gap) + pad(state, statusWidth + gap) + pad(created, 11 + gap) + detail).trimEnd(),
      width
    )
  lines.push(row("JOB", "STATUS", "CREATED", "NAME · MODEL"))
  const room = Math.max(1, height - 1 - lines.length)
  const shown = jobs.length <= room ? jobs : jobs.slice(jobs.length - (room - 1))
  if (shown.length < jobs.length) lines.push(fit(`… ${jobs.length - shown.length} older not shown`, width))
  for (const job of shown) {
    lines.push(row(
      Output.shorten(Output.visible(job.job_id), idWidth),
      Output.truncate(Output.visible(status(job)), statusWidth),
      job.datetime_created === null ? "-" : DateTime.formatIso(job.datetime_created).slice(5, 16).replace("T", " "),
      Output.visible([job.name, job.model].filter((x) => x).join(" · ")).replace(/\s+/g, " ")
    ))
  }
  return lines
}

/**
 * The text that replaces the block drawn before (`previous` lines, the cursor below them) with
 * `logged` lines that stay (events) and then the new block: cursor up, then each line cleared and
 * written, then whatever is left below erased.
 *
 * @since 0.1.0
 * @category formatting
 */
export const frame = (previous: number, logged: ReadonlyArray<string>, block: ReadonlyArray<string>): string => {
  let text = previous > 0 ? `\x1b[${previous}A\r` : "\r"
  for (const line of [...logged, ...block]) text += `\x1b[2K${line.endsWith("\n") ? line : line + "\n"}`
  return text + "\x1b[J"
}

/**
 * Watches and writes what it sees; returns how many events it wrote (when stopped by
 * `stopAfterMillis`). Events are written at the end of each poll, in the order they happened.
 * `note` receives what the watch does (before the first poll) and what it follows (after it),
 * except in the live view, which shows both.
 *
 * @since 0.1.0
 * @category commands
 */
export const run = (
  config: Config,
  write: (text: string) => Effect.Effect<void>,
  note: (text: string) => Effect.Effect<void> = () => Effect.void
): Effect.Effect<number, SutroError.SutroError, SutroClient.SutroClient> =>
  Effect.suspend(() => {
    const width = config.width ?? 80
    const live = config.format === "table" && config.live !== undefined
    const view = makeView(config)
    let pending: Array<JobWatch.JobEvent> = []
    let drawn = 0
    let count = 0
    const shown = (event: Event) =>
      event._tag === "TrackingStopped" || config.status === undefined || config.status.matches(event.job)
    const flush = (endOfPoll: boolean) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const first = view.polls === 0
        const events = orderPoll(pending)
        pending = []
        applyEvents(view, events)
        if (endOfPoll) {
          view.polls++
          view.lastPoll = now
        }
        const out = events.filter(shown)
        if (live) {
          const logged = out.filter((e) => e._tag === "Finished" || e._tag === "TrackingStopped")
          count += logged.length
          const block = renderView(view, width, config.live!.height)
          const text = frame(drawn, logged.map((e) => eventRow(e, now, width)), block)
          drawn = block.length
          return write(text)
        }
        count += out.length
        const text = out.map((e) =>
          config.format === "table" ? eventRow(e, now, width) : JSON.stringify(eventJson(e, now)) + "\n"
        ).join("")
        return Effect.zipRight(write(text), first && endOfPoll ? note(followingLine(view) + "\n") : Effect.void)
      })
    const events = JobWatch.watch({
      // The end of each poll, before the wait for the next: its events are written then, in order.
      interval: Schedule.spaced(Duration.millis(config.intervalMillis)).pipe(Schedule.tapInput(() => flush(true))),
      ...(config.since === undefined ? {} : { createdAfter: new Date(config.since) }),
      // Always the jobs already there: the unfinished ones are what the watch follows, counted and shown.
      initial: true,
      ...(config.pageSize === undefined ? {} : { pageSize: config.pageSize }),
      ...(config.maxPagesPerPoll === undefined ? {} : { maxPagesPerPoll: config.maxPagesPerPoll })
    })
    const limited = config.stopAfterMillis === undefined
      ? events
      : Stream.interruptAfter(events, Duration.millis(config.stopAfterMillis))
    const start = live
      ? Effect.sync(() => {
        const block = renderView(view, width, config.live!.height)
        drawn = block.length
        return frame(0, [], block)
      }).pipe(Effect.flatMap(write))
      : Effect.zipRight(note(intro(config) + "\n"), write(config.format === "table" ? eventHeader(width) : ""))
    return start.pipe(
      Effect.zipRight(
        limited.pipe(
          Stream.runForEach((event) =>
            Effect.sync(() => {
              // The first poll's jobs are not news unless --initial: the unfinished ones are followed.
              if (view.polls === 0 && config.initial !== true && event._tag === "Added") {
                if (!JobWatch.isFinal(event.job.status)) view.followed.set(event.job.job_id, event.job)
                return
              }
              pending.push(event)
            })
          )
        )
      ),
      // A poll cut short (Ctrl-C, stopAfterMillis, an error): what it saw is written too.
      Effect.ensuring(Effect.suspend(() => pending.length === 0 ? Effect.void : flush(false))),
      Effect.map(() => count)
    )
  })
