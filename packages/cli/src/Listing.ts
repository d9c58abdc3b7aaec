/**
 * What `sutro-jobs list` and `stats` do once they have a client: walk the pages newest first,
 * filter, and write rows (or aggregate) as each page arrives.
 *
 * @since 0.1.0
 */
import * as SutroClient from "@sutro-effect/client/SutroClient"
import type { Job, SutroError } from "@sutro-effect/core"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Stream from "effect/Stream"
import type * as Filters from "./Filters.js"
import * as Output from "./Output.js"
import * as Progress from "./Progress.js"
import * as Stats from "./Stats.js"

/**
 * The filters shared by `list` and `stats`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Selection {
  readonly pageSize: number
  readonly max?: number | undefined
  readonly status?: Filters.StatusFilter | undefined
  /**
   * Epoch milliseconds, passed to the client as `createdAfter`: jobs created strictly after it are
   * kept, and the walk stops at the first job created at or before it. A job without a creation
   * date cannot be shown to be inside the window: it is left out, as `watch --since` leaves it out
   * (the client keeps it; it never stops the walk).
   */
  readonly since?: number | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ListOptions extends Selection {
  readonly format: Output.Format
  readonly columns?: ReadonlyArray<string> | undefined
  readonly width: number
}

/**
 * The selected jobs, one array per page (possibly empty after filtering), at most `max` in all.
 * The walk is pull-based: once `max` jobs are taken or a page reaches `since`, no more pages are
 * requested. Without a status filter, `max` jobs take pages of at most `max` jobs and no page
 * beyond them (`--max 10`: one request for 10 jobs).
 *
 * @since 0.1.0
 * @category streams
 */
export const select = (
  selection: Selection,
  progress: Progress.Progress = Progress.silent
): Stream.Stream<ReadonlyArray<Job.Job>, SutroError.SutroError, SutroClient.SutroClient> =>
  Stream.unwrap(Effect.map(SutroClient.SutroClient, (client) => {
    const { max, since, status } = selection
    // Without a status filter every job of a page is kept (a page that reaches `since` ends the walk), so
    // the walk wants `max` jobs (`maxJobs`): it asks for no job beyond them, not even ahead. With `since`,
    // a job without a creation date is left out, so pages of at most `max` jobs, none fetched ahead, until
    // `max` are kept. With a status filter it cannot know how many it needs.
    const bounded = max !== undefined && status === undefined
    let remaining = max ?? Infinity
    return client.pages({
      pageSize: bounded ? Math.min(selection.pageSize, max) : selection.pageSize,
      ...(bounded ? since === undefined ? { maxJobs: max } : { prefetch: 0 } : {}),
      ...(since === undefined ? {} : { createdAfter: new Date(since) })
    }).pipe(
      Stream.tap((page) => progress.page(page.jobs.length)),
      Stream.map((page) => {
        let jobs: ReadonlyArray<Job.Job> = page.jobs
        if (since !== undefined) jobs = jobs.filter((job) => job.datetime_created !== null)
        if (status !== undefined) jobs = jobs.filter(status.matches)
        if (jobs.length > remaining) jobs = jobs.slice(0, remaining)
        remaining -= jobs.length
        return jobs
      }),
      Stream.tap((jobs) => progress.shown(jobs.length)),
      Stream.takeUntil(() => remaining <= 0)
    )
  }))

/**
 * Lists the selected jobs to `write` in a format, returning how many were written. A JSON array
 * is closed even when the listing fails or is interrupted, so what was written stays parseable.
 *
 * @since 0.1.0
 * @category commands
 */
export const list = (
  options: ListOptions,
  write: (text: string) => Effect.Effect<void>,
  progress: Progress.Progress = Progress.silent
): Effect.Effect<number, SutroError.SutroError, SutroClient.SutroClient> =>
  Effect.suspend(() => {
    const writer = Output.writer(options.format, { width: options.width, columns: options.columns })
    // Rows go to stdout, the status line to stderr: on one terminal, the line is cleared first.
    const out = (text: string) => text === "" ? Effect.void : progress.above(write(text))
    let count = 0
    return out(writer.start()).pipe(
      Effect.zipRight(
        select(options, progress).pipe(
          Stream.runForEach((jobs) => {
            count += jobs.length
            return out(writer.page(jobs.map(Output.encodeJob)))
          })
        )
      ),
      Effect.ensuring(progress.done),
      Effect.onExit((exit) => Exit.isSuccess(exit) || options.format === "json" ? out(writer.end(count)) : Effect.void),
      Effect.map(() => count)
    )
  })

/**
 * Aggregates the selected jobs.
 *
 * @since 0.1.0
 * @category commands
 */
export const stats = (
  selection: Selection,
  progress: Progress.Progress = Progress.silent
): Effect.Effect<Stats.Summary, SutroError.SutroError, SutroClient.SutroClient> =>
  Effect.suspend(() => {
    const acc = Stats.empty()
    return select(selection, progress).pipe(
      Stream.runForEach((jobs) => Effect.sync(() => jobs.forEach((job) => Stats.add(acc, job)))),
      Effect.ensuring(progress.done),
      Effect.map(() => Stats.summarize(acc))
    )
  })
