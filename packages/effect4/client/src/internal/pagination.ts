/**
 * The page walk as a function of a `fetchPage` effect: the guards against a server whose cursors
 * lead back (protocol's `Walk.RewindGuard`), `createdAfter` (`Walk.olderCut`), `maxPages`,
 * `startCursor`, and the exact bounded prefetch queue. No HTTP here: the walk is tested with a
 * fake `fetchPage`.
 */
import type { Cursor, Job, JobsPage } from "@sutro-effect/core"
import { SutroError } from "@sutro-effect/core"
import * as ProtocolWalk from "@sutro-effect/protocol/Walk"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import type * as Pull from "effect/Pull"
import * as Queue from "effect/Queue"
import * as Semaphore from "effect/Semaphore"
import * as Stream from "effect/Stream"

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
}

/**
 * How many cursors a walk remembers to recognise one it already followed (protocol's).
 *
 * @internal
 */
export const cursorWindow: number = ProtocolWalk.cursorWindow

type State =
  | { readonly _tag: "Next"; readonly cursor: Cursor.Cursor | null; readonly index: number }
  | { readonly _tag: "Done" }
  | { readonly _tag: "Fail"; readonly error: SutroError.SutroError }

const done: State = { _tag: "Done" }
const endOfWalk: Exit.Exit<never, Cause.Done> = Exit.fail(Cause.Done())

const jobId = (job: Job.Job): string => job.job_id
const createdMillis = (job: Job.Job): number | null =>
  job.datetime_created === null ? null : job.datetime_created.epochMilliseconds

// Node's HTTP clients write a started request to the socket a turn or two of the event loop later
// (undici 8 on Effect 4, measured with a consumer busy for 30 ms a page: with 0 or 1 turn no
// prefetched request reached the server during that work, with 2 or 3 every one did).
// Where setImmediate exists (Node), Effect 4's scheduler runs each batch of fiber tasks in one
// (setImmediate), so a yield is such a turn; and a yield through the scheduler, unlike a raw
// setImmediate, is one the TestClock sees through. A browser's fetch hands the request to the
// network stack at once, and there the scheduler's turn is a setTimeout(0), 4 ms once nested: no
// turns are taken.
const requestTurns: Effect.Effect<void> =
  typeof (globalThis as { readonly setImmediate?: unknown }).setImmediate === "function"
    ? Effect.andThen(Effect.yieldNow, Effect.andThen(Effect.yieldNow, Effect.yieldNow))
    : Effect.void

/**
 * Walks the list from `walk.startCursor`, newest first, fetching each page with `fetchPage`.
 *
 * @internal
 */
export const pages = (
  fetchPage: (cursor: Cursor.Cursor | null, index: number) => Effect.Effect<Page, SutroError.SutroError>,
  walk: Walk,
  /** Runs around the producer fiber's whole loop, or around each page without prefetch (e.g. a Reference setting). */
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
    const { createdAfter, maxPages, prefetch, startCursor } = walk
    const guard = new ProtocolWalk.RewindGuard<Job.Job>(startCursor, jobId, createdMillis)

    const step = (
      state: State,
      gate: Effect.Effect<void>
    ): Effect.Effect<readonly [Page, State] | undefined, SutroError.SutroError> => {
      if (state._tag === "Done") return Effect.undefined
      if (state._tag === "Fail") return Effect.fail(state.error)
      return gate.pipe(
        Effect.andThen(fetchPage(state.cursor, state.index)),
        Effect.tap((page) => Metric.update(jobsTotal, page.jobs.length)),
        Effect.flatMap((fetched) => {
          // A page that shows the walk was led back is not emitted: the caller resumes from its cursor.
          const problem = guard.check(fetched.jobs, state.index)
          if (problem !== undefined) return Effect.fail(paginationError(problem, state.index, state.cursor))
          guard.delivered(fetched.jobs)
          const cut = createdAfter === undefined
            ? undefined
            : ProtocolWalk.olderCut(fetched.jobs, createdAfter, createdMillis)
          const page = cut === undefined ? fetched : { ...fetched, jobs: cut }
          const next = fetched.next_cursor
          let nextState: State
          if (cut !== undefined || next === null || state.index + 1 >= maxPages) {
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
            nextState = { _tag: "Next", cursor: next, index: state.index + 1 }
          }
          return Effect.succeed([page, nextState] as const)
        })
      )
    }

    const first: State = { _tag: "Next", cursor: startCursor, index: 0 }
    if (prefetch === 0) {
      return Stream.unfold<State, Page, SutroError.SutroError, never>(
        first,
        (state) => around(step(state, Effect.void))
      )
    }
    // Stream.buffer would run capacity + 1 pages ahead (one waits to be offered); a permit taken
    // before each request and given back when the consumer takes a page keeps exactly `prefetch`
    // pages fetched ahead of the one being consumed. The producer is a plain loop, not a stream run
    // into the queue: a stream on each side of the queue cost about as much per page as the request.
    return Stream.unwrap(Effect.gen(function*() {
      const permits = yield* Semaphore.make(prefetch)
      const queue = yield* Queue.unbounded<Exit.Exit<Page, SutroError.SutroError | Cause.Done>>()
      // Overlap with a consumer that works synchronously through each page needs two things.
      // 1. Giving the permit back only schedules the producer (the semaphore wakes its waiter in a
      //    scheduler task), so the consumer yields until the producer has taken it and started its
      //    request: once on Effect 4's scheduler, where the woken producer runs in the same batch,
      //    ahead of the consumer; not at all when the producer is busy.
      // 2. An HTTP client writes a request to the socket a turn or two of the event loop after it is
      //    started, and a synchronous consumer holds the event loop. So whenever a request began
      //    since the consumer last let the event loop turn, it lets it turn three times (three
      //    yields, see requestTurns) before it goes on; in a browser, where fetch needs no turn, it
      //    does not.
      let waiting = false
      let taken = 0
      let flushed = 0
      const take = Effect.suspend(() => {
        waiting = true
        return Effect.map(Semaphore.take(permits, 1), () => {
          waiting = false
          taken++
        })
      })
      const handOff = (before: number, yields: number): Effect.Effect<void> => {
        if (waiting && taken === before && yields > 0) {
          return Effect.andThen(Effect.yieldNow, Effect.suspend(() => handOff(before, yields - 1)))
        }
        if (taken === flushed) return Effect.void
        flushed = taken
        return requestTurns
      }
      const release = Effect.suspend(() => {
        const before = taken
        return Effect.andThen(Semaphore.release(permits, 1), Effect.suspend(() => handOff(before, 4)))
      })
      const produce = (state: State): Effect.Effect<void> =>
        Effect.matchCauseEffect(step(state, take), {
          // Defects too: a producer that died quietly would leave the consumer waiting forever.
          onFailure: (cause) => Queue.offer(queue, Exit.failCause(cause)),
          onSuccess: (next) =>
            next === undefined
              ? Queue.offer(queue, endOfWalk)
              : Effect.andThen(Queue.offer(queue, Exit.succeed(next[0])), Effect.suspend(() => produce(next[1])))
        })
      yield* Effect.forkScoped(around(produce(first)))
      const pull: Pull.Pull<readonly [Page], SutroError.SutroError> = Effect.flatMap(
        Queue.take(queue),
        (exit): Pull.Pull<readonly [Page], SutroError.SutroError> =>
          Exit.isSuccess(exit)
            ? Effect.as(release, [exit.value] as const)
            : exit as Exit.Exit<never, SutroError.SutroError | Cause.Done>
      )
      return Stream.fromPull(Effect.succeed(pull))
    }))
  })
