// The watch: polls that walk the list newest first only as deep as they must, and a diff of the
// jobs still moving. State lives with the stream value (see `makeState`), so running the stream
// again after a failed poll (Stream.retry) resumes instead of starting over.
import { type Job, JobStatus, SutroError } from "@sutro-effect/core"
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as JobWatch from "../JobWatch.js"
import * as SutroClient from "../SutroClient.js"

const finalStatuses: ReadonlySet<JobStatus.JobStatus> = new Set<JobStatus.Known>(["SUCCEEDED", "FAILED", "CANCELLED"])

export const isFinal = (status: JobStatus.JobStatus): boolean => finalStatuses.has(status)

/** Creation time in epoch millis; a job without one is listed after every dated job, so -Infinity. */
const createdMillis = (job: Job.Job): number =>
  job.datetime_created === null ? -Infinity : DateTime.toEpochMillis(job.datetime_created)

/** A position in the list (newest first): a creation time and the ids seen at exactly that time. */
interface Mark {
  readonly t: number
  readonly ids: Set<string>
}

/** A range of positions a poll has processed, from `top` (newest) down to `bottom`. */
interface Range {
  top: Mark
  bottom: Mark
}

const covers = (range: Range | undefined, t: number, id: string): boolean =>
  range !== undefined &&
  ((t < range.top.t && t > range.bottom.t) ||
    (t === range.top.t && range.top.ids.has(id)) ||
    (t === range.bottom.t && range.bottom.ids.has(id)))

const extend = (range: Range | undefined, t: number, id: string): Range => {
  if (range === undefined) return { top: { t, ids: new Set([id]) }, bottom: { t, ids: new Set([id]) } }
  if (t > range.top.t) range.top = { t, ids: new Set([id]) }
  else if (t === range.top.t) range.top.ids.add(id)
  if (t < range.bottom.t) range.bottom = { t, ids: new Set([id]) }
  else if (t === range.bottom.t) range.bottom.ids.add(id)
  return range
}

const union = (a: Range | undefined, b: Range | undefined): Range | undefined => {
  if (a === undefined || b === undefined) return a ?? b
  const pick = (x: Mark, y: Mark, newer: boolean): Mark =>
    x.t === y.t ? { t: x.t, ids: new Set([...x.ids, ...y.ids]) } : (x.t > y.t) === newer ? x : y
  return { top: pick(a.top, b.top, true), bottom: pick(a.bottom, b.bottom, false) }
}

interface Tracked {
  job: Job.Job
  readonly t: number
  /** The poll attempt that last saw it. */
  seen: number
}

const sameValue = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (DateTime.isDateTime(a) && DateTime.isDateTime(b)) return a.epochMillis === b.epochMillis
  // Statuses the SDK does not know, failure reasons, sampling params and schemas: plain data.
  return typeof a === "object" && typeof b === "object" && a !== null && b !== null &&
    JSON.stringify(a) === JSON.stringify(b)
}

/** The wire fields whose values differ, in the order of the job's fields. */
const changedFields = (previous: Job.Job, job: Job.Job): Array<string> => {
  const fields: Array<string> = []
  const before = previous as unknown as Record<string, unknown>
  const after = job as unknown as Record<string, unknown>
  for (const key of Object.keys(after)) if (!sameValue(before[key], after[key])) fields.push(key)
  for (const key of Object.keys(before)) if (!(key in after)) fields.push(key)
  return fields
}

/** Everything a watch remembers between polls. */
export interface State {
  /** Epoch millis: only jobs created strictly after it; fixed on the first run. */
  windowAfter: number | undefined
  started: boolean
  readonly tracked: Map<string, Tracked>
  /** The newest position of the last completed poll; undefined before the first one completes. */
  frontier: Mark | undefined
  /** What attempts of the current poll that failed have processed already. */
  partial: Range | undefined
  attempts: number
  polls: number
}

export const makeState = (): State => ({
  windowAfter: undefined,
  started: false,
  tracked: new Map(),
  frontier: undefined,
  partial: undefined,
  attempts: 0,
  polls: 0
})

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

export interface Resolved {
  readonly pageSize: number
  readonly maxPagesPerPoll: number | undefined
  readonly initial: boolean
  readonly since: Duration.Duration | undefined
  readonly createdAfter: number | undefined
  readonly schedule: Schedule.Schedule<unknown, unknown>
  readonly call: SutroClient.CallOptions
  /** Follow only these jobs (waitFor): no new-job discovery, and the first poll stops once all are found. */
  readonly only: ReadonlySet<string> | undefined
}

const invalid = (detail: string) => new SutroError.ConfigurationError({ reason: "InvalidOption", detail })

export const resolve = (
  options: JobWatch.WatchOptions,
  only?: ReadonlySet<string>
): Effect.Effect<Resolved, SutroError.ConfigurationError> =>
  Effect.suspend(() => {
    const pageSize = options.pageSize ?? 100
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      return Effect.fail(invalid(`pageSize must be a whole number from 1 to 100, got ${pageSize}`))
    }
    const maxPages = options.maxPagesPerPoll
    if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages >= 1)) {
      return Effect.fail(invalid(`maxPagesPerPoll must be a whole number >= 1, got ${maxPages}`))
    }
    let since: Duration.Duration | undefined
    if (options.since !== undefined) {
      const decoded = Duration.decodeUnknown(options.since)
      if (Option.isNone(decoded) || !Duration.isFinite(decoded.value) || Duration.toMillis(decoded.value) <= 0) {
        return Effect.fail(invalid(`since must be a positive duration such as "1 day", got ${String(options.since)}`))
      }
      since = decoded.value
    }
    let createdAfter: number | undefined
    if (options.createdAfter !== undefined) {
      const made = DateTime.make(options.createdAfter)
      if (Option.isNone(made)) {
        return Effect.fail(invalid(`createdAfter is not a date: ${String(options.createdAfter)}`))
      }
      createdAfter = DateTime.toEpochMillis(made.value)
    }
    let schedule: Schedule.Schedule<unknown, unknown>
    const interval = options.interval ?? "10 seconds"
    if (Schedule.isSchedule(interval)) schedule = interval
    else {
      const decoded = Duration.decodeUnknown(interval)
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
      only
    })
  })

interface Poll {
  readonly attempt: number
  /** Jobs created strictly before this need not be seen: the walk stops at the first one. */
  readonly threshold: number
  /** What failed attempts of this poll processed (fixed during the attempt). */
  readonly prior: Range | undefined
  range: Range | undefined
  reached: boolean
  pages: number
  /** waitFor's first poll: the followed ids found so far. */
  readonly found: Set<string>
}

const beginPoll = (state: State, config: Resolved): Poll => {
  state.attempts++
  let threshold = state.frontier === undefined || config.only !== undefined ? Infinity : state.frontier.t
  for (const tracked of state.tracked.values()) if (tracked.t < threshold) threshold = tracked.t
  // The first poll walks the whole window; so does waitFor's until it has found every job.
  if (state.frontier === undefined) threshold = -Infinity
  return {
    attempt: state.attempts,
    threshold,
    prior: state.partial,
    range: undefined,
    reached: false,
    pages: 0,
    found: new Set()
  }
}

const track = (state: State, job: Job.Job, t: number, attempt: number): void => {
  state.tracked.set(job.job_id, { job, t, seen: attempt })
}

const processJob = (
  state: State,
  config: Resolved,
  poll: Poll,
  job: Job.Job,
  t: number,
  out: Array<JobWatch.JobEvent>
): void => {
  const id = job.job_id
  const final = isFinal(job.status)
  const tracked = state.tracked.get(id)
  if (tracked !== undefined) {
    tracked.seen = poll.attempt
    const fields = changedFields(tracked.job, job)
    if (fields.length === 0) return
    out.push(JobWatch.JobEvent.Changed({ previous: tracked.job, job, fields }))
    if (final) {
      out.push(JobWatch.JobEvent.Finished({ job }))
      state.tracked.delete(id)
    } else {
      tracked.job = job
    }
    return
  }
  // A failed attempt of this poll got here already and reported what there was to report.
  if (covers(poll.prior, t, id)) return
  if (config.only !== undefined) {
    if (state.frontier !== undefined) return
    out.push(JobWatch.JobEvent.Added({ job }))
    if (!final) track(state, job, t, poll.attempt)
    return
  }
  if (state.frontier === undefined) {
    if (config.initial) out.push(JobWatch.JobEvent.Added({ job }))
    if (!final) track(state, job, t, poll.attempt)
    return
  }
  const frontier = state.frontier
  const isNew = t > frontier.t || (t === frontier.t && !frontier.ids.has(id))
  if (isNew) {
    out.push(JobWatch.JobEvent.Added({ job }))
    if (final) out.push(JobWatch.JobEvent.Finished({ job }))
    else track(state, job, t, poll.attempt)
    return
  }
  // Older than the newest job of the last poll and not followed: seen before if final; an
  // unfinished one must have appeared behind the frontier (or moved there), so it is new to us.
  if (final) return
  out.push(JobWatch.JobEvent.Added({ job }))
  track(state, job, t, poll.attempt)
}

const processPage = (
  state: State,
  config: Resolved,
  poll: Poll,
  page: SutroClient.Page
): Array<JobWatch.JobEvent> => {
  poll.pages++
  const out: Array<JobWatch.JobEvent> = []
  const windowAfter = state.windowAfter
  for (const job of page.jobs) {
    const t = createdMillis(job)
    if ((windowAfter !== undefined && t <= windowAfter) || t < poll.threshold) {
      poll.reached = true
      break
    }
    if (config.only !== undefined && !config.only.has(job.job_id)) continue
    processJob(state, config, poll, job, t, out)
    poll.range = extend(poll.range, t, job.job_id)
    if (config.only !== undefined && state.frontier === undefined) {
      poll.found.add(job.job_id)
      if (poll.found.size === config.only.size) {
        poll.reached = true
        break
      }
    }
  }
  state.partial = union(poll.prior, poll.range)
  if (page.next_cursor === null) poll.reached = true
  return out
}

const commit = (state: State, config: Resolved, poll: Poll): Array<Item> => {
  const out: Array<Item> = []
  const truncated = !poll.reached
  const missing: Array<Job.Job> = []
  for (const [id, tracked] of state.tracked) {
    if (tracked.seen === poll.attempt) continue
    missing.push(tracked.job)
    state.tracked.delete(id)
  }
  if (truncated) {
    const bottom = union(poll.prior, poll.range)?.bottom.t
    out.push(JobWatch.JobEvent.TrackingStopped({
      reason: "MaxPagesPerPoll",
      jobs: missing,
      createdBefore: bottom === undefined || !Number.isFinite(bottom) ? null : DateTime.unsafeMake(bottom)
    }))
  } else if (missing.length > 0) {
    out.push(JobWatch.JobEvent.TrackingStopped({ reason: "Missing", jobs: missing, createdBefore: null }))
  }
  const top = union(poll.prior, poll.range)?.top
  const frontier = state.frontier
  if (top === undefined) {
    state.frontier = frontier ?? { t: state.windowAfter ?? -Infinity, ids: new Set() }
  } else if (frontier === undefined || top.t > frontier.t) {
    state.frontier = { t: top.t, ids: new Set(top.ids) }
  } else if (top.t === frontier.t) {
    for (const id of top.ids) frontier.ids.add(id)
  }
  state.partial = undefined
  state.polls++
  out.push({ _tag: "PollDone", poll: state.polls, pages: poll.pages, truncated })
  return out
}

/** One poll: the events of its pages as they arrive, then what its end tells. */
const pollOnce = (
  client: SutroClient.Service,
  state: State,
  config: Resolved
): Stream.Stream<Item, SutroError.SutroError> =>
  Stream.suspend(() => {
    const poll = beginPoll(state, config)
    const events: Stream.Stream<Item, SutroError.SutroError> = client.pages({
      ...config.call,
      pageSize: config.pageSize,
      prefetch: 0,
      ...(config.maxPagesPerPoll === undefined ? {} : { maxPages: config.maxPagesPerPoll })
    }).pipe(
      Stream.map((page) => processPage(state, config, poll, page)),
      Stream.takeUntil(() => poll.reached),
      Stream.flattenIterables
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
      const fromSince = config.since === undefined ? undefined : now - Duration.toMillis(config.since)
      const bounds = [fromSince, config.createdAfter].filter((x): x is number => x !== undefined)
      state.windowAfter = bounds.length === 0 ? undefined : Math.max(...bounds)
      state.started = true
    }
    return pollOnce(client, state, config).pipe(Stream.repeat(config.schedule))
  }))

const statusKey = (status: JobStatus.JobStatus | string): string =>
  typeof status === "string"
    ? JobStatus.normalize(status) ?? status.trim().toUpperCase()
    : JobStatus.toString(status).trim().toUpperCase()

export const watch = (
  options: JobWatch.WatchOptions = {}
): Stream.Stream<JobWatch.JobEvent, SutroError.SutroError, SutroClient.SutroClient> => {
  const state = makeState()
  const wanted = options.status === undefined || options.status.length === 0
    ? undefined
    : new Set(options.status.map(statusKey))
  return items(state, options).pipe(
    Stream.filter((item): item is JobWatch.JobEvent =>
      item._tag !== "PollDone" &&
      (wanted === undefined || item._tag === "TrackingStopped" || wanted.has(statusKey(item.job.status)))
    )
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
    const ids = Array.from(new Set(jobIds))
    if (ids.length === 0 || ids.some((id) => typeof id !== "string" || id.trim() === "")) {
      return Effect.fail(invalid("waitFor needs at least one job id, and no empty ones"))
    }
    let timeoutMillis: number | undefined
    if (options.timeout !== undefined) {
      const decoded = Duration.decodeUnknown(options.timeout)
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
    const run = items(makeState(), watchOptions, new Set(ids)).pipe(
      Stream.tap((item) => item._tag === "PollDone" || onEvent === undefined ? Effect.void : onEvent(item)),
      Stream.mapEffect((item): Effect.Effect<void, JobWatch.UnknownJobError> => {
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
      Stream.takeUntil(done),
      Stream.runDrain,
      Effect.flatMap(() =>
        done()
          ? Effect.succeed(ids.map((id) => latest.get(id)!))
          : Effect.dieMessage("waitFor: the watch ended before every job finished (its schedule ended)")
      )
    )
    return timeoutMillis === undefined ? run : run.pipe(
      Effect.timeoutFail({
        duration: timeoutMillis,
        onTimeout: () =>
          new JobWatch.WaitTimeoutError({
            timeoutMillis: timeoutMillis!,
            pending: ids.filter((id) => {
              const job = latest.get(id)
              return job === undefined || !isFinal(job.status)
            })
          })
      })
    )
  })
