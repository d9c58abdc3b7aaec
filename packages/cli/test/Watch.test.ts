// `watch` against an emulator in this process: what it says before and after its first poll, one line per job
// per event in the order they happened, and the view that updates in place on a terminal (a pure render,
// tested without a TTY).
import { describe, expect, it } from "@effect/vitest"
import { JobWatch } from "@sutro-effect/client"
import type * as SutroClient from "@sutro-effect/client/SutroClient"
import type { Job } from "@sutro-effect/core"
import * as Emulator from "@sutro-effect/emulator/Emulator"
import * as NodeSutroClient from "@sutro-effect/node/NodeSutroClient"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as Watch from "../src/Watch.js"
import { baseJob, job } from "./helpers.js"

const key = "sk_watch_test"

const withEmulator = <A, E>(use: (emulator: Emulator.Service) => Effect.Effect<A, E, SutroClient.SutroClient>) =>
  Effect.scoped(Effect.gen(function*() {
    const emulator = yield* Emulator.make({ apiKeys: [key], jobs: 0 })
    return yield* use(emulator).pipe(
      Effect.provide(NodeSutroClient.layer({ apiKey: Redacted.make(key), baseUrl: emulator.url }))
    )
  }))

const wire = (id: string, status: string, minutesAgo: number): Job.JobEncoded => ({
  ...baseJob,
  job_id: id,
  status,
  failure_reason: null,
  datetime_created: new Date(Date.UTC(2025, 5, 1) - minutesAgo * 60_000).toISOString()
})

/** Yields (in real time) until `check` holds, for at most 10 s. */
const until = (check: () => boolean) =>
  Effect.gen(function*() {
    for (let i = 0; i < 200 && !check(); i++) yield* Effect.sleep("50 millis")
    expect(check()).toBe(true)
  })

const transcript = () => {
  const out: Array<string> = []
  const notes: Array<string> = []
  return {
    out,
    notes,
    write: (text: string) => Effect.sync(() => void out.push(text)),
    note: (text: string) => Effect.sync(() => void notes.push(text))
  }
}

describe("watch says what it does", () => {
  it.live("at once: the interval, the jobs and that times are UTC; after the first poll, how many it follows", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        yield* emulator.insertJobs([
          wire("run-1", "RUNNING", 1),
          wire("queued-1", "QUEUED", 2),
          wire("cancelling-1", "CANCELLING", 3),
          wire("done-1", "SUCCEEDED", 4),
          wire("failed-1", "FAILED", 5)
        ])
        const t = transcript()
        const fiber = yield* Effect.fork(
          Watch.run({ intervalMillis: 3_600_000, format: "table", width: 100 }, t.write, t.note)
        )
        yield* until(() => t.notes.length >= 2)
        yield* Fiber.interrupt(fiber)
        expect(t.notes[0]).toMatch(/^watching all jobs, polling every 1 h; times are UTC; Ctrl-C to stop\n$/)
        // CANCELLING is not final: followed.
        expect(t.notes[1]).toMatch(/^following 3 unfinished jobs · 0 finished · last poll \d\d:\d\d:\d\d UTC \(1\)\n$/)
        // Nothing but the header: the jobs already there are not news without --initial.
        expect(t.out.join("")).toBe(Watch.eventHeader(100))
      })
    ))
})

describe("watch writes one line per job per event, in the order they happened", () => {
  it.live("a finish is one Finished line with the final status; the older job's first", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        yield* emulator.insertJobs([wire("older", "RUNNING", 10), wire("newer", "RUNNING", 5)])
        for (const format of ["ndjson", "table"] as const) {
          const t = transcript()
          const fiber = yield* Effect.fork(Watch.run({ intervalMillis: 200, format, width: 120 }, t.write, t.note))
          yield* until(() => t.notes.length >= 2)
          yield* emulator.updateJob("older", { status: "FAILED", failure_reason: { message: "Dataset not found" } })
          yield* emulator.updateJob("newer", { status: "SUCCEEDED" })
          const lines = () => t.out.join("").split("\n").filter((line) => line !== "" && !line.startsWith("TIME"))
          yield* until(() => lines().length >= 2)
          yield* Effect.sleep("500 millis")
          yield* Fiber.interrupt(fiber)
          if (format === "ndjson") {
            const events = lines().map((line) => JSON.parse(line))
            expect(events.map((e) => [e.event, e.job_id, e.status, e.previous_status])).toEqual([
              ["Finished", "older", "FAILED", "RUNNING"],
              ["Finished", "newer", "SUCCEEDED", "RUNNING"]
            ])
          } else {
            expect(lines()).toHaveLength(2)
            expect(lines()[0]).toMatch(/^\d\d:\d\d:\d\d  Finished  older\s+FAILED\s+was RUNNING; Dataset not found/)
            expect(lines()[1]).toMatch(/^\d\d:\d\d:\d\d  Finished  newer\s+SUCCEEDED\s+was RUNNING/)
          }
          // Back to RUNNING for the next format: a new watch follows them again.
          yield* emulator.updateJob("older", { status: "RUNNING", failure_reason: null })
          yield* emulator.updateJob("newer", { status: "RUNNING" })
        }
      })
    ))

  it("orders a poll's events oldest job first, merging Changed + Finished and Added + Finished", () => {
    const a = job({ job_id: "a", status: "RUNNING" }), a2 = job({ job_id: "a", status: "SUCCEEDED" })
    const b = job({ job_id: "b", status: "FAILED" })
    const c = job({ job_id: "c", status: "QUEUED" })
    // As JobWatch gives them: newest job first (c, b, a), each finish as a pair.
    const events = Watch.orderPoll([
      JobWatch.JobEvent.Added({ job: c }),
      JobWatch.JobEvent.Added({ job: b }),
      JobWatch.JobEvent.Finished({ job: b }),
      JobWatch.JobEvent.Changed({ previous: a, job: a2, fields: ["status"] }),
      JobWatch.JobEvent.Finished({ job: a2 }),
      JobWatch.JobEvent.TrackingStopped({ reason: "Missing", jobs: [], createdBefore: null })
    ])
    expect(events.map((e) => [e._tag, e._tag === "TrackingStopped" ? "-" : e.job.job_id])).toEqual([
      ["Finished", "a"],
      ["Finished", "b"],
      ["Added", "c"],
      ["TrackingStopped", "-"]
    ])
    expect(Watch.eventRow(events[0], 0)).toMatch(/Finished  a\s+SUCCEEDED\s+was RUNNING\n$/)
    expect(Watch.eventRow(events[1], 0)).toMatch(/Finished  b\s+FAILED\s+new, already final\n$/)
  })
})

describe("the view on a terminal", () => {
  const followed = (n: number) => {
    const view = Watch.makeView({ intervalMillis: 10_000, since: Date.UTC(2025, 0, 1), status: undefined })
    Watch.applyEvents(
      view,
      Array.from({ length: n }, (_, i) => ({
        _tag: "Added" as const,
        job: job({ job_id: `job_${i}_abcdefghijklmnopqrstuvwxyz`, status: "RUNNING", name: "a name ".repeat(8) })
      }))
    )
    view.polls = 1
    view.lastPoll = Date.UTC(2025, 0, 2, 12, 0, 3)
    return view
  }

  it("says what it does and follows, and fits the width and the height", () => {
    for (const width of [60, 80, 120]) {
      const lines = Watch.renderView(followed(30), width, 12)
      expect(lines.length).toBeLessThanOrEqual(11)
      for (const line of lines) expect(line.length).toBeLessThan(width)
      const said = lines.slice(0, width < 100 ? 3 : 2).join(" ")
      expect(said).toContain("polling every 10 s; times are UTC")
      expect(said).toContain("following 30 unfinished jobs")
      expect(lines.some((line) => line.includes("older not shown"))).toBe(true)
      // The newest job is shown, its id cut in the middle when it does not fit.
      expect(lines.at(-1)).toMatch(/^job_29/)
    }
    expect(Watch.renderView(Watch.makeView({ intervalMillis: 500, since: undefined, status: undefined }), 80, 24))
      .toEqual(["watching all jobs, polling every 500 ms; times are UTC; Ctrl-C to stop", "first poll…"])
  })

  it("redraws the block in place: cursor up over the old block, each line cleared, finishes logged above", () => {
    const text = Watch.frame(4, ["12:00:03  Finished  a  SUCCEEDED\n"], ["one", "two"])
    expect(text).toBe("\x1b[4A\r\x1b[2K12:00:03  Finished  a  SUCCEEDED\n\x1b[2Kone\n\x1b[2Ktwo\n\x1b[J")
    expect(Watch.frame(0, [], ["one"])).toBe("\r\x1b[2Kone\n\x1b[J")
  })

  it.live("run draws the view, then redraws it after a poll with the finish logged above", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        yield* emulator.insertJobs([wire("live-1", "RUNNING", 1), wire("live-2", "QUEUED", 2)])
        const t = transcript()
        const fiber = yield* Effect.fork(
          Watch.run({ intervalMillis: 200, format: "table", width: 60, live: { height: 20 } }, t.write, t.note)
        )
        yield* until(() => t.out.join("").includes("following 2 unfinished jobs"))
        yield* emulator.updateJob("live-1", { status: "SUCCEEDED" })
        yield* until(() => t.out.join("").includes("following 1 unfinished job "))
        yield* Fiber.interrupt(fiber)
        expect(t.notes).toEqual([])
        const frames = t.out
        // The first frame is drawn at once, before any poll.
        expect(frames[0]).toContain("first poll…")
        const last = frames.at(-1)!
        // Cursor up over the block drawn before (no finish logged in it: every line is the block's).
        const before = frames.at(-2)!
        expect(before).toContain("live-1")
        expect(last.startsWith(`\x1b[${before.split("\n").length - 1}A\r`)).toBe(true)
        expect(last).toMatch(/\x1b\[2K\d\d:\d\d:\d\d  Finished  live-1\s+SUCCEEDED\s+was RUNNING\n/)
        for (const frame of frames) {
          for (const line of frame.split("\n")) {
            expect(line.replace(/\x1b\[\d*[AJK]|\r/g, "").length).toBeLessThan(60)
          }
        }
      })
    ))
})
