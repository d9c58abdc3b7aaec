/**
 * The parts of the page walk's streams that Effect 4 builds its own way (Effect 3 has its own
 * module): the unfold, the hand-over queue read by a pull, the prefetch permits, the scheduler's
 * yields, and a stream of jobs from one of pages. What a walk does is pagination's.
 *
 * @internal
 */
import type { Job } from "@sutro-effect/core"
import type * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Pull from "effect/Pull"
import * as Queue from "effect/Queue"
import * as Semaphore from "effect/Semaphore"
import * as Stream from "effect/Stream"

/** The items of `step` from `first`, one step per pull; `undefined` ends the stream. */
export const unfold = <S, A, E>(
  first: S,
  step: (state: S) => Effect.Effect<readonly [A, S] | undefined, E>
): Stream.Stream<A, E> => Stream.unfold<S, A, E, never>(first, step)

/** A queue from a producer fiber to a stream, which runs `taken` as each item is pulled. */
export interface Channel<A, E> {
  readonly offer: (item: A) => Effect.Effect<unknown>
  readonly failCause: (cause: Cause.Cause<E>) => Effect.Effect<unknown>
  readonly end: Effect.Effect<unknown>
  readonly stream: Stream.Stream<A, E>
}

const endOfWalk: Exit.Exit<never, Cause.Done> = Exit.fail(Cause.Done())

/** A `Channel` (the end of the stream is Effect 4's `Cause.Done`). */
export const channel = <A, E>(taken: Effect.Effect<unknown>): Effect.Effect<Channel<A, E>> =>
  Effect.map(Queue.unbounded<Exit.Exit<A, E | Cause.Done>>(), (queue) => {
    const pull: Pull.Pull<readonly [A], E> = Effect.flatMap(
      Queue.take(queue),
      (exit): Pull.Pull<readonly [A], E> =>
        Exit.isSuccess(exit) ? Effect.as(taken, [exit.value] as const) : exit as Exit.Exit<never, E | Cause.Done>
    )
    return {
      offer: (item) => Queue.offer(queue, Exit.succeed(item)),
      failCause: (cause) => Queue.offer(queue, Exit.failCause(cause)),
      end: Queue.offer(queue, endOfWalk),
      stream: Stream.fromPull(Effect.succeed(pull))
    }
  })

/** `n` permits to take and give back one at a time. */
export const permits = (
  n: number
): Effect.Effect<{ readonly take: Effect.Effect<unknown>; readonly release: Effect.Effect<unknown> }> =>
  Effect.map(Semaphore.make(n), (semaphore) => ({
    take: Semaphore.take(semaphore, 1),
    release: Semaphore.release(semaphore, 1)
  }))

/**
 * One yield to the scheduler. On Effect 4's scheduler a woken fiber runs in the same batch, ahead
 * of the one that woke it, so one yield lets a producer take a permit just given back.
 */
export const yieldNow: Effect.Effect<void> = Effect.yieldNow

// Node's HTTP clients write a started request to the socket a turn or two of the event loop later
// (undici 8 on Effect 4, measured with a consumer busy for 30 ms a page: with 0 or 1 turn no
// prefetched request reached the server during that work, with 2 or 3 every one did).
// Where setImmediate exists (Node), Effect 4's scheduler runs each batch of fiber tasks in one
// (setImmediate), so a yield is such a turn; and a yield through the scheduler, unlike a raw
// setImmediate, is one the TestClock sees through. A browser's fetch hands the request to the
// network stack at once, and there the scheduler's turn is a setTimeout(0), 4 ms once nested: no
// turns are taken.
/** Three turns of the event loop where requests need them (Node), none in a browser. */
export const requestTurns: Effect.Effect<void> =
  typeof (globalThis as { readonly setImmediate?: unknown }).setImmediate === "function"
    ? Effect.andThen(Effect.yieldNow, Effect.andThen(Effect.yieldNow, Effect.yieldNow))
    : Effect.void

/** A page's jobs as one chunk each (no copy), skipping empty pages: a stream's chunks are never empty. */
export const jobsOf = <E>(
  pages: Stream.Stream<{ readonly jobs: ReadonlyArray<Job.Job> }, E>
): Stream.Stream<Job.Job, E> =>
  Stream.transformPull(pages, (pull) => {
    const next = (
      chunk: Arr.NonEmptyReadonlyArray<{ readonly jobs: ReadonlyArray<Job.Job> }>
    ): Pull.Pull<Arr.NonEmptyReadonlyArray<Job.Job>, E> => {
      const jobs = chunk.length === 1 ? chunk[0].jobs : chunk.flatMap((page) => page.jobs)
      return jobs.length > 0
        ? Effect.succeed(jobs as Arr.NonEmptyReadonlyArray<Job.Job>)
        : Effect.flatMap(pull, next)
    }
    return Effect.succeed(Effect.flatMap(pull, next))
  })
