// The watch over real sockets against the emulator in live mode: what it reports is compared with
// the emulator's change log, with and without faults (429 with Retry-After, 503, resets). The
// emulator runs behind its plain Promise API (the same on both lines), as a scoped resource here.
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { JobWatch, SutroClient } from "@sutro-effect/client"
import { JobStatus } from "@sutro-effect/core"
import type * as Emulator from "@sutro-effect/emulator/Emulator"
import type * as Fault from "@sutro-effect/emulator/Fault"
import type * as Live from "@sutro-effect/emulator/Live"
import * as EmulatorServer from "@sutro-effect/emulator/Server"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as internal from "../src/internal/watch.js"

const canonical = (status: string) => JobStatus.toString(JobStatus.fromString(status))

const describeItem = (item: internal.Item): string | undefined => {
  switch (item._tag) {
    case "Added":
    case "Finished":
      return `${item._tag} ${item.job.job_id} ${canonical(JobStatus.toString(item.job.status))}`
    case "Changed":
      return `Changed ${item.job.job_id} ${JobStatus.toString(item.previous.status)}->${
        JobStatus.toString(item.job.status)
      } [${[...item.fields].sort().join(",")}]`
    case "TrackingStopped":
      return `TrackingStopped ${item.reason} [${item.jobs.map((j) => j.job_id).join(",")}]`
    case "PollDone":
      return undefined
  }
}

/** What the change log says a watch should report, per job, in order. */
const expectedFrom = (changes: ReadonlyArray<Live.Change>) => {
  const out: Array<string> = []
  for (const change of changes) {
    const status = canonical(change.status)
    if (change.kind === "inserted") out.push(`Added ${change.job_id} ${status}`)
    else {
      out.push(
        `Changed ${change.job_id} ${canonical(change.previous_status ?? "")}->${status} [${
          [...change.fields].sort().join(",")
        }]`
      )
    }
    if (JobWatch.isFinal(JobStatus.fromString(status))) out.push(`Finished ${change.job_id} ${status}`)
  }
  return out
}

const byJob = (events: ReadonlyArray<string>) => {
  const map = new Map<string, Array<string>>()
  for (const event of events) {
    const id = event.split(" ")[1]
    map.set(id, [...(map.get(id) ?? []), event])
  }
  return new Map([...map].sort(([a], [b]) => a < b ? -1 : 1))
}

/** An emulator for the scope of the test. */
const startEmulator = (options: Emulator.Options) =>
  Effect.acquireRelease(
    Effect.promise(() => EmulatorServer.start(options)),
    (handle) => Effect.promise(() => handle.close())
  )

/**
 * Starts a live emulator (ticks only when told), watches it for `polls` polls with one tick after
 * each, and returns the events, the change log after the first poll, and the request log.
 */
const watchLive = (options: {
  readonly seed: number
  readonly polls: number
  readonly faultRate?: number
  readonly faultsAt?: (poll: number) => ReadonlyArray<Fault.Fault>
  readonly watch?: JobWatch.WatchOptions
}) =>
  Effect.scoped(Effect.gen(function*() {
    const emulator = yield* startEmulator({
      jobs: 400,
      seed: options.seed,
      live: { interval: 0, arrivals: 1.5 },
      faultRate: options.faultRate ?? 0
    })
    const client = yield* SutroClient.make({
      apiKey: Redacted.make(emulator.apiKey),
      baseUrl: emulator.url,
      retry: { baseDelay: "5 millis", maxDelay: "20 millis", maxRetries: 3, maxRetryAfter: "2 seconds" }
    })
    const state = internal.makeState()
    const events: Array<string> = []
    let firstPollSeq = -1
    let failures = 0
    const pagesPerPoll: Array<number> = []
    yield* internal.items(state, { interval: Schedule.forever, pageSize: 25, ...options.watch }).pipe(
      Stream.tap((item) =>
        Effect.gen(function*() {
          const text = describeItem(item)
          if (text !== undefined) events.push(text)
          if (item._tag !== "PollDone") return
          pagesPerPoll.push(item.pages)
          if (item.poll === 1) firstPollSeq = (yield* Effect.promise(() => emulator.changes())).at(-1)?.seq ?? 0
          yield* Effect.promise(() => emulator.scriptFaults(options.faultsAt?.(item.poll) ?? []))
          yield* Effect.promise(() => emulator.advance(1))
        })
      ),
      // A poll that fails after the client's retries: the caller decides, here by running it again.
      Stream.tapError(() => Effect.sync(() => failures++)),
      Stream.retry(Schedule.forever),
      Stream.takeUntil((item) => item._tag === "PollDone" && item.poll >= options.polls),
      Stream.runDrain,
      Effect.provide(Layer.succeed(SutroClient.SutroClient, client))
    )
    const changes = yield* Effect.promise(() => emulator.changes())
    // The last tick's changes were never polled.
    const lastTick = changes.at(-1)!.tick
    return {
      events,
      expected: expectedFrom(changes.filter((c) => c.seq > firstPollSeq && c.tick < lastTick)),
      requests: yield* Effect.promise(() => emulator.requestLog()),
      failures,
      pagesPerPoll,
      state
    }
  })).pipe(Effect.provide(NodeHttpClient.layerUndici))

describe("watch against the live emulator", () => {
  it.live(
    "reports every change of the change log exactly once, in order per job, and nothing else",
    () =>
      Effect.gen(function*() {
        // The whole list: seeded jobs stuck in a status live mode does not move (UNKNOWN) keep every poll walking deep.
        const run = yield* watchLive({ seed: 11, polls: 50, watch: { pageSize: 50 } })
        expect(run.expected.length).toBeGreaterThan(100)
        expect(run.expected.some((e) => !e.split(" ")[1].startsWith("job-live-"))).toBe(true)
        expect(byJob(run.events)).toEqual(byJob(run.expected))
        const finished = run.events.filter((e) => e.startsWith("Finished")).map((e) => e.split(" ")[1])
        expect(new Set(finished).size).toBe(finished.length)
        expect(run.requests.every((r) => r.status === 200)).toBe(true)
      }),
    120_000
  )

  it.live(
    "under 429 with Retry-After, 503, resets and random faults, neither loses nor repeats an event",
    () =>
      Effect.gen(function*() {
        // Only the jobs that arrive while watching (the seeded ones are a year old), 5 a page: walks of a few pages.
        const watch: JobWatch.WatchOptions = { since: "1 hour", pageSize: 5 }
        const clean = yield* watchLive({ seed: 12, polls: 60, watch })
        const faulty = yield* watchLive({
          seed: 12,
          polls: 60,
          watch,
          faultRate: 0.15,
          faultsAt: (poll) =>
            poll === 3
              ? [{ _tag: "RateLimited", retryAfter: 1 }]
              : poll === 5
              ? [{ _tag: "Status", status: 503, times: 4 }]
              : poll === 7
              ? [{ _tag: "ResetBeforeHeaders" }, { _tag: "ResetMidBody" }]
              : []
        })
        expect(Math.max(...clean.pagesPerPoll)).toBeGreaterThan(2)
        expect(faulty.requests.filter((r) => r.fault !== undefined).length).toBeGreaterThan(20)
        expect(faulty.requests.some((r) => r.status === 429)).toBe(true)
        expect(faulty.requests.filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(4)
        expect(faulty.requests.some((r) => r.fault === "ResetMidBody")).toBe(true)
        // Four 503s in a row exhaust 3 retries: that poll failed and ran again.
        expect(faulty.failures).toBeGreaterThanOrEqual(1)
        expect(faulty.events).toEqual(clean.events)
        expect(byJob(faulty.events)).toEqual(
          byJob(faulty.expected.filter((e) => e.split(" ")[1].startsWith("job-live-")))
        )
      }),
    180_000
  )

  it.live(
    "clock skew, a late job, a status going back and a 503 mid-walk over real sockets: each job's story once",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const emulator = yield* startEmulator({ jobs: 30, seed: 3 })
        const seeded = yield* Effect.promise(() => emulator.jobs())
        const newest = Date.parse(seeded[0].datetime_created!)
        const job = (id: string, status: string, created: string) => ({
          ...seeded[0],
          job_id: id,
          status,
          datetime_created: created,
          datetime_started: null,
          datetime_completed: null,
          failure_reason: null
        })
        const at = (millis: number) => new Date(newest + millis).toISOString()
        const client = yield* SutroClient.make({
          apiKey: Redacted.make(emulator.apiKey),
          baseUrl: emulator.url,
          retry: { baseDelay: "5 millis", maxDelay: "20 millis", maxRetries: 2 }
        })
        // After poll n, the list changes as steps[n] says.
        const steps: Record<number, () => Promise<unknown>> = {
          // Clock skew: dated 1,000 minutes ahead, the newest of all for ever.
          1: () => emulator.insertJobs([job("job-future", "QUEUED", at(1000 * 60_000))]),
          // Appears late, created before it, already final.
          2: () => emulator.insertJobs([job("job-late", "FAILED", at(-5_000))]),
          3: () => emulator.insertJobs([job("job-back", "RUNNING", at(-6_000))]),
          4: () => emulator.updateJob("job-back", { status: "SUCCEEDED" }),
          5: () => emulator.updateJob("job-back", { status: "RUNNING" }),
          6: () => emulator.updateJob("job-back", { status: "SUCCEEDED" }),
          // Backfilled among the seeded jobs (page 3 or 4), and every attempt at page 2 of the
          // next poll answered 503 (three attempts: the poll fails, and runs again).
          7: async () => {
            await emulator.insertJobs([job("job-deep", "RUNNING", seeded[12].datetime_created!)])
            const first = await fetch(`${emulator.url}/v1/list-jobs?limit=5`, {
              headers: { authorization: `Key ${emulator.apiKey}` }
            })
            const cursor = ((await first.json()) as { next_cursor: string }).next_cursor
            await emulator.scriptFaults([{ _tag: "Status", status: 503, times: 3, cursor }])
          },
          8: () => emulator.updateJob("job-deep", { status: "CANCELLED" })
        }
        const events: Array<string> = []
        let failures = 0
        yield* internal.items(internal.makeState(), { interval: Schedule.forever, pageSize: 5 }).pipe(
          Stream.tap((item) => {
            const text = describeItem(item)
            if (text !== undefined) events.push(text)
            const step = item._tag === "PollDone" ? steps[item.poll] : undefined
            return step === undefined ? Effect.void : Effect.promise(step)
          }),
          Stream.tapError(() => Effect.sync(() => failures++)),
          Stream.retry(Schedule.forever),
          Stream.takeUntil((item) => item._tag === "PollDone" && item.poll >= 10),
          Stream.runDrain,
          Effect.provide(Layer.succeed(SutroClient.SutroClient, client))
        )
        expect(events).toEqual([
          "Added job-future QUEUED",
          "Added job-late FAILED",
          "Finished job-late FAILED",
          "Added job-back RUNNING",
          "Changed job-back RUNNING->SUCCEEDED [status]",
          "Finished job-back SUCCEEDED",
          "Added job-deep RUNNING",
          "Changed job-deep RUNNING->CANCELLED [status]",
          "Finished job-deep CANCELLED"
        ])
        expect(failures).toBe(1)
        const requests = yield* Effect.promise(() => emulator.requestLog())
        expect(requests.filter((r) => r.status === 503)).toHaveLength(3)
      })).pipe(Effect.provide(NodeHttpClient.layerUndici)),
    60_000
  )
})
