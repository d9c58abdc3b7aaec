/**
 * Watching jobs change, built on list-jobs alone: {@link watch} is a `Stream` of {@link JobEvent}s
 * (a job appeared, changed, finished), and {@link waitFor} waits until given jobs have finished.
 *
 * Each poll walks the list newest first only as far as it must: past the newest job of the previous
 * poll (to find new jobs) and past the oldest job not yet final (to see it change). So a poll costs
 * one request while every unfinished job is on the first page, and more as the oldest unfinished job
 * gets older; `maxPagesPerPoll` bounds that, with a {@link JobEvent} `TrackingStopped` saying which
 * jobs are no longer watched. Memory is bounded by the jobs not yet final plus one page. See
 * `docs/watch.md` for the cost model.
 *
 * @example
 * ```ts
 * import { JobWatch } from "@sutro-effect/client"
 * import { NodeSutroClient } from "@sutro-effect/node"
 * import * as Effect from "effect/Effect"
 * import * as Stream from "effect/Stream"
 *
 * const program = JobWatch.watch({ since: "1 day", interval: "30 seconds" }).pipe(
 *   Stream.runForEach((event) => Effect.log(event._tag, event))
 * )
 *
 * export const main = program.pipe(Effect.provide(NodeSutroClient.layerConfig()))
 * ```
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
import type { Job, JobStatus, SutroError } from "@sutro-effect/core"
import * as Data from "effect/Data"
import type * as DateTime from "effect/DateTime"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as compat from "./internal/compat.js"
import * as internal from "./internal/watch.js"
import type * as SutroClient from "./SutroClient.js"

/**
 * What a watch reports.
 *
 * - `Added`: a job not seen before (a new job, or with `initial`, one already there at the start).
 * - `Changed`: a watched job's status or any other field changed; `fields` names the wire fields
 *   that differ, `previous` is the job as last seen.
 * - `Finished`: a job reached a final status (SUCCEEDED, FAILED or CANCELLED; CANCELLING is not
 *   final). Follows the `Changed` (or `Added`, for a job first seen already final) of the same poll.
 *   Reported once per job; the job is not watched after it.
 * - `TrackingStopped`: the watch stopped following some jobs and says so, never silently:
 *   `MaxPagesPerPoll` when a poll hit `maxPagesPerPoll` before reaching the oldest job it had to
 *   see (jobs created before `createdBefore` are not watched any more, `jobs` are the unfinished
 *   ones dropped, as last seen); `Missing` when watched jobs were no longer listed where they were.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export type JobEvent = Data.TaggedEnum<{
  Added: { readonly job: Job.Job }
  Changed: { readonly previous: Job.Job; readonly job: Job.Job; readonly fields: ReadonlyArray<string> }
  Finished: { readonly job: Job.Job }
  TrackingStopped: {
    readonly reason: "MaxPagesPerPoll" | "Missing"
    readonly jobs: ReadonlyArray<Job.Job>
    /** For `MaxPagesPerPoll`: the creation time of the oldest job the poll reached; older jobs are no longer watched. */
    readonly createdBefore: DateTime.Utc | null
  }
}>

/**
 * Constructors, `$is` and `$match` for {@link JobEvent}.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constructors
 */
export const JobEvent = Data.taggedEnum<JobEvent>()

/**
 * Options of {@link watch}.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export interface WatchOptions extends SutroClient.CallOptions {
  /**
   * Time between polls (default 10 seconds), or a `Schedule` that decides when the next poll runs
   * (it is stepped once after each poll; the watch ends when it ends).
   */
  readonly interval?: Duration.Input | Schedule.Schedule<unknown, unknown> | undefined
  /** Only jobs created within this span before the watch started, e.g. `"1 day"`. */
  readonly since?: Duration.Input | undefined
  /** Only jobs created strictly after this instant. With `since` too, the later of the two. */
  readonly createdAfter?: DateTime.DateTime | Date | string | undefined
  /** Report jobs already there at the start as `Added` (default false: only changes from then on). */
  readonly initial?: boolean | undefined
  /**
   * Only events whose job has one of these statuses (any case). Every job is still followed, so a
   * job that moves into a status of the set is reported when it does.
   */
  readonly status?: ReadonlyArray<JobStatus.JobStatus | string> | undefined
  /**
   * The most pages one poll may fetch (default: no limit). When a poll reaches it before the
   * oldest job it must see, the watch emits `TrackingStopped` and stops following older jobs.
   */
  readonly maxPagesPerPoll?: number | undefined
  /** Jobs per request, 1..100 (default 100). */
  readonly pageSize?: number | undefined
}

/**
 * Options of {@link waitFor}.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export interface WaitOptions extends Omit<WatchOptions, "initial" | "status"> {
  /** Fail with {@link WaitTimeoutError} when the jobs have not all finished after this long. */
  readonly timeout?: Duration.Input | undefined
  /** The per-attempt timeout of each request (the `timeout` of a watch). */
  readonly requestTimeout?: Duration.Input | undefined
  /** Called with every event about the jobs waited for (e.g. to show progress). */
  readonly onEvent?: ((event: JobEvent) => Effect.Effect<void>) | undefined
}

/**
 * {@link waitFor} could not find some jobs: not listed at all, no longer listed, or not within the
 * pages a poll may fetch (`maxPagesPerPoll`) or the window (`since`, `createdAfter`).
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category errors
 */
export class UnknownJobError extends Schema.TaggedError<UnknownJobError>("@sutro-effect/client/UnknownJobError")(
  "UnknownJobError",
  {
    jobIds: Schema.Array(Schema.String),
    reason: compat.Literals(["NotFound", "NoLongerListed", "BeyondMaxPages"])
  }
) {
  /**
   * @since 1.0.0 (Effect 3: 0.1.0)
   */
  override get message(): string {
    const ids = this.jobIds.join(", ")
    switch (this.reason) {
      case "NotFound":
        return `No job ${ids} in the listing (or in the window given by since / createdAfter). Check the id.`
      case "NoLongerListed":
        return `Job ${ids} is no longer listed where it was; it cannot be waited for.`
      case "BeyondMaxPages":
        return `Job ${ids} is older than the pages a poll may fetch; raise maxPagesPerPoll to wait for it.`
    }
  }
}

/**
 * {@link waitFor}'s `timeout` passed before every job finished. `pending` are the jobs still
 * unfinished, as last seen.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category errors
 */
export class WaitTimeoutError extends Schema.TaggedError<WaitTimeoutError>("@sutro-effect/client/WaitTimeoutError")(
  "WaitTimeoutError",
  { timeoutMillis: Schema.Number, pending: Schema.Array(Schema.String) }
) {
  /**
   * @since 1.0.0 (Effect 3: 0.1.0)
   */
  override get message(): string {
    return `Gave up after ${this.timeoutMillis / 1000} s: ${this.pending.join(", ")} not finished yet.`
  }
}

/**
 * Polls the listing and reports job changes. The stream ends only with its schedule or with the
 * first poll that fails after the client's retries (typed, so `Stream.retry` can decide). The
 * stream value keeps what it has seen: running it again (as `Stream.retry` does) resumes from there,
 * so a retried poll neither loses nor repeats events. Call `watch` again for an independent watch.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category watching
 */
export const watch: (
  options?: WatchOptions
) => Stream.Stream<JobEvent, SutroError.SutroError, SutroClient.SutroClient> = (options) => internal.watch(options)

/**
 * Waits until every job of `jobIds` has reached a final status and returns them (in the order of
 * `jobIds`). Polls only as deep as the oldest of them that is not final, and stops polling as soon
 * as it has the answer. Refuses, with a `ConfigurationError` before any request, a string instead
 * of a list of ids, no id, and a blank id or one with a control character (a newline). Fails with
 * {@link UnknownJobError} for an id the first poll does not find,
 * with {@link WaitTimeoutError} after `timeout`, or with the client's error when a poll fails.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category watching
 */
export const waitFor: (
  /** Any iterable of ids but a string (its characters are not ids): `waitFor(["job_1"])`. */
  jobIds: Iterable<string> & { readonly normalize?: never },
  options?: WaitOptions
) => Effect.Effect<
  ReadonlyArray<Job.Job>,
  SutroError.SutroError | UnknownJobError | WaitTimeoutError,
  SutroClient.SutroClient
> = (jobIds, options) => internal.waitFor(jobIds, options)

/**
 * Whether a status is final for a watch: SUCCEEDED, FAILED or CANCELLED. Unlike
 * `JobStatus.isTerminal`, CANCELLING is not final here: the job still changes once more.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category predicates
 */
export const isFinal = (status: JobStatus.JobStatus): boolean => internal.isFinal(status)
