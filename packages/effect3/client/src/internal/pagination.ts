/**
 * The page walk as a function of a `fetchPage` effect: the guards against a server whose cursors
 * lead back (repeated cursor text, jobs newer than ones already delivered, ids of the previous page
 * again), `createdAfter`, `maxPages`, `startCursor`, and the exact bounded prefetch queue. No HTTP
 * here: the walk is tested with a fake `fetchPage`.
 */
import type { Cursor, Job, JobsPage } from "@sutro-effect/core"
import { SutroError } from "@sutro-effect/core"
import * as ProtocolWalk from "@sutro-effect/protocol/Walk"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
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

/** @internal */
export const cursorWindow: number = ProtocolWalk.cursorWindow

type State =
  | { readonly _tag: "Next"; readonly cursor: Cursor.Cursor | null; readonly index: number }
  | { readonly _tag: "Done" }
  | { readonly _tag: "Fail"; readonly error: SutroError.SutroError }

const done: State = { _tag: "Done" }
const endOfWalk = Exit.fail(Option.none())

// Node's HTTP clients write a started request to the socket a turn or two of the event loop later;
// a browser's fetch hands it to the network stack at once, and there setTimeout(0), the only
// macrotask there is, would cost 4 ms a turn once nested. So the turns are taken only where
// setImmediate exists.
const setImmediate_ = (globalThis as unknown as { readonly setImmediate?: (f: () => void) => unknown })
  .setImmediate

/** One turn of the event loop (setImmediate), interruptible. */
const nextMacrotask = (set: (f: () => void) => unknown): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    let done = false
    set(() => {
      if (!done) resume(Effect.void)
    })
    return Effect.sync(() => {
      done = true
    })
  })

const macrotasks = (n: number): Effect.Effect<void> => {
  const set = setImmediate_
  if (typeof set !== "function") return Effect.void
  const turn = nextMacrotask((f) => set(f))
  const loop = (left: number): Effect.Effect<void> =>
    left <= 1 ? turn : Effect.zipRight(turn, Effect.suspend(() => loop(left - 1)))
  return loop(n)
}

const createdMillis = (job: Job.Job): number | null =>
  job.datetime_created === null ? null : job.datetime_created.epochMillis

const jobId = (job: Job.Job): string => job.job_id

/**
 * Walks the list from `walk.startCursor`, newest first, fetching each page with `fetchPage`.
 *
 * @internal
 */
export const pages = (
  fetchPage: (cursor: Cursor.Cursor | null, index: number) => Effect.Effect<Page, SutroError.SutroError>,
  walk: Walk,
  /** Runs around the producer fiber's whole loop, or around each page without prefetch (e.g. a FiberRef setting). */
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
    const guard = new ProtocolWalk.RewindGuard(startCursor, jobId, createdMillis)

    const step = (
      state: State,
      gate: Effect.Effect<void>
    ): Effect.Effect<Option.Option<readonly [Page, State]>, SutroError.SutroError> => {
      if (state._tag === "Done") return Effect.succeedNone
      if (state._tag === "Fail") return Effect.fail(state.error)
      return gate.pipe(
        Effect.zipRight(fetchPage(state.cursor, state.index)),
        Effect.tap((page) => Metric.incrementBy(jobsTotal, page.jobs.length)),
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
          return Effect.succeed(Option.some([page, nextState] as const))
        })
      )
    }

    const first: State = { _tag: "Next", cursor: startCursor, index: 0 }
    if (prefetch === 0) {
      return Stream.unfoldEffect<State, Page, SutroError.SutroError, never>(
        first,
        (state) => around(step(state, Effect.void))
      )
    }
    // Stream.buffer would run capacity + 1 pages ahead (one waits to be offered); a permit taken
    // before each request and given back when the consumer takes a page keeps exactly `prefetch`
    // pages fetched ahead of the one being consumed. The producer is a plain loop, not a stream run
    // into the queue: a stream on each side of the queue cost about as much per page as the request.
    return Stream.unwrapScoped(Effect.gen(function*() {
      const permits = yield* Effect.makeSemaphore(prefetch)
      const queue = yield* Queue.unbounded<Exit.Exit<Page, Option.Option<SutroError.SutroError>>>()
      // Overlap with a consumer that works synchronously through each page needs two things.
      // 1. Giving the permit back only schedules the producer (two scheduler hops: the semaphore's
      //    task, then the fiber's resumption), so the consumer yields until the producer has taken
      //    it and started its request (a few times at most; not at all when the producer is busy).
      // 2. An HTTP client writes a request to the socket a turn or two of the event loop after it is
      //    started (undici here: measured, one turn was not enough and two were), and a synchronous
      //    consumer holds the event loop. So whenever a request began since the consumer last let
      //    the event loop turn, it lets it turn three times (setImmediate) before it goes on; in
      //    a browser, where fetch needs no turn, it does not.
      let waiting = false
      let taken = 0
      let flushed = 0
      const take = Effect.suspend(() => {
        waiting = true
        return Effect.map(permits.take(1), () => {
          waiting = false
          taken++
        })
      })
      const handOff = (before: number, yields: number): Effect.Effect<void> => {
        if (waiting && taken === before && yields > 0) {
          return Effect.zipRight(Effect.yieldNow(), Effect.suspend(() => handOff(before, yields - 1)))
        }
        if (taken === flushed) return Effect.void
        flushed = taken
        return macrotasks(3)
      }
      const release = Effect.suspend(() => {
        const before = taken
        return Effect.zipRight(permits.release(1), Effect.suspend(() => handOff(before, 4)))
      })
      const produce = (state: State): Effect.Effect<void> =>
        Effect.matchCauseEffect(step(state, take), {
          // Defects too: a producer that died quietly would leave the consumer waiting forever.
          onFailure: (cause) => queue.offer(Exit.failCause(Cause.map(cause, Option.some))),
          onSuccess: (next) =>
            Option.isNone(next)
              ? queue.offer(endOfWalk)
              : Effect.zipRight(queue.offer(Exit.succeed(next.value[0])), Effect.suspend(() => produce(next.value[1])))
        })
      yield* Effect.forkScoped(around(produce(first)))
      return Stream.repeatEffectOption(
        Effect.flatMap(queue.take, (exit) => Exit.isSuccess(exit) ? Effect.as(release, exit.value) : exit)
      )
    }))
  })
