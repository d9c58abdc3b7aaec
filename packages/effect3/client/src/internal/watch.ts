// The watch: polls that walk the list newest first only as deep as they must (protocol's Watch:
// until every followed job and a page of jobs already known were seen), and a diff of the jobs
// still moving. State lives with the stream value (see `makeState`), so running the stream
// again after a failed poll (Stream.retry) resumes instead of starting over.
import type { Job } from "@sutro-effect/core"
import * as JobStatus from "@sutro-effect/core/JobStatus"
import * as SutroError from "@sutro-effect/core/SutroError"
import * as ProtocolStatus from "@sutro-effect/protocol/JobStatus"
import * as Options from "@sutro-effect/protocol/Options"
import * as Watch from "@sutro-effect/protocol/Watch"
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as JobWatch from "../JobWatch.js"
import * as SutroClient from "../SutroClient.js"
import * as compat from "./compat.js"
import * as params from "./params.js"

// An unrecognized status is never final, whatever its text.
export const isFinal = (status: JobStatus.JobStatus): boolean =>
  JobStatus.isKnown(status) && ProtocolStatus.isFinal(status)

const accessors: Watch.Accessors<Job.Job> = {
  id: (job) => job.job_id,
  // A job without a creation time is listed after every dated job.
  createdMillis: (job) => job.datetime_created === null ? -Infinity : DateTime.toEpochMillis(job.datetime_created),
  statusText: (job) => JobStatus.toString(job.status),
  dateMillis: (value) => DateTime.isDateTime(value) ? compat.epochMillis(value) : undefined
}

const makeEvent: Watch.Events<Job.Job, JobWatch.JobEvent> = {
  added: (job) => JobWatch.JobEvent.Added({ job }),
  changed: (previous, job, fields) => JobWatch.JobEvent.Changed({ previous, job, fields }),
  finished: (job) => JobWatch.JobEvent.Finished({ job }),
  trackingStopped: (reason, jobs, createdBefore) =>
    JobWatch.JobEvent.TrackingStopped({
      reason,
      jobs,
      createdBefore: createdBefore === null ? null : compat.dateTimeMakeUnsafe(createdBefore)
    })
}

/** Everything a watch remembers between polls. */
export type State = Watch.State<Job.Job>

export const makeState: () => State = Watch.makeState

/** The end of a poll, as the internal stream reports it (the public stream drops it). */
export interface PollDone {
  readonly _tag: "PollDone"
  /** Completed polls so far, this one included. */
  readonly poll: number
  /** Pages this poll fetched. */
  readonly pages: number
  /** Whether `maxPagesPerPoll` ended the walk before it reached what it had to see. */
  readonly truncated: boolean
}

export type Item = JobWatch.JobEvent | PollDone

export interface Resolved extends Watch.Config<Job.Job> {
  readonly pageSize: number
  readonly maxPagesPerPoll: number | undefined
  readonly since: Duration.Duration | undefined
  readonly createdAfter: number | undefined
  readonly schedule: Schedule.Schedule<unknown, unknown>
  readonly call: SutroClient.CallOptions
}

const invalid = (detail: string) => new SutroError.ConfigurationError({ reason: "InvalidOption", detail })

// Options come from plain JavaScript too: anything that is not a duration is refused, not thrown on.
const decodeDuration = compat.durationFromInput

const statusProblem = (status: unknown): string | undefined => {
  if (status === undefined) return undefined
  if (!Array.isArray(status)) return `status must be a list of statuses, got ${Options.typeOf(status)}`
  const bad = status.findIndex((one) => typeof one !== "string" && !JobStatus.isUnrecognized(one))
  return bad === -1 ? undefined : `status must be a list of statuses: the one at index ${bad} is not`
}

export const resolve = (
  options: JobWatch.WatchOptions,
  only?: ReadonlySet<string>
): Effect.Effect<Resolved, SutroError.ConfigurationError> =>
  Effect.suspend(() => {
    // Options come from plain JavaScript too: a value of the wrong type is refused, not thrown on.
    const shapeProblem = Options.objectProblem("the watch options", options) ??
      Options.booleanProblem("initial", options.initial) ?? statusProblem(options.status)
    if (shapeProblem !== undefined) return Effect.fail(invalid(shapeProblem))
    const pageSize = options.pageSize ?? Watch.defaultPageSize
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      return Effect.fail(invalid(`pageSize must be a whole number from 1 to 100, got ${pageSize}`))
    }
    const maxPages = options.maxPagesPerPoll
    if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages >= 1)) {
      return Effect.fail(invalid(`maxPagesPerPoll must be a whole number >= 1, got ${maxPages}`))
    }
    let since: Duration.Duration | undefined
    if (options.since !== undefined) {
      const decoded = decodeDuration(options.since)
      if (Option.isNone(decoded) || !Duration.isFinite(decoded.value) || Duration.toMillis(decoded.value) <= 0) {
        return Effect.fail(invalid(`since must be a positive duration such as "1 day", got ${String(options.since)}`))
      }
      since = decoded.value
    }
    let createdAfter: number | undefined
    if (options.createdAfter !== undefined) {
      // The parser of jobs(): "1" (2001 for `new Date`) and "2024/01/15" (local time) are refused alike.
      createdAfter = params.createdAfterMillis(options.createdAfter)
      if (createdAfter === undefined) return Effect.fail(invalid(`createdAfter: ${params.createdAfterExpected}`))
    }
    let schedule: Schedule.Schedule<unknown, unknown>
    const interval = options.interval ?? Duration.millis(Watch.defaultIntervalMillis)
    if (Schedule.isSchedule(interval)) schedule = interval
    else {
      const decoded = decodeDuration(interval)
      if (Option.isNone(decoded) || !Duration.isFinite(decoded.value)) {
        return Effect.fail(invalid(`interval must be a finite duration or a Schedule, got ${String(interval)}`))
      }
      schedule = Schedule.spaced(decoded.value)
    }
    const call: SutroClient.CallOptions = {
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout })
    }
    return Effect.succeed({
      pageSize,
      maxPagesPerPoll: maxPages,
      initial: options.initial ?? false,
      since,
      createdAfter,
      schedule,
      call,
      only,
      accessors
    })
  })

const commit = (state: State, config: Resolved, poll: Watch.Poll): Array<Item> => {
  const done = Watch.commit(state, config, poll, makeEvent)
  const out: Array<Item> = done.events
  out.push({ _tag: "PollDone", poll: done.poll, pages: done.pages, truncated: done.truncated })
  return out
}

/** One poll: the events of its pages as they arrive, then what its end tells. */
const pollOnce = (
  client: SutroClient.Service,
  state: State,
  config: Resolved
): Stream.Stream<Item, SutroError.SutroError> =>
  Stream.suspend(() => {
    const poll = Watch.beginPoll(state, config)
    const events: Stream.Stream<Item, SutroError.SutroError> = client.pages({
      ...config.call,
      pageSize: config.pageSize,
      prefetch: 0,
      ...(config.maxPagesPerPoll === undefined ? {} : { maxPages: config.maxPagesPerPoll })
    }).pipe(
      // A chunk may hold more than one page: none is processed once the walk has reached its end.
      Stream.map((page) => poll.reached ? [] : Watch.processPage(state, config, poll, page, makeEvent)),
      Stream.takeUntil(() => poll.reached),
      compat.flattenIterable
    )
    return Stream.concat(events, Stream.suspend(() => Stream.fromIterable(commit(state, config, poll))))
  })

/** Every poll, with `PollDone` markers; `state` carries over between runs of the returned stream. */
export const items = (
  state: State,
  options: JobWatch.WatchOptions,
  only?: ReadonlySet<string>
): Stream.Stream<Item, SutroError.SutroError, SutroClient.SutroClient> =>
  Stream.unwrap(Effect.gen(function*() {
    const config = yield* resolve(options, only)
    const client = yield* SutroClient.SutroClient
    if (!state.started) {
      const now = yield* Clock.currentTimeMillis
      Watch.startWindow(
        state,
        config.since === undefined ? undefined : now - Duration.toMillis(config.since),
        config.createdAfter
      )
    }
    return pollOnce(client, state, config).pipe(Stream.repeat(config.schedule))
  }))

const statusKey = (status: JobStatus.JobStatus | string): string =>
  ProtocolStatus.key(typeof status === "string" ? status : JobStatus.toString(status))

export const watch = (
  options: JobWatch.WatchOptions = {}
): Stream.Stream<JobWatch.JobEvent, SutroError.SutroError, SutroClient.SutroClient> => {
  const state = makeState()
  // A status list of the wrong type (from plain JavaScript) is refused by `resolve`, typed.
  const status = typeof options === "object" && options !== null ? options.status : undefined
  const wanted = status === undefined || statusProblem(status) !== undefined || status.length === 0
    ? undefined
    : new Set(status.map(statusKey))
  return items(state, options).pipe(
    Stream.filter((item): item is JobWatch.JobEvent =>
      item._tag !== "PollDone" &&
      (wanted === undefined || item._tag === "TrackingStopped" || wanted.has(statusKey(item.job.status)))
    ),
    // A chunk only when there are events: Effect 3's Stream.retry starts its schedule again after
    // every chunk, so the empty chunk of each page without events would retry a failing poll forever.
    compat.dropEmptyChunks
  )
}

export const waitFor = (
  jobIds: Iterable<string>,
  options: JobWatch.WaitOptions = {}
): Effect.Effect<
  ReadonlyArray<Job.Job>,
  SutroError.SutroError | JobWatch.UnknownJobError | JobWatch.WaitTimeoutError,
  SutroClient.SutroClient
> =>
  Effect.suspend(() => {
    // A string is iterable (waitFor("job_1") would wait for "j", "o", ...), and an id with a newline
    // could never be listed: both refused, typed, before any request.
    const checked = Options.jobIds(jobIds)
    if ("problem" in checked) return Effect.fail(invalid(`waitFor: ${checked.problem}`))
    const ids = checked.ids
    const shapeProblem = Options.objectProblem("the waitFor options", options) ??
      Options.functionProblem("onEvent", options.onEvent)
    if (shapeProblem !== undefined) return Effect.fail(invalid(shapeProblem))
    let timeoutMillis: number | undefined
    if (options.timeout !== undefined) {
      const decoded = decodeDuration(options.timeout)
      if (Option.isNone(decoded) || Duration.toMillis(decoded.value) <= 0) {
        return Effect.fail(invalid(`timeout must be a positive duration, got ${String(options.timeout)}`))
      }
      timeoutMillis = Duration.toMillis(decoded.value)
    }
    const { onEvent, requestTimeout, timeout: _, ...rest } = options
    const watchOptions: JobWatch.WatchOptions = {
      ...rest,
      ...(requestTimeout === undefined ? {} : { timeout: requestTimeout })
    }
    const latest = new Map<string, Job.Job>()
    const done = () => latest.size === ids.length && ids.every((id) => isFinal(latest.get(id)!.status))
    // Whether the last item was the Changed of a job that finished: its Finished comes next.
    let finishing = false
    const run = items(makeState(), watchOptions, new Set(ids)).pipe(
      Stream.tap((item) => item._tag === "PollDone" || onEvent === undefined ? Effect.void : onEvent(item)),
      Stream.mapEffect((item): Effect.Effect<void, JobWatch.UnknownJobError> => {
        finishing = item._tag === "Changed" && isFinal(item.job.status)
        switch (item._tag) {
          case "Added":
          case "Changed":
          case "Finished":
            latest.set(item.job.job_id, item.job)
            return Effect.void
          case "TrackingStopped": {
            const lost = item.jobs.map((job) => job.job_id)
            return lost.length === 0 ? Effect.void : Effect.fail(
              new JobWatch.UnknownJobError({
                jobIds: lost,
                reason: item.reason === "Missing" ? "NoLongerListed" : "BeyondMaxPages"
              })
            )
          }
          case "PollDone": {
            if (item.poll !== 1) return Effect.void
            const unknown = ids.filter((id) => !latest.has(id))
            return unknown.length === 0 ? Effect.void : Effect.fail(
              new JobWatch.UnknownJobError({ jobIds: unknown, reason: item.truncated ? "BeyondMaxPages" : "NotFound" })
            )
          }
        }
      }),
      // A job that finishes comes as Changed, then Finished: stop after the Finished, so that
      // onEvent receives it too.
      Stream.takeUntil(() => !finishing && done()),
      Stream.runDrain,
      Effect.flatMap(() =>
        done()
          ? Effect.succeed(ids.map((id) => latest.get(id)!))
          : Effect.die(new Error("waitFor: the watch ended before every job finished (its schedule ended)"))
      )
    )
    return timeoutMillis === undefined ? run : compat.timeoutOrElse(run, {
      duration: timeoutMillis,
      orElse: () =>
        Effect.fail(
          new JobWatch.WaitTimeoutError({
            timeoutMillis: timeoutMillis!,
            pending: ids.filter((id) => {
              const job = latest.get(id)
              return job === undefined || !isFinal(job.status)
            })
          })
        )
    })
  })
// @generated by scripts/one-source.mjs from packages/effect4/client/src/internal/watch.ts: edit that file, then run `pnpm one-source`
