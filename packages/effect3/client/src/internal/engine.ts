/**
 * The parts of the page walk's streams that Effect 3 builds its own way (Effect 4 has its own
 * module): the unfold, the hand-over queue read by `repeatEffectOption`, the prefetch permits, the
 * scheduler's yields, and a stream of jobs from one of pages. What a walk does is pagination's.
 *
 * @internal
 */
import type { Job } from "@sutro-effect/core"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Stream from "effect/Stream"
import * as compat from "./compat.js"

/** The items of `step` from `first`, one step per pull; `undefined` ends the stream. */
export const unfold = <S, A, E>(
  first: S,
  step: (state: S) => Effect.Effect<readonly [A, S] | undefined, E>
): Stream.Stream<A, E> =>
  Stream.unfoldEffect<S, A, E, never>(first, (state) => Effect.map(step(state), Option.fromNullable))

/** A queue from a producer fiber to a stream, which runs `taken` as each item is pulled. */
export interface Channel<A, E> {
  readonly offer: (item: A) => Effect.Effect<unknown>
  readonly failCause: (cause: Cause.Cause<E>) => Effect.Effect<unknown>
  readonly end: Effect.Effect<unknown>
  readonly stream: Stream.Stream<A, E>
}

/** A `Channel` (the end of the stream is Effect 3's failure with `None`). */
export const channel = <A, E>(taken: Effect.Effect<unknown>): Effect.Effect<Channel<A, E>> =>
  Effect.map(Queue.unbounded<Exit.Exit<A, Option.Option<E>>>(), (queue) => ({
    offer: (item) => queue.offer(Exit.succeed(item)),
    failCause: (cause) => queue.offer(Exit.failCause(Cause.map(cause, Option.some))),
    end: queue.offer(Exit.fail(Option.none())),
    stream: Stream.repeatEffectOption(
      Effect.flatMap(queue.take, (exit) => Exit.isSuccess(exit) ? Effect.as(taken, exit.value) : exit)
    )
  }))

/** `n` permits to take and give back one at a time. */
export const permits = (
  n: number
): Effect.Effect<{ readonly take: Effect.Effect<unknown>; readonly release: Effect.Effect<unknown> }> =>
  Effect.map(Effect.makeSemaphore(n), (semaphore) => ({ take: semaphore.take(1), release: semaphore.release(1) }))

/**
 * One yield to the scheduler. Effect 3 wakes a producer waiting for a permit in two scheduler
 * hops (the semaphore's task, then the fiber's resumption), so this takes a few yields at most.
 */
export const yieldNow: Effect.Effect<void> = Effect.yieldNow()

// Node's HTTP clients write a started request to the socket a turn or two of the event loop later
// (undici 7 here: measured, one turn was not enough and two were); a browser's fetch hands it to the
// network stack at once, and there setTimeout(0), the only macrotask there is, would cost 4 ms a
// turn once nested. So the turns are taken only where setImmediate exists.
const setImmediate_ = (globalThis as unknown as { readonly setImmediate?: (f: () => void) => unknown })
  .setImmediate

/**
 * `n` turns of the event loop (setImmediate after setImmediate), interruptible: one suspension of
 * the fiber for all of them (a suspension per turn cost two more resumptions through the scheduler
 * per page).
 */
const macrotasks = (set: (f: () => void) => unknown, n: number): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    let done = false
    let left = n
    const turn = () => {
      if (done) return
      if (--left > 0) set(turn)
      else resume(Effect.void)
    }
    set(turn)
    return Effect.sync(() => {
      done = true
    })
  })

/** Three turns of the event loop where requests need them (Node), none in a browser. */
export const requestTurns: Effect.Effect<void> = typeof setImmediate_ === "function"
  ? macrotasks((f) => setImmediate_(f), 3)
  : Effect.void

/**
 * A page's jobs, one chunk per page (no copy), skipping empty pages: an empty chunk would start
 * `Stream.retry`'s schedule again on Effect 3 (see compat.dropEmptyChunks).
 */
export const jobsOf = <E>(
  pages: Stream.Stream<{ readonly jobs: ReadonlyArray<Job.Job> }, E>
): Stream.Stream<Job.Job, E> =>
  compat.dropEmptyChunks(Stream.mapConcatChunk(pages, (page) => Chunk.unsafeFromArray(page.jobs as Array<Job.Job>)))
