/**
 * The page walk as a function of a `fetchPage` effect: the guards against a server whose cursors
 * lead back, that lists a job twice or leads on through empty pages without end (protocol's
 * `Walk.RewindGuard`), `createdAfter` (`Walk.olderCut`), `maxPages`, `maxJobs` (`Walk.pageLimit`),
 * `startCursor`, and the exact bounded prefetch queue. No HTTP here: the walk is tested with a
 * fake `fetchPage`.
 */
import type { Cursor, Job, JobsPage } from "@sutro-effect/core"
import * as SutroError from "@sutro-effect/core/SutroError"
import * as ProtocolWalk from "@sutro-effect/protocol/Walk"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as Stream from "effect/Stream"
import * as compat from "./compat.js"
import * as engine from "./engine.js"

/** @internal */
export const jobsTotal = Metric.counter("sutro_client_jobs_total", {
  description: "jobs received by page walks"
})

/** A page as a walk emits it (`SutroClient.Page`). */
export interface Page extends JobsPage.JobsPage {
  readonly cursor: Cursor.Cursor | null
  readonly index: number
}

/** A walk's settings, already validated. */
export interface Walk {
  readonly startCursor: Cursor.Cursor | null
  /** Epoch millis; jobs created at or before it end the walk. */
  readonly createdAfter: number | undefined
  readonly prefetch: number
  readonly maxPages: number
  /** Jobs per request. */
  readonly pageSize: number
  /** The most jobs the walk delivers (Infinity: every job); it fetches none beyond them. */
  readonly maxJobs: number
}

/**
 * How many cursors a walk remembers to recognise one it already followed (protocol's).
 *
 * @internal
 */
export const cursorWindow: number = ProtocolWalk.cursorWindow

type State =
  | {
    readonly _tag: "Next"
    readonly cursor: Cursor.Cursor | null
    readonly index: number
    /** Jobs the walk delivered before this page. */
    readonly delivered: number
  }
  | { readonly _tag: "Done" }
  | { readonly _tag: "Fail"; readonly error: SutroError.SutroError }

const done: State = { _tag: "Done" }
// Effect.void succeeds with undefined: the end of the steps.
const endOfSteps = Effect.void as Effect.Effect<undefined>
const jobId = (job: Job.Job): string => job.job_id
const createdMillis = (job: Job.Job): number | null =>
  job.datetime_created === null ? null : compat.epochMillis(job.datetime_created)

/**
 * Walks the list from `walk.startCursor`, newest first, fetching each page with `fetchPage`.
 *
 * @internal
 */
export const pages = (
  /** One request: `limit` jobs after `cursor` (`limit` is the page size, or fewer when `maxJobs` wants fewer). */
  fetchPage: (
    cursor: Cursor.Cursor | null,
    index: number,
    limit: number
  ) => Effect.Effect<Page, SutroError.SutroError>,
  walk: Walk,
  /** Runs around the producer fiber's whole loop, or around each page without prefetch (e.g. a Reference setting; Effect 3: a FiberRef). */
  around: <A, E>(effect: Effect.Effect<A, E>) => Effect.Effect<A, E> = (effect) => effect,
  /** The client's scrub for server text (cursors and job ids) that goes into an error. */
  shown: (text: string) => string = (text) => text
): Stream.Stream<Page, SutroError.SutroError> =>
  Stream.suspend(() => {
    const paginationError = (detail: string, pages: number, cursor: Cursor.Cursor | null) =>
      new SutroError.PaginationError({
        detail: shown(detail),
        pages,
        cursor: cursor === null ? undefined : shown(cursor)
      })
    const { createdAfter, maxJobs, maxPages, pageSize, prefetch, startCursor } = walk
    const guard = new ProtocolWalk.RewindGuard<Job.Job>(startCursor, jobId, createdMillis)

    const step = (
      state: State,
      gate: Effect.Effect<void>
    ): Effect.Effect<readonly [Page, State] | undefined, SutroError.SutroError> => {
      if (state._tag === "Done") return endOfSteps
      if (state._tag === "Fail") return Effect.fail(state.error)
      return gate.pipe(
        Effect.andThen(
          fetchPage(state.cursor, state.index, ProtocolWalk.pageLimit(pageSize, maxJobs, state.delivered))
        ),
        Effect.tap((page) => Metric.update(jobsTotal, page.jobs.length)),
        Effect.flatMap((fetched) => {
          // A page that shows the walk was led back is not emitted: the caller resumes from its cursor.
          const problem = guard.check(fetched.jobs, state.index) ??
            guard.checkEmpty(fetched.jobs, state.index, fetched.next_cursor)
          if (problem !== undefined) return Effect.fail(paginationError(problem, state.index, state.cursor))
          guard.delivered(fetched.jobs)
          let cut = createdAfter === undefined
            ? undefined
            : ProtocolWalk.olderCut(fetched.jobs, createdAfter, createdMillis)
          // A server that sends more than the limit asked for: no job beyond maxJobs is delivered.
          const wanted = maxJobs - state.delivered
          if ((cut ?? fetched.jobs).length > wanted) cut = (cut ?? fetched.jobs).slice(0, wanted)
          const page = cut === undefined ? fetched : { ...fetched, jobs: cut }
          const delivered = state.delivered + page.jobs.length
          const next = fetched.next_cursor
          let nextState: State
          if (cut !== undefined || next === null || state.index + 1 >= maxPages || delivered >= maxJobs) {
            nextState = done
          } else if (guard.rememberCursor(next)) {
            nextState = {
              _tag: "Fail",
              error: paginationError(
                ProtocolWalk.repeatedCursorDetail(state.index, next),
                state.index + 1,
                state.cursor
              )
            }
          } else {
            nextState = { _tag: "Next", cursor: next, index: state.index + 1, delivered }
          }
          return Effect.succeed([page, nextState] as const)
        })
      )
    }

    const first: State = { _tag: "Next", cursor: startCursor, index: 0, delivered: 0 }
    return prefetch === 0
      ? engine.unfold<State, Page, SutroError.SutroError>(first, (state) => around(step(state, Effect.void)))
      : prefetched<State, Page, SutroError.SutroError>(first, step, prefetch, around)
  })

/**
 * The items of `step` from `first`, with exactly `prefetch` steps run ahead of the item being
 * consumed, by a producer fiber that `around` wraps.
 */
const prefetched = <S, A, E>(
  first: S,
  step: (state: S, gate: Effect.Effect<void>) => Effect.Effect<readonly [A, S] | undefined, E>,
  prefetch: number,
  around: <B, E2>(effect: Effect.Effect<B, E2>) => Effect.Effect<B, E2>
): Stream.Stream<A, E> =>
  // Stream.buffer would run capacity + 1 pages ahead (one waits to be offered); a permit taken
  // before each request and given back when the consumer takes a page keeps exactly `prefetch`
  // pages fetched ahead of the one being consumed. The producer is a plain loop, not a stream run
  // into the queue: a stream on each side of the queue cost about as much per page as the request.
  compat.unwrap(Effect.gen(function*() {
    const permits = yield* engine.permits(prefetch)
    // Overlap with a consumer that works synchronously through each page needs two things.
    // 1. Giving the permit back only schedules the producer, so the consumer yields until the
    //    producer has taken it and started its request (how many yields that takes is the
    //    scheduler's: see engine.yieldNow); not at all when the producer is busy.
    // 2. An HTTP client writes a request to the socket a turn or two of the event loop after it is
    //    started, and a synchronous consumer holds the event loop. So whenever a request began
    //    since the consumer last let the event loop turn, it lets it turn three times (see
    //    engine.requestTurns) before it goes on; in a browser, where fetch needs no turn, it does not.
    let waiting = false
    let taken = 0
    let flushed = 0
    const take = Effect.suspend(() => {
      waiting = true
      return Effect.map(permits.take, () => {
        waiting = false
        taken++
      })
    })
    const handOff = (before: number, yields: number): Effect.Effect<void> => {
      if (waiting && taken === before && yields > 0) {
        return Effect.andThen(engine.yieldNow, Effect.suspend(() => handOff(before, yields - 1)))
      }
      if (taken === flushed) return Effect.void
      flushed = taken
      return engine.requestTurns
    }
    const release = Effect.suspend(() => {
      const before = taken
      return Effect.andThen(permits.release, Effect.suspend(() => handOff(before, 4)))
    })
    const channel = yield* engine.channel<A, E>(release)
    const produce = (state: S): Effect.Effect<unknown> =>
      Effect.matchCauseEffect(step(state, take), {
        // Defects too: a producer that died quietly would leave the consumer waiting forever.
        onFailure: channel.failCause,
        onSuccess: (next) =>
          next === undefined
            ? channel.end
            : Effect.andThen(channel.offer(next[0]), Effect.suspend(() => produce(next[1])))
      })
    yield* Effect.forkScoped(around(produce(first)))
    return channel.stream
  }))
// @generated by scripts/one-source.mjs from packages/effect4/client/src/internal/pagination.ts: edit that file, then run `pnpm one-source`
