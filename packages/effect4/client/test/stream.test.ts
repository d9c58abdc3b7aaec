import { describe, expect, it } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import { SutroError } from "@sutro-effect/core"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Metric from "effect/Metric"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/testing/TestClock"
import { collect, forkChild, makeDateTime } from "./compat.js"
import { clientFor, eventually, type Handler, job, json, listServer, minutesBefore, page, settle } from "./helpers.js"

const allJobs = Array.from({ length: 35 }, (_, i) => job(i))
const ids = (jobs: ReadonlyArray<{ readonly job_id: string }>) => jobs.map((j) => j.job_id)

describe("pages and jobs", () => {
  it.effect("follows next_cursor to the end; each page carries its cursor, next_cursor and index", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(listServer(allJobs))
      const client = yield* make
      const pages = yield* collect(client.pages({ pageSize: 10 }))
      expect(pages.map((p) => [p.index, p.cursor, p.next_cursor, p.jobs.length])).toEqual([
        [0, null, "c10", 10],
        [1, "c10", "c20", 10],
        [2, "c20", "c30", 10],
        [3, "c30", null, 5]
      ])
      expect(requests.map((r) => r.url.search)).toEqual([
        "?limit=10",
        "?limit=10&cursor=c10",
        "?limit=10&cursor=c20",
        "?limit=10&cursor=c30"
      ])
    }))

  it.effect("jobs flattens the pages, newest first, with the default page size of 100", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(listServer(allJobs))
      const jobs = yield* collect(Stream.unwrap(Effect.map(make, (c) => c.jobs())))
      expect(ids(jobs)).toEqual(ids(allJobs))
      expect(requests.map((r) => r.url.search)).toEqual(["?limit=100"])
    }))

  it.effect("Stream.take stops fetching: without prefetch, only the pages needed", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(listServer(allJobs))
      const client = yield* make
      const jobs = yield* collect(client.jobs({ pageSize: 10, prefetch: 0 }).pipe(Stream.take(15)))
      expect(jobs).toHaveLength(15)
      expect(requests).toHaveLength(2)
    }))

  it.effect("Stream.take with prefetch 1 fetches at most one page beyond the needed ones", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(listServer(allJobs))
      const client = yield* make
      yield* collect(client.jobs({ pageSize: 10 }).pipe(Stream.take(15)))
      expect(requests.length).toBeGreaterThanOrEqual(2)
      expect(requests.length).toBeLessThanOrEqual(3)
    }))

  for (const prefetch of [1, 2]) {
    it.effect(`prefetch ${prefetch} fetches exactly ${prefetch} page(s) ahead of a slow consumer, no more`, () =>
      Effect.gen(function*() {
        const { make, requests } = clientFor(listServer(allJobs))
        const client = yield* make
        const consumed: Array<number> = []
        const fiber = yield* forkChild(
          client.pages({ pageSize: 5, prefetch }).pipe(
            Stream.tap((p) => Effect.sync(() => consumed.push(p.index))),
            Stream.tap(() => Effect.sleep("1 second")),
            Stream.runDrain
          )
        )
        yield* settle
        yield* TestClock.adjust("10 millis")
        yield* eventually(() => consumed.length >= 1 && requests.length >= 1 + prefetch)
        expect(consumed).toEqual([0])
        expect(requests).toHaveLength(1 + prefetch)
        yield* TestClock.adjust("1 second")
        yield* eventually(() => consumed.length >= 2 && requests.length >= 2 + prefetch)
        expect(consumed).toEqual([0, 1])
        expect(requests).toHaveLength(2 + prefetch)
        yield* TestClock.adjust("10 seconds")
        yield* Fiber.join(fiber)
        expect(requests).toHaveLength(7)
      }))
  }

  it.effect("prefetch 0 fetches only when the consumer asks", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(listServer(allJobs))
      const client = yield* make
      const fiber = yield* forkChild(
        client.pages({ pageSize: 5, prefetch: 0 }).pipe(Stream.tap(() => Effect.sleep("1 second")), Stream.runDrain)
      )
      yield* TestClock.adjust("10 millis")
      expect(requests).toHaveLength(1)
      yield* Fiber.interrupt(fiber)
    }))

  for (const prefetch of [0, 1]) {
    it.effect(`prefetch ${prefetch}: a defect on a later page ends the stream with that defect, after the earlier pages`, () =>
      Effect.gen(function*() {
        const server = listServer(allJobs)
        const { make } = clientFor((request, index) => index === 1 ? Effect.die("boom") : server(request, index))
        const client = yield* make
        const seen: Array<number> = []
        const exit = yield* client.pages({ pageSize: 10, prefetch }).pipe(
          Stream.runForEach((p) => Effect.sync(() => seen.push(p.index))),
          Effect.exit
        )
        expect(seen).toEqual([0])
        expect(Exit.isFailure(exit) && Cause.squash(exit.cause)).toBe("boom")
      }))
  }

  it.effect("keeps going past an empty page that has a next_cursor", () =>
    Effect.gen(function*() {
      const handler: Handler = (request) => {
        const cursor = request.url.searchParams.get("cursor")
        if (cursor === null) return json(page([job(0)], "a"))
        if (cursor === "a") return json(page([], "b"))
        return json(page([job(1)], null))
      }
      const { make, requests } = clientFor(handler)
      const jobs = yield* collect(Stream.unwrap(Effect.map(make, (c) => c.jobs())))
      expect(ids(jobs)).toEqual(["job_0", "job_1"])
      expect(requests).toHaveLength(3)
    }))

  it.effect("a cursor that repeats fails with PaginationError instead of looping", () =>
    Effect.gen(function*() {
      const handler: Handler = (request) => {
        const cursor = request.url.searchParams.get("cursor")
        if (cursor === null) return json(page([job(0)], "a"))
        if (cursor === "a") return json(page([job(1)], "b"))
        return json(page([job(2)], "a"))
      }
      const { make, requests } = clientFor(handler)
      const client = yield* make
      const seen: Array<string> = []
      const error = yield* Effect.flip(
        // maxPages is a backstop: without repeat detection this test fails instead of hanging.
        client.jobs({ maxPages: 20 }).pipe(Stream.runForEach((j) => Effect.sync(() => seen.push(j.job_id))))
      )
      expect(error).toBeInstanceOf(SutroError.PaginationError)
      expect(error).toMatchObject({ pages: 3, cursor: "b" })
      expect(error.message).toContain("next_cursor a")
      expect(seen).toEqual(["job_0", "job_1", "job_2"])
      expect(requests).toHaveLength(3)
    }))

  it.effect("a next_cursor equal to startCursor is a repeat too", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(() => json(page([job(0)], "same")))
      const client = yield* make
      const error = yield* Effect.flip(collect(client.pages({ startCursor: "same", maxPages: 20 })))
      expect(error._tag).toBe("PaginationError")
      expect(requests).toHaveLength(1)
    }))

  it.effect("maxJobs: a walk that wants 10 jobs sends one request for 10", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(listServer(allJobs))
      const client = yield* make
      const jobs = yield* collect(client.jobs({ maxJobs: 10 }))
      expect(ids(jobs)).toEqual(ids(allJobs.slice(0, 10)))
      expect(requests.map((r) => r.url.search)).toEqual(["?limit=10"])
    }))

  it.effect("maxJobs with a page size: the last request asks only for the jobs still wanted, none is prefetched beyond", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(listServer(allJobs))
      const client = yield* make
      const jobs = yield* collect(client.jobs({ maxJobs: 15, pageSize: 10, prefetch: 2 }))
      expect(ids(jobs)).toEqual(ids(allJobs.slice(0, 15)))
      expect(requests.map((r) => r.url.search)).toEqual(["?limit=10", "?limit=5&cursor=c10"])
    }))

  it.effect("maxPages bounds the walk", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(listServer(allJobs))
      const client = yield* make
      const pages = yield* collect(client.pages({ pageSize: 10, maxPages: 2, prefetch: 3 }))
      expect(pages).toHaveLength(2)
      expect(requests).toHaveLength(2)
    }))

  it.effect("a retried page is neither lost nor emitted twice", () =>
    Effect.gen(function*() {
      const server = listServer(allJobs)
      let failed = 0
      const handler: Handler = (request, index) => {
        if (request.url.searchParams.get("cursor") === "c20" && failed < 2) {
          failed++
          return json({ detail: "busy" }, 503)
        }
        return server(request, index)
      }
      const { make, requests } = clientFor(handler)
      const client = yield* make
      const fiber = yield* forkChild(collect(client.jobs({ pageSize: 10 })))
      yield* settle
      yield* TestClock.adjust("1 second")
      const jobs = yield* Fiber.join(fiber)
      expect(ids(jobs)).toEqual(ids(allJobs))
      expect(requests).toHaveLength(6)
    }))

  it.effect("jobs() delivers a job listed twice at most once: the walk fails with PaginationError naming it", () =>
    Effect.gen(function*() {
      // job_2 again below job_3, with an older creation time (a backend listing it twice).
      const list = [job(1), job(2), job(3), job(2, minutesBefore(3.5)), job(4)]
      const cases: ReadonlyArray<readonly [number, string, ReadonlyArray<string>]> = [
        [10, "page 0 lists job job_2 twice", []],
        // On the page right after: a repeat of the page before, which a cursor leading back also gives.
        [3, "page 1 repeats job job_2 of the page before it", ["job_1", "job_2", "job_3"]],
        [1, "page 3 lists job job_2 again, already delivered by an earlier page", ["job_1", "job_2", "job_3"]]
      ]
      for (const [pageSize, detail, delivered] of cases) {
        const { make } = clientFor(listServer(list))
        const client = yield* make
        const seen: Array<string> = []
        const error = yield* client.jobs({ pageSize }).pipe(
          Stream.runForEach((j) => Effect.sync(() => seen.push(j.job_id))),
          Effect.flip
        )
        expect({ pageSize, tag: error._tag }).toEqual({ pageSize, tag: "PaginationError" })
        expect(error.message).toContain(detail)
        expect(seen).toEqual(delivered)
      }
    }))

  it.effect("a failing page's error carries its cursor and the attempts made", () =>
    Effect.gen(function*() {
      const server = listServer(allJobs)
      const handler: Handler = (request, index) =>
        request.url.searchParams.get("cursor") === "c20"
          ? json({ detail: "Invalid cursor" }, 400)
          : server(request, index)
      const { make } = clientFor(handler)
      const client = yield* make
      const error = yield* Effect.flip(collect(client.pages({ pageSize: 10 })))
      expect(error).toMatchObject({ _tag: "InvalidRequestError", status: 400, cursor: "c20", attempts: 1 })
    }))

  it.effect("resumes from a checkpoint with startCursor", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(listServer(allJobs))
      const client = yield* make
      const first = yield* collect(client.pages({ pageSize: 10, prefetch: 0 }).pipe(Stream.take(2)))
      const checkpoint = first[first.length - 1].next_cursor
      expect(checkpoint).toBe("c20")
      const rest = yield* collect(client.pages({ pageSize: 10, startCursor: checkpoint! }))
      expect(rest[0].cursor).toBe("c20")
      expect(rest[0].index).toBe(0)
      expect(requests[2].url.searchParams.get("cursor")).toBe("c20")
      expect([...first, ...rest].flatMap((p) => ids(p.jobs))).toEqual(ids(allJobs))
    }))

  it.effect("counts the jobs received", () =>
    Effect.gen(function*() {
      const before = (yield* Metric.value(SutroClient.jobsTotal)).count
      const { make } = clientFor(listServer(allJobs))
      yield* collect(Stream.unwrap(Effect.map(make, (c) => c.jobs({ pageSize: 10 }))))
      expect((yield* Metric.value(SutroClient.jobsTotal)).count - before).toBe(35)
    }))
})

describe("createdAfter", () => {
  it.effect("stops at the first page that reaches older jobs, without fetching further pages", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(listServer(allJobs))
      const client = yield* make
      // job_i was created i minutes before the reference time: after minute 14 means job_0..job_13.
      const jobs = yield* collect(client.jobs({ pageSize: 10, createdAfter: minutesBefore(14), prefetch: 0 }))
      expect(ids(jobs)).toEqual(ids(allJobs.slice(0, 14)))
      expect(requests).toHaveLength(2)
    }))

  it.effect("does not prefetch past the stopping page", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(listServer(allJobs))
      const client = yield* make
      yield* collect(client.jobs({ pageSize: 10, createdAfter: minutesBefore(5), prefetch: 3 }))
      expect(requests).toHaveLength(1)
    }))

  it.effect("accepts a DateTime and a Date", () =>
    Effect.gen(function*() {
      const { make } = clientFor(listServer(allJobs))
      const client = yield* make
      const at = new Date(minutesBefore(3))
      const fromDate = yield* collect(client.jobs({ createdAfter: at }))
      const fromDateTime = yield* collect(client.jobs({ createdAfter: makeDateTime(at) }))
      expect(ids(fromDate)).toEqual(["job_0", "job_1", "job_2"])
      expect(ids(fromDateTime)).toEqual(ids(fromDate))
    }))

  it.effect("jobs whose datetime_created is null never stop the walk", () =>
    Effect.gen(function*() {
      const list = [job(0), job(100, null), job(1), job(101, null), job(2), job(3)]
      const { make, requests } = clientFor(listServer(list))
      const client = yield* make
      const jobs = yield* collect(client.jobs({ pageSize: 2, createdAfter: minutesBefore(2), prefetch: 0 }))
      expect(ids(jobs)).toEqual(["job_0", "job_100", "job_1", "job_101"])
      expect(requests).toHaveLength(3)
    }))
})

describe("stream option validation", () => {
  const bad: ReadonlyArray<[string, SutroClient.StreamOptions, string]> = [
    ["pageSize 0", { pageSize: 0 }, "pageSize"],
    ["pageSize 101", { pageSize: 101 }, "pageSize"],
    ["an empty startCursor", { startCursor: "" }, "startCursor"],
    ["an unparseable createdAfter", { createdAfter: "yesterday" }, "createdAfter"],
    ["an invalid Date", { createdAfter: new Date(NaN) }, "createdAfter"],
    ["a negative prefetch", { prefetch: -1 }, "prefetch"],
    ["maxPages 0", { maxPages: 0 }, "maxPages"],
    ["maxJobs 0", { maxJobs: 0 }, "maxJobs"],
    ["maxJobs 1.5", { maxJobs: 1.5 }, "maxJobs"]
  ]
  for (const [name, options, parameter] of bad) {
    it.effect(`refuses ${name} before any request`, () =>
      Effect.gen(function*() {
        const { make, requests } = clientFor(listServer(allJobs))
        const client = yield* make
        const error = yield* Effect.flip(collect(client.pages(options)))
        expect(error).toMatchObject({ _tag: "InvalidRequestError", parameter })
        expect(requests).toHaveLength(0)
      }))
  }
})
