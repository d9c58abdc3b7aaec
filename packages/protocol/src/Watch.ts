/**
 * The watch's state machine: one poll's diff against the last, free of Effect.
 *
 * A poll walks the list newest first only as deep as it must: past the newest job of the previous
 * poll (to find new jobs) and past the oldest job it follows, one not yet final (to see it change).
 * The state lives with the caller's stream, so a poll that failed halfway and runs again resumes:
 * what its failed attempts processed is remembered as a {@link Range} and not reported twice.
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
  /** The newest position of the last completed poll; undefined before the first one completes. */
  frontier: Mark | undefined
  /** What attempts of the current poll that failed have processed already. */
  partial: Range | undefined
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
  frontier: undefined,
  partial: undefined,
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
  /** Jobs created strictly before this need not be seen: the walk stops at the first one. */
  readonly threshold: number
  /** What failed attempts of this poll processed (fixed during the attempt). */
  readonly prior: Range | undefined
  range: Range | undefined
  /** Whether the walk has reached everything it had to see: the caller fetches no further page. */
  reached: boolean
  pages: number
  /** waitFor's first poll: the followed ids found so far. */
  readonly found: Set<string>
}

/**
 * Starts an attempt of a poll: how deep it must walk.
 *
 * @since 0.1.0
 * @category polling
 */
export const beginPoll = <J>(state: State<J>, config: Config<J>): Poll => {
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

const track = <J>(state: State<J>, id: string, job: J, t: number, attempt: number): void => {
  state.tracked.set(id, { job, t, seen: attempt })
}

/**
 * Diffs one job of a page (created at `t`) against what the watch knows, appending its events to `out`.
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
    } else {
      tracked.job = job
    }
    return
  }
  // A failed attempt of this poll got here already and reported what there was to report.
  if (covers(poll.prior, t, id)) return
  if (config.only !== undefined) {
    if (state.frontier !== undefined) return
    out.push(events.added(job))
    if (!final) track(state, id, job, t, poll.attempt)
    return
  }
  if (state.frontier === undefined) {
    if (config.initial) out.push(events.added(job))
    if (!final) track(state, id, job, t, poll.attempt)
    return
  }
  const frontier = state.frontier
  const isNew = t > frontier.t || (t === frontier.t && !frontier.ids.has(id))
  if (isNew) {
    out.push(events.added(job))
    if (final) out.push(events.finished(job))
    else track(state, id, job, t, poll.attempt)
    return
  }
  // Older than the newest job of the last poll and not followed: seen before if final; an
  // unfinished one must have appeared behind the frontier (or moved there), so it is new to us.
  if (final) return
  out.push(events.added(job))
  track(state, id, job, t, poll.attempt)
}

/**
 * Processes one page of the walk and returns its events. Afterwards `poll.reached` tells whether the
 * walk may stop (it has seen all it must, or the list ended).
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
  for (const job of page.jobs) {
    const t = createdMillis(job)
    if ((windowAfter !== undefined && t <= windowAfter) || t < poll.threshold) {
      poll.reached = true
      break
    }
    const jobId = id(job)
    if (config.only !== undefined && !config.only.has(jobId)) continue
    processJob(state, config, poll, job, t, events, out)
    poll.range = extend(poll.range, t, jobId)
    if (config.only !== undefined && state.frontier === undefined) {
      poll.found.add(jobId)
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
 * Completes a poll whose walk ended: reports the followed jobs it did not see, and moves the frontier.
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
  const range = union(poll.prior, poll.range)
  if (truncated) {
    const bottom = range?.bottom.t
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
  const top = range?.top
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
  return { events: out, poll: state.polls, pages: poll.pages, truncated }
}
