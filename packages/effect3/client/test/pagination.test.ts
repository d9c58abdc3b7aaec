import { describe, expect, it } from "@effect/vitest"
import type { Cursor } from "@sutro-effect/core"
import { JobsPage, SutroError } from "@sutro-effect/core"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import * as pagination from "../src/internal/pagination.js"
import { collect, forkChild, getOrThrow, recordingTracer } from "./compat.js"
import { clientFor, job, json, minutesBefore, page } from "./helpers.js"

// The walk alone, over a fake fetchPage: no HTTP, every request counted.

type WirePage = { readonly jobs: ReadonlyArray<ReturnType<typeof job>>; readonly next_cursor: string | null }

const decode = (wire: WirePage) => getOrThrow(JobsPage.decodePage(wire))

/** A fake server: `pages[cursor ?? ""]` answers a cursor; every call is recorded. */
const fakeServer = (pages: Record<string, WirePage>) => {
  const calls: Array<string | null> = []
  const limits: Array<number> = []
  const fetchPage = (cursor: Cursor.Cursor | null, index: number, limit: number) =>
    Effect.suspend(() => {
      calls.push(cursor)
      limits.push(limit)
      const wire = pages[cursor ?? ""]
      if (wire === undefined) return Effect.die(`no page for cursor ${cursor}`)
      return Effect.succeed({ ...decode(wire), cursor, index })
    })
  return { calls, limits, fetchPage }
}

const walk = (overrides: Partial<pagination.Walk> = {}): pagination.Walk => ({
  startCursor: null,
  createdAfter: undefined,
  prefetch: 0,
  maxPages: Infinity,
  pageSize: 10,
  maxJobs: Infinity,
  ...overrides
})

/** 25 jobs, newest first, in pages of 10 with cursors c10, c20. */
const list = Array.from({ length: 25 }, (_, i) => job(i))
const linear: Record<string, WirePage> = {
  "": { jobs: list.slice(0, 10), next_cursor: "c10" },
  c10: { jobs: list.slice(10, 20), next_cursor: "c20" },
  c20: { jobs: list.slice(20), next_cursor: null }
}

const ids = (pages: ReadonlyArray<pagination.Page>) => pages.flatMap((p) => p.jobs.map((j) => j.job_id))

describe("the page walk over a fake fetchPage", () => {
  for (const prefetch of [0, 1, 2]) {
    it.effect(`prefetch ${prefetch}: every job once, in order, one request per page`, () =>
      Effect.gen(function*() {
        const server = fakeServer(linear)
        const pages = yield* collect(pagination.pages(server.fetchPage, walk({ prefetch })))
        expect(ids(pages)).toEqual(list.map((j) => j.job_id))
        expect(pages.map((p) => [p.index, p.cursor])).toEqual([[0, null], [1, "c10"], [2, "c20"]])
        expect(server.calls).toEqual([null, "c10", "c20"])
      }))
  }

  it.effect("maxPages and createdAfter stop the walk without another request", () =>
    Effect.gen(function*() {
      const bounded = fakeServer(linear)
      yield* collect(pagination.pages(bounded.fetchPage, walk({ maxPages: 2, prefetch: 1 })))
      expect(bounded.calls).toEqual([null, "c10"])
      const recent = fakeServer(linear)
      const pages = yield* collect(
        pagination.pages(recent.fetchPage, walk({ createdAfter: Date.parse(minutesBefore(12)), prefetch: 1 }))
      )
      expect(ids(pages)).toEqual(list.slice(0, 12).map((j) => j.job_id))
      expect(recent.calls).toEqual([null, "c10"])
    }))

  for (const prefetch of [0, 1, 2]) {
    it.effect(`prefetch ${prefetch}: maxJobs ends the walk with the job it wants, asking only for those`, () =>
      Effect.gen(function*() {
        const server = fakeServer(linear)
        const pages = yield* collect(pagination.pages(server.fetchPage, walk({ maxJobs: 12, prefetch })))
        expect(ids(pages)).toEqual(list.slice(0, 12).map((j) => j.job_id))
        expect(server.calls).toEqual([null, "c10"])
        expect(server.limits).toEqual([10, 2])
      }))
  }

  it.effect("maxJobs: a server that sends more than the limit delivers no job beyond maxJobs", () =>
    Effect.gen(function*() {
      const server = fakeServer(linear)
      const pages = yield* collect(pagination.pages(server.fetchPage, walk({ maxJobs: 4, pageSize: 4, prefetch: 1 })))
      expect(ids(pages)).toEqual(list.slice(0, 4).map((j) => j.job_id))
      expect(server.calls).toEqual([null])
    }))

  it.effect("startCursor resumes there", () =>
    Effect.gen(function*() {
      const server = fakeServer(linear)
      const pages = yield* collect(pagination.pages(server.fetchPage, walk({ startCursor: "c10" as Cursor.Cursor })))
      expect(ids(pages)).toEqual(list.slice(10).map((j) => j.job_id))
      expect(server.calls).toEqual(["c10", "c20"])
    }))

  it.effect("a cursor that leads back in other text fails before the repeated page is emitted", () =>
    Effect.gen(function*() {
      // c20 answers the first page again under new cursor text: the walk would deliver 10 jobs twice.
      const server = fakeServer({ ...linear, c20: { jobs: list.slice(0, 10), next_cursor: "c10-again" } })
      const seen: Array<string> = []
      const exit = yield* pagination.pages(server.fetchPage, walk({ prefetch: 1 })).pipe(
        Stream.runForEach((page) => Effect.sync(() => seen.push(...page.jobs.map((j) => j.job_id)))),
        Effect.exit
      )
      expect(seen).toEqual(list.slice(0, 20).map((j) => j.job_id))
      expect(exit).toStrictEqual(Exit.fail(
        new SutroError.PaginationError({
          detail:
            "page 2 holds job job_0, created after jobs already delivered (the list is newest first): the cursor led back",
          pages: 2,
          cursor: "c20"
        })
      ))
    }))

  it.effect("jobs of the previous page again fail the walk even without creation dates", () =>
    Effect.gen(function*() {
      const undated = Array.from({ length: 4 }, (_, i) => job(i, null))
      const server = fakeServer({
        "": { jobs: undated.slice(0, 2), next_cursor: "a" },
        a: { jobs: undated.slice(1, 3), next_cursor: null }
      })
      const error = yield* Effect.flip(collect(pagination.pages(server.fetchPage, walk())))
      expect(error).toMatchObject({ _tag: "PaginationError", cursor: "a", pages: 1 })
      expect(error.message).toContain("repeats job job_1")
    }))

  it.effect("jobs created at the same instant may come in any order across pages; null dates are exempt", () =>
    Effect.gen(function*() {
      const at = minutesBefore(5)
      const server = fakeServer({
        "": { jobs: [job(1, at), job(2, at)], next_cursor: "a" },
        a: { jobs: [job(3, at), job(4, null), job(5, minutesBefore(6))], next_cursor: "b" },
        b: { jobs: [job(6, null), job(7, minutesBefore(7))], next_cursor: null }
      })
      const pages = yield* collect(pagination.pages(server.fetchPage, walk()))
      expect(ids(pages)).toEqual(["job_1", "job_2", "job_3", "job_4", "job_5", "job_6", "job_7"])
    }))

  it.effect("a cursor text already used fails with PaginationError", () =>
    Effect.gen(function*() {
      const undated = (i: number) => job(i, null)
      const server = fakeServer({
        "": { jobs: [undated(0)], next_cursor: "a" },
        a: { jobs: [undated(1)], next_cursor: "b" },
        b: { jobs: [undated(2)], next_cursor: "a" }
      })
      const error = yield* Effect.flip(collect(pagination.pages(server.fetchPage, walk())))
      expect(error).toMatchObject({ _tag: "PaginationError", pages: 3, cursor: "b" })
      expect(server.calls).toEqual([null, "a", "b"])
    }))

  it.effect("remembers a bounded window of cursors: a walk of any length keeps constant memory", () =>
    Effect.gen(function*() {
      // An endless list of one-job pages with fresh cursors: only maxPages ends it.
      let calls = 0
      const fetchPage = (cursor: Cursor.Cursor | null, index: number) =>
        Effect.sync(() => {
          calls++
          return { ...decode({ jobs: [job(index, null)], next_cursor: `p${index + 1}` }), cursor, index }
        })
      const pages = yield* collect(pagination.pages(fetchPage, walk({ maxPages: 5 * pagination.cursorWindow })))
      expect(pages).toHaveLength(5 * pagination.cursorWindow)
      expect(calls).toBe(5 * pagination.cursorWindow)
    }))

  it.effect("an endless chain of empty pages with fresh cursors fails after 101 of them, without maxPages", () =>
    Effect.gen(function*() {
      let calls = 0
      const fetchPage = (cursor: Cursor.Cursor | null, index: number) =>
        Effect.sync(() => {
          calls++
          return { jobs: [], next_cursor: `p${index + 1}` as Cursor.Cursor, cursor, index }
        })
      for (const prefetch of [0, 1]) {
        calls = 0
        const error = yield* Effect.flip(collect(pagination.pages(fetchPage, walk({ prefetch }))))
        expect(error).toMatchObject({ _tag: "PaginationError", pages: 100, cursor: "p100" })
        expect(error.message).toContain("101 empty pages in a row")
        expect(calls).toBe(101)
      }
    }))

  it.effect("a job listed twice, on one page or again on a later page, fails the walk naming the job", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [string, Record<string, WirePage>, string, number, ReadonlyArray<string>]> = [
        [
          "twice on one page",
          { "": { jobs: [job(1), job(2), job(2)], next_cursor: null } },
          "page 0 lists job job_2 twice",
          0,
          []
        ],
        [
          "twice on a later page",
          { "": { jobs: [job(1)], next_cursor: "a" }, a: { jobs: [job(2), job(3), job(3)], next_cursor: null } },
          "page 1 lists job job_3 twice",
          1,
          ["job_1"]
        ],
        [
          "again two pages later, with an older creation time",
          {
            "": { jobs: [job(1), job(2)], next_cursor: "a" },
            a: { jobs: [job(3)], next_cursor: "b" },
            b: { jobs: [job(4), { ...job(1), datetime_created: minutesBefore(9) }], next_cursor: null }
          },
          "page 2 lists job job_1 again",
          2,
          ["job_1", "job_2", "job_3"]
        ],
        [
          "again after an empty page, without creation dates",
          {
            "": { jobs: [job(1, null)], next_cursor: "a" },
            a: { jobs: [], next_cursor: "b" },
            b: { jobs: [job(1, null)], next_cursor: null }
          },
          "page 2 lists job job_1 again",
          2,
          ["job_1"]
        ]
      ]
      for (const [name, pages, detail, index, delivered] of cases) {
        for (const prefetch of [0, 1]) {
          const server = fakeServer(pages)
          const seen: Array<string> = []
          const error = yield* pagination.pages(server.fetchPage, walk({ prefetch })).pipe(
            Stream.runForEach((page) => Effect.sync(() => seen.push(...page.jobs.map((j) => j.job_id)))),
            Effect.flip
          )
          expect({ name, tag: error._tag, pages: (error as SutroError.PaginationError).pages }).toEqual({
            name,
            tag: "PaginationError",
            pages: index
          })
          expect(error.message).toContain(detail)
          // The offending page is not emitted: every job delivered once.
          expect(seen).toEqual(delivered)
        }
      }
    }))

  it.effect("prefetch 1 starts the next request before a synchronous consumer works through a page", () =>
    Effect.gen(function*() {
      const server = fakeServer(linear)
      // What the consumer sees of the requests while it works on each page, without ever yielding.
      const startedWhileConsuming: Array<number> = []
      yield* pagination.pages(server.fetchPage, walk({ prefetch: 1 })).pipe(
        Stream.runForEach((page) => Effect.sync(() => startedWhileConsuming[page.index] = server.calls.length))
      )
      // Page 0 is consumed while page 1 is already requested; so is page 1 with page 2.
      expect(startedWhileConsuming).toEqual([2, 3, 3])
    }))

  it.effect("prefetch 1 gives a request the producer started the event-loop turns to go out before the consumer works", () =>
    Effect.gen(function*() {
      // Like undici, this fetchPage writes its request to the socket two turns of the event loop after
      // it starts it; a consumer that works synchronously through a page holds the event loop.
      const server = fakeServer(linear)
      const written: Array<number> = []
      const fetchPage = (cursor: Cursor.Cursor | null, index: number, limit: number) =>
        Effect.andThen(
          Effect.sync(() => setImmediate(() => setImmediate(() => written.push(index)))),
          server.fetchPage(cursor, index, limit)
        )
      const writtenWhileConsuming: Array<ReadonlyArray<number>> = []
      yield* pagination.pages(fetchPage, walk({ prefetch: 1 })).pipe(
        Stream.runForEach((page) => Effect.sync(() => writtenWhileConsuming[page.index] = [...written]))
      )
      expect(writtenWhileConsuming).toEqual([[0, 1], [0, 1, 2], [0, 1, 2]])
    }))

  it.effect("interrupting the consumer interrupts a request in flight", () =>
    Effect.gen(function*() {
      for (const prefetch of [0, 1]) {
        const started = yield* Deferred.make<void>()
        const interrupted = yield* Deferred.make<void>()
        const fetchPage = (cursor: Cursor.Cursor | null, index: number) =>
          index === 0
            ? Effect.succeed({ jobs: [], next_cursor: "a" as Cursor.Cursor, cursor, index })
            : Deferred.succeed(started, undefined).pipe(
              Effect.andThen(Effect.never),
              Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined))
            )
        const fiber = yield* forkChild(Stream.runDrain(pagination.pages(fetchPage, walk({ prefetch }))))
        yield* Deferred.await(started)
        yield* Fiber.interrupt(fiber)
        yield* Deferred.await(interrupted)
      }
    }))
})

describe("the walk's span", () => {
  it.effect("one SutroClient.pages span per walk, parent of every request, ended with the walk's failure", () =>
    Effect.gen(function*() {
      const { spans, tracer } = recordingTracer()
      const { make } = clientFor((request) =>
        request.url.searchParams.get("cursor") === null ? json(page([job(1)], "a")) : json({ detail: "no" }, 400)
      )
      const client = yield* make
      const exit = yield* Stream.runDrain(client.pages({ prefetch: 1 })).pipe(Effect.withTracer(tracer), Effect.exit)
      expect(Exit.isFailure(exit)).toBe(true)
      const walks = spans.filter((s) => s.name === "SutroClient.pages")
      expect(walks).toHaveLength(1)
      const requests = spans.filter((s) => s.name === "SutroClient.request")
      expect(requests).toHaveLength(2)
      expect(requests.every((s) => s.parent._tag === "Some" && s.parent.value.spanId === walks[0].spanId)).toBe(true)
      expect(walks[0].status._tag).toBe("Ended")
      expect(walks[0].status._tag === "Ended" && Exit.isFailure(walks[0].status.exit)).toBe(true)
    }))
})
// @generated by scripts/one-source.mjs from packages/effect4/client/test/pagination.test.ts: edit that file, then run `pnpm one-source`
