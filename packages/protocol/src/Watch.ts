/**
 * The watch's state machine: one poll's diff against the last, free of Effect.
 *
 * A poll walks the list newest first and trusts nothing but the list's order: no creation time
 * decides what is new or how deep to walk. The watch remembers the ids of the jobs it has seen (the
 * unfinished ones with their last state, the final ones by id only), so whatever a walk reaches
 * that the watch has not seen is reported, once, wherever it is listed and whatever its creation
 * time. A poll walks until it has seen every job it follows and a whole page of jobs it already
 * knew (from earlier polls): the overlap that finds a job listed below ones already seen.
 * The state lives with the caller's stream, so a poll that failed halfway and runs again resumes:
 * what its failed attempts processed is remembered and not reported twice.
 *
 * Generic over the job type `J` and the event type `E`: a line passes {@link Accessors} to read a
 * job and {@link Events} to build its events.
 *
 * @since 0.1.0
 */
import * as JobStatus from "./JobStatus.js"

/**
 * A position in the list (newest first): a creation time in epoch milliseconds and the ids seen at
 * exactly that time.
 *
 * @since 0.1.0
 * @category models
 */
export interface Mark {
  readonly t: number
  readonly ids: Set<string>
}

/**
 * A range of positions a poll has processed, from `top` (newest) down to `bottom`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Range {
  top: Mark
  bottom: Mark
}

/**
 * Whether the job `id` created at `t` lies within `range`.
 *
 * @since 0.1.0
 * @category ranges
 */
export const covers = (range: Range | undefined, t: number, id: string): boolean =>
  range !== undefined &&
  ((t < range.top.t && t > range.bottom.t) ||
    (t === range.top.t && range.top.ids.has(id)) ||
    (t === range.bottom.t && range.bottom.ids.has(id)))

/**
 * `range` grown to hold the job `id` created at `t` (updated in place; a new range when undefined).
 *
 * @since 0.1.0
 * @category ranges
 */
export const extend = (range: Range | undefined, t: number, id: string): Range => {
  if (range === undefined) return { top: { t, ids: new Set([id]) }, bottom: { t, ids: new Set([id]) } }
  if (t > range.top.t) range.top = { t, ids: new Set([id]) }
  else if (t === range.top.t) range.top.ids.add(id)
  if (t < range.bottom.t) range.bottom = { t, ids: new Set([id]) }
  else if (t === range.bottom.t) range.bottom.ids.add(id)
  return range
}

/**
 * The smallest range holding both (a new value; neither argument changes).
 *
 * @since 0.1.0
 * @category ranges
 */
export const union = (a: Range | undefined, b: Range | undefined): Range | undefined => {
  if (a === undefined || b === undefined) return a ?? b
  const pick = (x: Mark, y: Mark, newer: boolean): Mark =>
    x.t === y.t ? { t: x.t, ids: new Set([...x.ids, ...y.ids]) } : (x.t > y.t) === newer ? x : y
  return { top: pick(a.top, b.top, true), bottom: pick(a.bottom, b.bottom, false) }
}

/**
 * How the machine reads a job of the line.
 *
 * @since 0.1.0
 * @category models
 */
export interface Accessors<J> {
  readonly id: (job: J) => string
  /** Creation time in epoch milliseconds; -Infinity for a job without one (listed after every dated job). */
  readonly createdMillis: (job: J) => number
  /** The canonical status text (see `JobStatus.isFinal`). */
  readonly statusText: (job: J) => string
  /** The instant of one of the line's date values in epoch milliseconds, or undefined for any other value. */
  readonly dateMillis: (value: unknown) => number | undefined
}

/**
 * Why a watch stopped following jobs: a poll reached `maxPagesPerPoll` before the oldest job it had to
 * see, or followed jobs were no longer listed where they were.
 *
 * @since 0.1.0
 * @category models
 */
export type StopReason = "MaxPagesPerPoll" | "Missing"

/**
 * How the machine builds the line's events.
 *
 * @since 0.1.0
 * @category models
 */
export interface Events<J, E> {
  readonly added: (job: J) => E
  readonly changed: (previous: J, job: J, fields: ReadonlyArray<string>) => E
  readonly finished: (job: J) => E
  /** `createdBeforeMillis`: for `MaxPagesPerPoll`, the creation time of the oldest job the poll reached. */
  readonly trackingStopped: (reason: StopReason, jobs: ReadonlyArray<J>, createdBeforeMillis: number | null) => E
}

/**
 * Whether two values of a job field are the same: equal, the same instant, or the same plain data.
 *
 * @since 0.1.0
 * @category diffing
 */
export const sameValue = (a: unknown, b: unknown, dateMillis: (value: unknown) => number | undefined): boolean => {
  if (a === b) return true
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false
  const ma = dateMillis(a)
  const mb = dateMillis(b)
  if (ma !== undefined && mb !== undefined) return ma === mb
  // Statuses the SDK does not know, failure reasons, sampling params and schemas: plain data.
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * The wire fields whose values differ, in the order of the job's fields (then the fields it lost).
 *
 * @since 0.1.0
 * @category diffing
 */
export const changedFields = <J extends object>(
  previous: J,
  job: J,
  dateMillis: (value: unknown) => number | undefined
): Array<string> => {
  const fields: Array<string> = []
  const before = previous as Record<string, unknown>
  const after = job as Record<string, unknown>
  for (const key of Object.keys(after)) if (!sameValue(before[key], after[key], dateMillis)) fields.push(key)
  for (const key of Object.keys(before)) if (!(key in after)) fields.push(key)
  return fields
}

/**
 * A job the watch follows: not final, seen by the last poll.
 *
 * @since 0.1.0
 * @category models
 */
export interface Tracked<J> {
  job: J
  readonly t: number
  /** The poll attempt that last saw it. */
  seen: number
  /** The poll (1 for the first) that first saw it. */
  readonly since: number
}

/**
 * Everything a watch remembers between polls. One per watch; mutated by the functions below.
 *
 * @since 0.1.0
 * @category models
 */
export interface State<J> {
  /** Epoch millis: only jobs created strictly after it; fixed on the first run. */
  windowAfter: number | undefined
  started: boolean
  readonly tracked: Map<string, Tracked<J>>
  /**
   * The ids of the jobs seen final, with the poll (1 for the first) that first saw each job. Such a
   * job is never reported again: a final status is final for the watch (see {@link processJob}).
   */
  readonly settled: Map<string, number>
  attempts: number
  polls: number
}

/**
 * A watch's state before its first poll.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeState = <J>(): State<J> => ({
  windowAfter: undefined,
  started: false,
  tracked: new Map(),
  settled: new Map(),
  attempts: 0,
  polls: 0
})

/**
 * Fixes the window on the first run of a watch (later runs keep it): jobs created strictly after the
 * later of the two bounds, in epoch milliseconds, or every job when neither is given.
 *
 * @since 0.1.0
 * @category polling
 */
export const startWindow = <J>(
  state: State<J>,
  fromSinceMillis: number | undefined,
  createdAfterMillis: number | undefined
): void => {
  if (state.started) return
  const bounds = [fromSinceMillis, createdAfterMillis].filter((x): x is number => x !== undefined)
  state.windowAfter = bounds.length === 0 ? undefined : Math.max(...bounds)
  state.started = true
}

/**
 * What the machine needs of a watch's options.
 *
 * @since 0.1.0
 * @category models
 */
export interface Config<J> {
  /** Report the jobs already there at the start as added. */
  readonly initial: boolean
  /** Follow only these jobs (waitFor): no new-job discovery, and the first poll stops once all are found. */
  readonly only: ReadonlySet<string> | undefined
  readonly accessors: Accessors<J>
}

/**
 * One page of a poll's walk.
 *
 * @since 0.1.0
 * @category models
 */
export interface Page<J> {
  readonly jobs: ReadonlyArray<J>
  readonly next_cursor: string | null
}

/**
 * One attempt of a poll, from {@link beginPoll} to {@link commit}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Poll {
  readonly attempt: number
  /** The poll this attempt belongs to (1 for the first); failed attempts of a poll share it. */
  readonly poll: number
  /** The newest and oldest creation times this attempt reached (for `TrackingStopped`). */
  range: Range | undefined
  /** Whether the walk has reached everything it had to see: the caller fetches no further page. */
  reached: boolean
  pages: number
  /** waitFor's first poll: the followed ids found so far. */
  readonly found: Set<string>
}

/**
 * Starts an attempt of a poll.
 *
 * @since 0.1.0
 * @category polling
 */
export const beginPoll = <J>(state: State<J>, _config: Config<J>): Poll => {
  state.attempts++
  return {
    attempt: state.attempts,
    poll: state.polls + 1,
    range: undefined,
    reached: false,
    pages: 0,
    found: new Set()
  }
}

/**
 * Whether the job `id` was known before the poll began: followed since an earlier poll, or seen
 * final by one. A page of such jobs (and of jobs the watch ignores) is the overlap that ends a walk.
 *
 * @since 0.1.0
 * @category polling
 */
export const knownBefore = <J>(state: State<J>, poll: Poll, id: string): boolean => {
  const settledAt = state.settled.get(id)
  if (settledAt !== undefined) return settledAt < poll.poll
  const tracked = state.tracked.get(id)
  return tracked !== undefined && tracked.since < poll.poll
}

/**
 * Diffs one job of a page (created at `t`) against what the watch knows, appending its events to `out`.
 *
 * A job the watch has seen final is never reported again, whatever it shows later (a stale read
 * from a replica, a job listed twice): `Finished` comes once per job and nothing follows it. A job
 * the watch has not seen is new wherever it is listed: `Added` (and `Finished` when already final),
 * except on the first poll, which reports only with `initial`.
 *
 * @since 0.1.0
 * @category polling
 */
export const processJob = <J extends object, E>(
  state: State<J>,
  config: Config<J>,
  poll: Poll,
  job: J,
  t: number,
  events: Events<J, E>,
  out: Array<E>
): void => {
  const accessors = config.accessors
  const id = accessors.id(job)
  if (state.settled.has(id)) return
  const final = JobStatus.isFinal(accessors.statusText(job))
  const tracked = state.tracked.get(id)
  if (tracked !== undefined) {
    tracked.seen = poll.attempt
    const fields = changedFields(tracked.job, job, accessors.dateMillis)
    if (fields.length === 0) return
    out.push(events.changed(tracked.job, job, fields))
    if (final) {
      out.push(events.finished(job))
      state.tracked.delete(id)
      state.settled.set(id, tracked.since)
    } else {
      tracked.job = job
    }
    return
  }
  const first = state.polls === 0
  if (!first || config.initial || config.only !== undefined) out.push(events.added(job))
  if (final) {
    if (!first) out.push(events.finished(job))
    state.settled.set(id, poll.poll)
  } else {
    state.tracked.set(id, { job, t, seen: poll.attempt, since: poll.poll })
  }
}

/**
 * Processes one page of the walk and returns its events. Afterwards `poll.reached` tells whether the
 * walk may stop: the list ended, or (after the first poll) every followed job was seen and this page
 * held only jobs known before the poll began or outside the window.
 *
 * @since 0.1.0
 * @category polling
 */
export const processPage = <J extends object, E>(
  state: State<J>,
  config: Config<J>,
  poll: Poll,
  page: Page<J>,
  events: Events<J, E>
): Array<E> => {
  poll.pages++
  const out: Array<E> = []
  const { createdMillis, id } = config.accessors
  const windowAfter = state.windowAfter
  const only = config.only
  const first = state.polls === 0
  // An empty page is no overlap: only a page of jobs known before can end the walk.
  let overlap = page.jobs.length > 0
  for (const job of page.jobs) {
    const t = createdMillis(job)
    // Outside the window: never reported, and known as far as the walk's end is concerned.
    if (windowAfter !== undefined && t <= windowAfter) continue
    const jobId = id(job)
    // waitFor discovers nothing: the other jobs count as known.
    if (only !== undefined && !only.has(jobId)) continue
    if (!knownBefore(state, poll, jobId)) overlap = false
    processJob(state, config, poll, job, t, events, out)
    poll.range = extend(poll.range, t, jobId)
    if (only !== undefined && first) {
      poll.found.add(jobId)
      if (poll.found.size === only.size) {
        poll.reached = true
        break
      }
    }
  }
  if (page.next_cursor === null) poll.reached = true
  else if (overlap && (!first || windowAfter !== undefined)) {
    let all = true
    for (const tracked of state.tracked.values()) {
      if (tracked.since < poll.poll && tracked.seen !== poll.attempt) {
        all = false
        break
      }
    }
    if (all) poll.reached = true
  }
  return out
}

/**
 * The end of a poll: its last events and what it did.
 *
 * @since 0.1.0
 * @category models
 */
export interface Done<E> {
  readonly events: Array<E>
  /** Completed polls so far, this one included. */
  readonly poll: number
  /** Pages this poll fetched. */
  readonly pages: number
  /** Whether the walk ended (at `maxPagesPerPoll`) before it reached what it had to see. */
  readonly truncated: boolean
}

/**
 * Completes a poll whose walk ended: reports the followed jobs it did not see.
 *
 * @since 0.1.0
 * @category polling
 */
export const commit = <J, E>(state: State<J>, _config: Config<J>, poll: Poll, events: Events<J, E>): Done<E> => {
  const out: Array<E> = []
  const truncated = !poll.reached
  const missing: Array<J> = []
  for (const [id, tracked] of state.tracked) {
    if (tracked.seen === poll.attempt) continue
    missing.push(tracked.job)
    state.tracked.delete(id)
  }
  if (truncated) {
    const bottom = poll.range?.bottom.t
    out.push(
      events.trackingStopped(
        "MaxPagesPerPoll",
        missing,
        bottom === undefined || !Number.isFinite(bottom) ? null : bottom
      )
    )
  } else if (missing.length > 0) {
    out.push(events.trackingStopped("Missing", missing, null))
  }
  state.polls++
  return { events: out, poll: state.polls, pages: poll.pages, truncated }
}

/**
 * A watch's default `pageSize`: jobs per request of a poll (100, the most a request may ask for).
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultPageSize = 100

/**
 * A watch's default `interval` between polls, in milliseconds (10 s).
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultIntervalMillis = 10_000
