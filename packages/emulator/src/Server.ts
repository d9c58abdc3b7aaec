/**
 * The emulator behind plain Promises: `start` it, drive it with plain values, `close` it. Nothing in
 * the `Handle` is an Effect, so tests on any Effect line (or none) can run the emulator without
 * sharing this package's Effect runtime.
 *
 * @since 0.1.0
 */
import type * as Job from "@sutro-effect/core/Job"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import * as Emulator from "./Emulator.js"
import type * as Fault from "./Fault.js"
import type * as Live from "./Live.js"

/**
 * A running emulator. Every method answers with a plain value or a Promise; the methods mirror
 * `Emulator.Service`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Handle {
  /** The base URL, e.g. `http://127.0.0.1:43123` (no trailing slash). */
  readonly url: string
  /** The first configured API key. */
  readonly apiKey: string
  /** Every job, newest first: the order the API serves. */
  readonly jobs: () => Promise<ReadonlyArray<Job.JobEncoded>>
  /** How many jobs are served. */
  readonly jobCount: () => Promise<number>
  /** Inserts jobs (or replaces jobs with the same `job_id`); rejects on a job the schema rejects. */
  readonly insertJobs: (jobs: ReadonlyArray<Job.JobEncoded>) => Promise<void>
  /** Merges `fields` over the job with this id; rejects on an unknown id or a result the schema rejects. */
  readonly updateJob: (jobId: string, fields: Partial<Job.JobEncoded>) => Promise<Job.JobEncoded>
  /** The change log, oldest first; with `after`, only changes with a greater `seq`. */
  readonly changes: (after?: number) => Promise<ReadonlyArray<Live.Change>>
  readonly clearChanges: () => Promise<void>
  /** Runs `ticks` ticks of live mode now (default 1); rejects when live mode is off. */
  readonly advance: (ticks?: number) => Promise<void>
  /** The number of live ticks so far. */
  readonly tick: () => Promise<number>
  /** Queues faults for the next matching requests. */
  readonly scriptFaults: (faults: ReadonlyArray<Fault.Fault>) => Promise<void>
  /** Drops every queued fault. */
  readonly clearFaults: () => Promise<void>
  /** The queued faults not used up yet. */
  readonly pendingFaults: () => Promise<ReadonlyArray<Fault.Fault>>
  readonly requestLog: () => Promise<ReadonlyArray<Emulator.LoggedRequest>>
  readonly clearRequestLog: () => Promise<void>
  /** The TCP connections open right now (idle keep-alive ones included). */
  readonly connections: () => Promise<number>
  /** Stops listening and closes every open connection; resolves once the port is free. Closing twice is a no-op. */
  readonly close: () => Promise<void>
}

// Rejects with the failure itself (an `EmulatorError`, or the defect of a `die`) rather than the
// runtime's FiberFailure wrapper, so a caller's `catch` sees what the Effect API would have failed with.
const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> =>
  Effect.runPromiseExit(effect).then((exit) => {
    if (Exit.isSuccess(exit)) return exit.value
    throw Cause.squash(exit.cause)
  })

/**
 * Starts an emulator (the options of `Emulator.make`) and resolves once it listens; rejects with an
 * `Emulator.EmulatorError` when it cannot start.
 *
 * @example
 * ```ts
 * import { Fault, Server } from "@sutro-effect/emulator"
 * import { strictEqual } from "node:assert"
 *
 * const main = async () => {
 *   const emulator = await Server.start({ jobs: 50 })
 *   try {
 *     await emulator.scriptFaults([Fault.Status.make({ status: 503 })])
 *     const headers = { authorization: `Key ${emulator.apiKey}` }
 *     strictEqual((await fetch(`${emulator.url}/list-jobs?limit=5`, { headers })).status, 503)
 *     strictEqual((await fetch(`${emulator.url}/list-jobs?limit=5`, { headers })).status, 200)
 *   } finally {
 *     await emulator.close()
 *   }
 * }
 *
 * main().catch((error) => {
 *   process.exitCode = 1
 *   throw error
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = async (options: Emulator.Options = {}): Promise<Handle> => {
  const scope = Effect.runSync(Scope.make())
  const exit = await Effect.runPromiseExit(Scope.extend(Emulator.make(options), scope))
  if (Exit.isFailure(exit)) {
    await Effect.runPromise(Scope.close(scope, exit))
    throw Cause.squash(exit.cause)
  }
  const service = exit.value
  let closing: Promise<void> | undefined
  return {
    url: service.url,
    apiKey: service.apiKey,
    jobs: () => run(service.jobs),
    jobCount: () => run(service.jobCount),
    insertJobs: (jobs) => run(service.insertJobs(jobs)),
    updateJob: (jobId, fields) => run(service.updateJob(jobId, fields)),
    changes: (after) => run(service.changes(after)),
    clearChanges: () => run(service.clearChanges),
    advance: (ticks) => run(service.advance(ticks)),
    tick: () => run(service.tick),
    scriptFaults: (faults) => run(service.scriptFaults(faults)),
    clearFaults: () => run(service.clearFaults),
    pendingFaults: () => run(service.pendingFaults),
    requestLog: () => run(service.requestLog),
    clearRequestLog: () => run(service.clearRequestLog),
    connections: () => run(service.connections),
    close: () => (closing ??= Effect.runPromise(Scope.close(scope, Exit.void)))
  }
}
