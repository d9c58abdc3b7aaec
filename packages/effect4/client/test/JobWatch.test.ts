// The watch's poll logic against a fake SutroClient (Layer.succeed of the service), on the TestClock:
// requests per poll, exactly-once events, memory over many polls, retries, waitFor.
import { describe, expect, it } from "@effect/vitest"
import { JobWatch, SutroClient } from "@sutro-effect/client"
import type { Job } from "@sutro-effect/core"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/testing/TestClock"
import * as fs from "node:fs"
import * as internal from "../src/internal/watch.js"
import { asResult, failureOf, forkChild, getOrThrow, isFailure } from "./compat.js"
import { apiKey, fakeHttp, job, listServer, text } from "./helpers.js"
import { makeFake } from "./watchFake.js"

type Fake = ReturnType<typeof makeFake>

const describeEvent = (item: internal.Item): string => {
  switch (item._tag) {
    case "Added":
    case "Finished":
      return `${item._tag} ${item.job.job_id} ${item.job.status}`
    case "Changed":
      return `Changed ${item.job.job_id} ${item.previous.status}->${item.job.status} [${item.fields.join(",")}]`
    case "TrackingStopped":
      return `TrackingStopped ${item.reason} [${item.jobs.map((j) => j.job_id).join(",")}]`
    case "PollDone":
      return `PollDone ${item.poll} pages=${item.pages}${item.truncated ? " truncated" : ""}`
  }
}

/**
 * Runs a watch on the TestClock with a 1 s interval: the first poll, then `between(k)` before each
 * poll k = 2..polls. Returns what it emitted, as text, and the state.
 */
const drive = (
  fake: Fake,
  options: JobWatch.WatchOptions,
  polls: number,
  between: (poll: number) => void = () => {},
  onPoll: (state: internal.State) => void = () => {}
) =>
  Effect.gen(function*() {
    const state = internal.makeState()
    const seen: Array<string> = []
    const fiber = yield* forkChild(
      internal.items(state, { interval: "1 second", ...options }).pipe(
        Stream.runForEach((item) =>
          Effect.sync(() => {
            seen.push(describeEvent(item))
            if (item._tag === "PollDone") {
              onPoll(state)
              fake.state.poll++
            }
          })
        ),
        Effect.provide(fake.layer)
      )
    )
    yield* TestClock.adjust("1 millis")
    for (let k = 2; k <= polls; k++) {
      between(k)
      yield* TestClock.adjust("1 second")
    }
    yield* Fiber.interrupt(fiber)
    return { seen, state, events: seen.filter((s) => !s.startsWith("PollDone")) }
  })

/** 1000 finished jobs, minutes 1..1000 (job_1 newest), optionally some unfinished. */
const listOf = (fake: Fake, count: number, running: ReadonlyArray<number> = []) => {
  for (let i = 1; i <= count; i++) fake.put(fake.make(i, running.includes(i) ? "RUNNING" : "SUCCEEDED"))
}

// The request counts docs/watch.md quotes are read from it, so that the guide says what these tests measure.
const watchGuide = fs.readFileSync(new URL("../../../../docs/watch.md", import.meta.url), "utf8")
const guideRow = (label: string): ReadonlyArray<number> => {
  const line = watchGuide.split("\n").find((l) => l.startsWith(`| ${label} |`))
  if (line === undefined) throw new Error(`docs/watch.md: no table row "${label}"`)
  return line.split("|").slice(2, -1).map((cell) => Number(cell.trim()))
}
const guideSays = (pattern: RegExp): ReadonlyArray<number> => {
  const match = pattern.exec(watchGuide.replace(/\s+/g, " "))
  if (match === null) throw new Error(`docs/watch.md: no sentence matching ${pattern}`)
  return match.slice(1).map((figure) => Number(figure.replace(/,/g, "")))
}

describe("requests per poll", () => {
  // A poll walks down to the page of the oldest unfinished job: ceil(position / pageSize) pages, that
  // page being one of jobs already known.
  const positions = guideRow("oldest unfinished job at position")
  const perPoll = guideRow("requests per poll")
  const [firstPoll] = guideSays(/The first poll of 1,000 jobs at page size 10 took (\d+) requests/)
  it("docs/watch.md's table: ceil(position / page size) for each position", () => {
    expect(positions.length).toBeGreaterThan(0)
    expect(perPoll).toEqual(positions.map((position) => Math.ceil(position / 10)))
  })
  positions.forEach((position, i) => {
    it.effect(`oldest unfinished job at position ${position}, page size 10: ${perPoll[i]} requests`, () =>
      Effect.gen(function*() {
        const fake = makeFake()
        listOf(fake, 1000, [position])
        yield* drive(fake, { pageSize: 10 }, 4)
        expect(fake.requestsInPoll(0)).toBe(firstPoll)
        for (const poll of [1, 2, 3]) expect(fake.requestsInPoll(poll)).toBe(perPoll[i])
      }))
  })

  it.effect("one request a poll once nothing is unfinished; back to 1 after the last job finishes", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 300, [120])
      const { events } = yield* drive(fake, { pageSize: 10 }, 5, (k) => {
        if (k === 3) fake.set("job_120", { status: "SUCCEEDED" })
      })
      const [before, after] = guideSays(/the next poll costs 1 request again \((\d+) -> (\d+) in the test\)/)
      expect([1, 2, 3, 4].map(fake.requestsInPoll)).toEqual([before, before, after, after])
      expect(events).toEqual([
        "Changed job_120 RUNNING->SUCCEEDED [status]",
        "Finished job_120 SUCCEEDED"
      ])
    }))

  it.effect("since: the first poll stops at the window, and later ones never go below it", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 500, [400])
      yield* TestClock.setTime(Date.UTC(2024, 5, 1))
      // job_i was created i minutes before now: a 35-minute window holds job_1..job_34. The first
      // poll ends at a page with no job in the window (creation order is not trusted).
      const { state } = yield* drive(fake, { pageSize: 10, since: "35 minutes" }, 3)
      const [inWindow, first, later] = guideSays(
        /with `since: "35 minutes"` \((\d+) jobs in the window\) it took (\d+) \(the fifth page, with no job in the window, ends it\), and later polls (\d+)/
      )
      expect(inWindow).toBe(34)
      expect([0, 1, 2].map(fake.requestsInPoll)).toEqual([first, later, later])
      expect(state.tracked.size).toBe(0)
    }))

  it.effect("maxPagesPerPoll: a poll that cannot reach the oldest unfinished job says so and drops it", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 200, [30])
      let next = 0
      const { events, seen } = yield* drive(fake, { pageSize: 10, maxPagesPerPoll: 5 }, 4, (k) => {
        // 25 new jobs before poll 2: job_30 is now 55th, beyond 5 pages of 10.
        if (k === 2) { for (let n = 0; n < 25; n++) fake.put(fake.make(-(++next), "QUEUED")) }
      })
      expect(seen[0]).toBe("TrackingStopped MaxPagesPerPoll []")
      expect(seen[1]).toBe("PollDone 1 pages=5 truncated")
      expect(events.filter((e) => e.startsWith("Added"))).toHaveLength(25)
      expect(events).toContain("TrackingStopped MaxPagesPerPoll [job_30]")
      // Poll 2 walks 5 pages; then the oldest followed job is the oldest new one, 25th: 3 pages.
      const [first, dropping, after] = guideSays(
        /the first poll of 200 jobs took (\d+) requests and said so; after 25 new jobs pushed a followed RUNNING job to position 55, the next poll took (\d+) requests, dropped it with `TrackingStopped`, and polls after it took (\d+)/
      )
      expect([0, 1, 2, 3].map(fake.requestsInPoll)).toEqual([first, dropping, after, after])
    }))
})

describe("events", () => {
  it.effect("reports new jobs, field changes and finishes once each, and nothing for jobs that did not change", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 50, [3, 7])
      fake.set("job_9", { status: "QUEUED" })
      const { events } = yield* drive(fake, { pageSize: 5 }, 6, (k) => {
        if (k === 2) {
          fake.set("job_9", { status: "STARTING" })
          fake.put(fake.make(-1, "QUEUED"))
          fake.put(fake.make(-2, "SUCCEEDED"))
        }
        if (k === 3) {
          fake.set("job_3", { output_tokens: 12 })
          fake.set("job_-1", { status: "RUNNING", datetime_started: "2024-06-01T00:05:00Z" })
        }
        if (k === 4) fake.set("job_7", { status: "CANCELLING" })
        if (k === 5) {
          fake.set("job_7", { status: "CANCELLED" })
          fake.set("job_9", { status: "FAILED", failure_reason: { message: "boom" } })
        }
      })
      expect(events).toEqual([
        "Added job_-2 SUCCEEDED",
        "Finished job_-2 SUCCEEDED",
        "Added job_-1 QUEUED",
        "Changed job_9 QUEUED->STARTING [status]",
        "Changed job_-1 QUEUED->RUNNING [status,datetime_started]",
        "Changed job_3 RUNNING->RUNNING [output_tokens]",
        "Changed job_7 RUNNING->CANCELLING [status]",
        "Changed job_7 CANCELLING->CANCELLED [status]",
        "Finished job_7 CANCELLED",
        "Changed job_9 STARTING->FAILED [status,failure_reason]",
        "Finished job_9 FAILED"
      ])
    }))

  it.effect("a change undone before the next poll is not seen: a poll sees states, not transitions", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 20, [4])
      const { events } = yield* drive(fake, { pageSize: 5 }, 3, (k) => {
        if (k === 2) {
          fake.set("job_4", { status: "CANCELLING" })
          fake.set("job_4", { status: "RUNNING" })
        }
      })
      expect(events).toEqual([])
    }))

  it.effect("jobs created at the same instant as the newest one already seen are still new, once", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 20)
      const newest = DateTime.formatIso(fake.jobs[0].datetime_created!)
      const { events } = yield* drive(fake, { pageSize: 5 }, 4, (k) => {
        if (k === 2) fake.put(fake.make(-1, "QUEUED", { datetime_created: newest }))
        if (k === 3) fake.put(fake.make(-2, "SUCCEEDED", { datetime_created: newest }))
      })
      expect(events).toEqual(["Added job_-1 QUEUED", "Added job_-2 SUCCEEDED", "Finished job_-2 SUCCEEDED"])
    }))

  it.effect("a job without a creation date is listed last: followed to the end of the list, outside any since window", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 10)
      fake.put(fake.make(99, "RUNNING", { datetime_created: null }))
      const { events } = yield* drive(fake, { pageSize: 5 }, 3, (k) => {
        if (k === 3) fake.set("job_99", { status: "SUCCEEDED" })
      })
      expect([0, 1, 2].map(fake.requestsInPoll)).toEqual([3, 3, 3])
      expect(events).toEqual(["Changed job_99 RUNNING->SUCCEEDED [status]", "Finished job_99 SUCCEEDED"])
      yield* TestClock.setTime(Date.UTC(2024, 5, 1))
      const windowed = makeFake()
      listOf(windowed, 10)
      windowed.put(windowed.make(99, "RUNNING", { datetime_created: null }))
      const inWindow = yield* drive(windowed, { pageSize: 5, since: "1 day", initial: true }, 2)
      expect(inWindow.events).toHaveLength(10)
      expect(inWindow.state.tracked.size).toBe(0)
    }))

  it.effect("a status going backwards after Finished: no Added for the known job, no second Finished", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 20, [1])
      const { events } = yield* drive(fake, { pageSize: 5 }, 6, (k) => {
        if (k === 2) fake.set("job_1", { status: "SUCCEEDED" })
        if (k === 3) fake.set("job_1", { status: "RUNNING" })
        if (k === 4) fake.set("job_1", { status: "SUCCEEDED" })
        if (k === 5) fake.set("job_8", { status: "RUNNING" })
      })
      expect(events).toEqual(["Changed job_1 RUNNING->SUCCEEDED [status]", "Finished job_1 SUCCEEDED"])
    }))

  it.effect("creation times out of order: a future-dated job hides nothing; a late or backfilled job is new, once", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 20)
      const { events } = yield* drive(fake, { pageSize: 5 }, 5, (k) => {
        // Clock skew: a job dated 1,000 minutes ahead, newest of all for ever.
        if (k === 2) fake.put(fake.make(-1000, "QUEUED"))
        // Created before it, listed below it, already final when first seen.
        if (k === 3) fake.put(fake.make(-3, "FAILED"))
        // Backfilled: dated before every job, listed among the known ones.
        if (k === 4) fake.jobs.splice(3, 0, fake.make(5000, "QUEUED"))
        if (k === 5) fake.set("job_5000", { status: "RUNNING" })
      })
      expect(events).toEqual([
        "Added job_-1000 QUEUED",
        "Added job_-3 FAILED",
        "Finished job_-3 FAILED",
        "Added job_5000 QUEUED",
        "Changed job_5000 QUEUED->RUNNING [status]"
      ])
    }))

  it.effect("a job listed twice fails the watch's poll with PaginationError naming it, not an event per poll", () =>
    Effect.gen(function*() {
      const list = [job(1), job(2), { ...job(1), status: "RUNNING" }, job(3)]
      const http = fakeHttp(listServer(list))
      const layer = SutroClient.layer({ apiKey: Redacted.make(apiKey), retry: { maxRetries: 0 } }).pipe(
        Layer.provide(http.layer)
      )
      const events: Array<string> = []
      const error = yield* JobWatch.watch({ pageSize: 10, interval: "1 second", initial: true }).pipe(
        Stream.runForEach((e) => Effect.sync(() => events.push(describeEvent(e)))),
        Effect.provide(layer),
        Effect.flip
      )
      expect(error).toMatchObject({ _tag: "PaginationError" })
      expect(error.message).toContain("lists job job_1 twice")
      expect(events).toEqual([])
    }))

  it.effect("a poll led on through empty pages with fresh cursors fails after 101 of them, without maxPagesPerPoll", () =>
    Effect.gen(function*() {
      // One unfinished job on the first page keeps every poll walking; then empty pages for ever.
      const http = fakeHttp((request, index) => {
        // Without the bound the walk would never end: a 400 after 200 requests ends it, untyped as that.
        if (index >= 200) return text(JSON.stringify({ detail: "enough" }), 400)
        const cursor = request.url.searchParams.get("cursor")
        const next = `e${cursor === null ? 0 : Number(cursor.slice(1)) + 1}`
        return text(
          JSON.stringify({ jobs: cursor === null ? [{ ...job(1), status: "RUNNING" }] : [], next_cursor: next }),
          200
        )
      })
      const layer = SutroClient.layer({ apiKey: Redacted.make(apiKey), retry: { maxRetries: 0 } }).pipe(
        Layer.provide(http.layer)
      )
      const error = yield* JobWatch.watch({ pageSize: 10, interval: "1 second" }).pipe(
        Stream.runDrain,
        Effect.provide(layer),
        Effect.flip
      )
      expect(error).toMatchObject({ _tag: "PaginationError" })
      expect(error.message).toContain("101 empty pages in a row")
      expect(http.requests).toHaveLength(102)
    }))

  it.effect("initial: every job of the window is Added on the first poll", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 12, [2])
      const { events } = yield* drive(fake, { pageSize: 5, initial: true }, 2)
      expect(events).toHaveLength(12)
      expect(events[1]).toBe("Added job_2 RUNNING")
    }))

  it.effect("status filter: only events whose job has the status, though every job is followed", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 20, [2, 4])
      const events: Array<string> = []
      const fiber = yield* forkChild(
        JobWatch.watch({ interval: "1 second", status: ["failed"] }).pipe(
          Stream.runForEach((e) => Effect.sync(() => events.push(describeEvent(e)))),
          Effect.provide(fake.layer)
        )
      )
      yield* TestClock.adjust("1 millis")
      fake.set("job_2", { status: "FAILED" })
      fake.set("job_4", { status: "SUCCEEDED" })
      yield* TestClock.adjust("1 second")
      yield* Fiber.interrupt(fiber)
      expect(events).toEqual(["Changed job_2 RUNNING->FAILED [status]", "Finished job_2 FAILED"])
    }))

  it.effect("a job that is no longer listed is reported as Missing, not silently dropped", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 20, [5])
      const { events, state } = yield* drive(fake, { pageSize: 5 }, 3, (k) => {
        if (k === 2) fake.jobs.splice(fake.jobs.findIndex((j) => j.job_id === "job_5"), 1)
      })
      expect(events).toEqual(["TrackingStopped Missing [job_5]"])
      expect(state.tracked.size).toBe(0)
    }))

  it.effect("refuses bad options with a ConfigurationError before any request", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      for (
        const options of [
          { pageSize: 0 },
          { maxPagesPerPoll: 0 },
          { since: "-1 seconds" },
          { createdAfter: "nope" },
          { interval: "soon" },
          // What plain JavaScript may pass: the wrong type is refused, typed, never thrown on.
          { pageSize: "5" },
          { maxPagesPerPoll: "2" },
          { since: true },
          { interval: true },
          { initial: "yes" },
          { status: "failed" },
          { status: [5] },
          { createdAfter: 5 },
          // jobs() refuses these too (one parser): "1" is 2001 for `new Date`, "2024/01/15" local time.
          { createdAfter: "1" },
          { createdAfter: "2024/01/15" },
          { createdAfter: new Date(Number.NaN) }
        ] as Array<JobWatch.WatchOptions>
      ) {
        const result = yield* JobWatch.watch(options).pipe(Stream.runDrain, Effect.provide(fake.layer), asResult)
        expect(isFailure(result) && failureOf(result)._tag).toBe("ConfigurationError")
      }
      expect(fake.requests).toHaveLength(0)
    }))
})

/** A seeded script of changes: jobs arrive and move one step at a time, at most one change per job per poll. */
const script = (fake: Fake, seed: number) => {
  let s = seed
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296)
  const next: Record<string, string> = { QUEUED: "STARTING", STARTING: "RUNNING", RUNNING: "SUCCEEDED" }
  let born = 0
  const truth: Array<string> = []
  return {
    truth,
    step: () => {
      for (const job of fake.jobs.slice()) {
        const status = job.status as string
        if (next[status] === undefined || rand() > 0.4) continue
        const to = status === "RUNNING" && rand() < 0.2 ? "FAILED" : next[status]
        fake.set(job.job_id, { status: to })
        truth.push(`Changed ${job.job_id} ${status}->${to} [status]`)
        if (to === "SUCCEEDED" || to === "FAILED") truth.push(`Finished ${job.job_id} ${to}`)
      }
      if (rand() < 0.5) {
        const job = fake.make(-(++born), "QUEUED")
        fake.put(job)
        truth.push(`Added ${job.job_id} QUEUED`)
      }
    }
  }
}

const byJob = (events: ReadonlyArray<string>) => {
  const map = new Map<string, Array<string>>()
  for (const event of events) {
    const id = event.split(" ")[1]
    map.set(id, [...(map.get(id) ?? []), event])
  }
  return map
}

describe("over many polls", () => {
  it.effect("1,000 polls: every change exactly once and in order per job; memory holds only unfinished jobs", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 300)
      const changes = script(fake, 1)
      const state = internal.makeState()
      const events: Array<string> = []
      let maxTracked = 0
      // Back-to-back polls (the TestClock costs a few timer turns per step; the schedule is not under test here).
      yield* internal.items(state, { interval: Schedule.recurs(999), pageSize: 20 }).pipe(
        Stream.runForEach((item) =>
          Effect.sync(() => {
            if (item._tag !== "PollDone") return void events.push(describeEvent(item))
            const unfinished = fake.jobs.filter((j) => !JobWatch.isFinal(j.status)).length
            // What a watch holds: the unfinished jobs, and the ids of the final ones it saw.
            expect(state.tracked.size).toBe(unfinished)
            expect(state.settled.size + state.tracked.size).toBeLessThanOrEqual(fake.jobs.length)
            maxTracked = Math.max(maxTracked, state.tracked.size)
            fake.state.poll++
            changes.step()
          })
        ),
        Effect.provide(fake.layer)
      )
      expect(state.polls).toBe(1000)
      const [tracked, grew] = guideSays(/never more than (\d+) while the list grew past (\d+) jobs/)
      expect(fake.jobs.length).toBeGreaterThan(grew)
      expect(maxTracked).toBeLessThanOrEqual(tracked)
      expect(byJob(events)).toEqual(byJob(changes.truth))
      expect(events.filter((e) => e.startsWith("Finished")).length).toBe(
        new Set(events.filter((e) => e.startsWith("Finished")).map((e) => e.split(" ")[1])).size
      )
      // Every poll walked only as far as the oldest unfinished job: never the whole list again.
      const [atMost] = guideSays(
        /Over 1,000 polls with jobs arriving and finishing \(page size 20\), no poll needed more than (\d+) requests/
      )
      expect(Math.max(...Array.from({ length: 999 }, (_, k) => fake.requestsInPoll(k + 1)))).toBeLessThanOrEqual(atMost)
    }))

  it.effect("a poll failing mid-walk, resumed with Stream.retry, neither loses nor repeats an event", () =>
    Effect.gen(function*() {
      const run = (failures: ReadonlyArray<number>) =>
        Effect.gen(function*() {
          const fake = makeFake()
          listOf(fake, 100)
          const changes = script(fake, 7)
          for (let i = 0; i < 30; i++) changes.step()
          for (const n of failures) fake.state.failAt.add(n)
          const events: Array<string> = []
          const fiber = yield* forkChild(
            JobWatch.watch({ interval: "1 second", pageSize: 3 }).pipe(
              Stream.retry(Schedule.forever),
              Stream.runForEach((e) => Effect.sync(() => events.push(describeEvent(e)))),
              Effect.provide(fake.layer)
            )
          )
          yield* TestClock.adjust("1 millis")
          const baseline = changes.truth.length
          for (let k = 0; k < 40; k++) {
            changes.step()
            yield* TestClock.adjust("1 second")
          }
          yield* Fiber.interrupt(fiber)
          return { events, truth: changes.truth.slice(baseline), requests: fake.requests.length }
        })
      const clean = yield* run([])
      expect(byJob(clean.events)).toEqual(byJob(clean.truth))
      // Fail requests in the middle of walks (second and later pages) and first pages.
      const faulty = yield* run([40, 41, 50, 61, 62, 63, 80, 95, 120, 121])
      expect(faulty.events).toEqual(clean.events)
      expect(faulty.requests).toBeGreaterThan(clean.requests)
    }))
})

describe("Stream.retry around a watch or a walk", () => {
  // Effect 3's Stream.retry starts its schedule again after every chunk the stream emits, empty ones
  // included: a watch that emitted an empty chunk per page without events was retried forever.
  const failingThirdPage = () => {
    const list = Array.from({ length: 6 }, (_, i) => ({ ...job(i + 1), status: "RUNNING" }))
    const serve = listServer(list)
    // Page 3 of every walk fails; past 100 requests the test has failed already, so the server stops it.
    const http = fakeHttp((request, index) =>
      index >= 100
        ? Effect.die(new Error("unbounded: more than 100 requests"))
        : request.url.searchParams.get("cursor") === "c2"
        ? text("unavailable", 503)
        : serve(request, index)
    )
    const layer = SutroClient.layer({ apiKey: Redacted.make(apiKey), retry: { maxRetries: 0 } }).pipe(
      Layer.provide(http.layer)
    )
    return { requests: http.requests, layer }
  }

  it.effect("a watch whose polls fail on page 3 gives up after Schedule.recurs(3): 4 polls, 12 requests", () =>
    Effect.gen(function*() {
      const { layer, requests } = failingThirdPage()
      const error = yield* JobWatch.watch({ pageSize: 1, interval: "1 second" }).pipe(
        Stream.retry(Schedule.recurs(3)),
        Stream.runDrain,
        Effect.provide(layer),
        Effect.flip
      )
      expect(error).toMatchObject({ _tag: "ServerError", status: 503 })
      expect(requests).toHaveLength(12)
    }))

  it.effect("so does a watch with initial events: once they are out, a retried poll emits nothing", () =>
    Effect.gen(function*() {
      const { layer, requests } = failingThirdPage()
      const events: Array<string> = []
      const error = yield* JobWatch.watch({ pageSize: 1, interval: "1 second", initial: true }).pipe(
        Stream.tap((event) => Effect.sync(() => events.push(event._tag))),
        Stream.retry(Schedule.recurs(3)),
        Stream.runDrain,
        Effect.provide(layer),
        Effect.flip
      )
      expect(error).toMatchObject({ _tag: "ServerError", status: 503 })
      // The two jobs of pages 1 and 2, once: the first retry resets the schedule (an event came
      // out), the ones after it see nothing new.
      expect(events).toEqual(["Added", "Added"])
      expect(requests.length).toBeLessThanOrEqual(15)
    }))

  it.effect("jobs and pages emit no empty chunk for an empty page", () =>
    Effect.gen(function*() {
      // An empty first page, then one job.
      const http = fakeHttp((request) =>
        request.url.searchParams.get("cursor") === null
          ? new Response(JSON.stringify({ jobs: [], next_cursor: "c1" }), { status: 200 })
          : new Response(JSON.stringify({ jobs: [job(1)], next_cursor: null }), { status: 200 })
      )
      const client = yield* SutroClient.make({ apiKey: Redacted.make(apiKey) }).pipe(Effect.provide(http.layer))
      const sizes = <A, E>(stream: Stream.Stream<A, E>) =>
        Effect.suspend(() => {
          const seen: Array<number> = []
          return stream.pipe(
            Stream.chunks,
            Stream.runForEach((chunk) => Effect.sync(() => seen.push(chunk.length))),
            Effect.as(seen)
          )
        })
      expect(yield* sizes(client.jobs({ prefetch: 0 }))).toEqual([1])
      expect(yield* sizes(client.pages({ prefetch: 0 }))).toEqual([1, 1])
    }))
})

describe("waitFor", () => {
  const waiting = (fake: Fake, ids: ReadonlyArray<string>, options: JobWatch.WaitOptions = {}) =>
    forkChild(
      JobWatch.waitFor(ids, { interval: "1 second", pageSize: 10, ...options }).pipe(
        Effect.provide(fake.layer),
        asResult
      )
    )

  it.effect("completes with the final jobs, in the order asked, and stops polling", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 100, [3, 42])
      const fiber = yield* waiting(fake, ["job_42", "job_3", "job_8"])
      yield* TestClock.adjust("1 millis")
      // The first poll stops once it has found every job: job_42 is on page 5.
      expect(fake.requests).toHaveLength(5)
      fake.set("job_42", { status: "FAILED" })
      yield* TestClock.adjust("1 second")
      expect(fake.requests).toHaveLength(10)
      fake.set("job_3", { status: "CANCELLED" })
      yield* TestClock.adjust("1 second")
      // Only as deep as the oldest unfinished one it waits for: job_3, on page 1.
      expect(fake.requests).toHaveLength(11)
      const result = yield* Fiber.join(fiber)
      expect(getOrThrow(result).map((j: Job.Job) => [j.job_id, j.status])).toEqual([
        ["job_42", "FAILED"],
        ["job_3", "CANCELLED"],
        ["job_8", "SUCCEEDED"]
      ])
      yield* TestClock.adjust("10 seconds")
      expect(fake.requests).toHaveLength(11)
    }))

  it.effect("onEvent receives every event, the last Finished included", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 20, [3])
      const seen: Array<string> = []
      const fiber = yield* waiting(fake, ["job_3"], {
        onEvent: (event) => Effect.sync(() => seen.push(describeEvent(event)))
      })
      yield* TestClock.adjust("1 millis")
      fake.set("job_3", { status: "SUCCEEDED" })
      yield* TestClock.adjust("1 second")
      const result = yield* Fiber.join(fiber)
      expect(getOrThrow(result).map((j: Job.Job) => j.status)).toEqual(["SUCCEEDED"])
      expect(seen).toEqual([
        "Added job_3 RUNNING",
        "Changed job_3 RUNNING->SUCCEEDED [status]",
        "Finished job_3 SUCCEEDED"
      ])
    }))

  it.effect("onEvent: a job already final at the first poll is one Added with its final status, no Finished", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 20, [3])
      const seen: Array<string> = []
      const fiber = yield* waiting(fake, ["job_5", "job_3"], {
        onEvent: (event) => Effect.sync(() => seen.push(describeEvent(event)))
      })
      yield* TestClock.adjust("1 millis")
      fake.set("job_3", { status: "FAILED" })
      yield* TestClock.adjust("1 second")
      const result = yield* Fiber.join(fiber)
      expect(getOrThrow(result).map((j: Job.Job) => j.status)).toEqual(["SUCCEEDED", "FAILED"])
      expect(seen).toEqual([
        "Added job_3 RUNNING",
        "Added job_5 SUCCEEDED",
        "Changed job_3 RUNNING->FAILED [status]",
        "Finished job_3 FAILED"
      ])
    }))

  it.effect("fails with UnknownJobError after one full walk for an id that is not listed", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 35, [3])
      const fiber = yield* waiting(fake, ["job_3", "job_nope"])
      yield* TestClock.adjust("1 millis")
      const result = yield* Fiber.join(fiber)
      expect(failureOf(result)).toMatchObject({
        _tag: "UnknownJobError",
        jobIds: ["job_nope"],
        reason: "NotFound"
      })
      expect(fake.requests).toHaveLength(4)
    }))

  it.effect("fails with UnknownJobError BeyondMaxPages when the job is older than a poll may go", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 100, [77])
      const fiber = yield* waiting(fake, ["job_77"], { maxPagesPerPoll: 3 })
      yield* TestClock.adjust("1 millis")
      const result = yield* Fiber.join(fiber)
      expect(failureOf(result)).toMatchObject({ reason: "BeyondMaxPages" })
    }))

  it.effect("fails with WaitTimeoutError naming the jobs still pending", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 30, [3, 4])
      const fiber = yield* waiting(fake, ["job_3", "job_4"], { timeout: "5 seconds" })
      yield* TestClock.adjust("1 millis")
      fake.set("job_3", { status: "SUCCEEDED" })
      yield* TestClock.adjust("10 seconds")
      const result = yield* Fiber.join(fiber)
      const error = failureOf(result)
      expect(error).toMatchObject({ _tag: "WaitTimeoutError", pending: ["job_4"], timeoutMillis: 5000 })
      expect(error.message).toBe("Gave up after 5 s: job_4 not finished yet.")
    }))

  it.effect("refuses a bare string (not its characters as ids), at the type and at run time", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 5)
      // @ts-expect-error a string is iterable, but its characters are not job ids
      const result = yield* JobWatch.waitFor("job_1").pipe(Effect.provide(fake.layer), asResult)
      expect(failureOf(result)).toMatchObject({ _tag: "ConfigurationError", reason: "InvalidOption" })
      expect(failureOf(result).message).toContain("not a string")
      expect(fake.requests).toHaveLength(0)
    }))

  it.effect("refuses ids with a control character, blank ones, and what is not a list of strings", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 5)
      for (
        const ids of [["job_1\n"], ["job_1", "job\u00002"], ["\tjob_1"], [" "], [5], [null], null, 5, {}, new Set()]
      ) {
        const result = yield* JobWatch.waitFor(ids as Array<string>).pipe(Effect.provide(fake.layer), asResult)
        expect(failureOf(result)).toMatchObject({ _tag: "ConfigurationError", reason: "InvalidOption" })
      }
      for (const options of [{ onEvent: 5 }, { timeout: true }, { createdAfter: "1" }]) {
        const result = yield* JobWatch.waitFor(["job_1"], options as JobWatch.WaitOptions).pipe(
          Effect.provide(fake.layer),
          asResult
        )
        expect(failureOf(result)).toMatchObject({ _tag: "ConfigurationError", reason: "InvalidOption" })
      }
      expect(fake.requests).toHaveLength(0)
    }))

  it.effect("takes any other iterable of ids, read once: a Set, a generator", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      listOf(fake, 5)
      const ids = function*() {
        yield "job_2"
        yield "job_1"
      }
      const jobs = yield* JobWatch.waitFor(ids(), { pageSize: 10 }).pipe(Effect.provide(fake.layer))
      expect(jobs.map((j: Job.Job) => j.job_id)).toEqual(["job_2", "job_1"])
      const again = yield* JobWatch.waitFor(new Set(["job_3"]), { pageSize: 10 }).pipe(Effect.provide(fake.layer))
      expect(again.map((j: Job.Job) => j.job_id)).toEqual(["job_3"])
    }))

  it.effect("refuses an empty list of ids", () =>
    Effect.gen(function*() {
      const fake = makeFake()
      const result = yield* JobWatch.waitFor([]).pipe(Effect.provide(fake.layer), asResult)
      expect(failureOf(result)._tag).toBe("ConfigurationError")
    }))
})
