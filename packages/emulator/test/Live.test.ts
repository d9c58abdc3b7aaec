import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { describe, expect, it, vi } from "@effect/vitest"
import { Emulator, EmulatorCli, Live } from "@sutro-effect/emulator"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import { auth, getJson, request } from "./helpers.js"

const withEmulator = <A, E>(options: Emulator.Options, f: (emulator: Emulator.Service) => Effect.Effect<A, E>) =>
  Effect.scoped(Effect.flatMap(Emulator.make(options), f))

const legal: Record<string, ReadonlyArray<string>> = {
  QUEUED: ["STARTING", "CANCELLED"],
  STARTING: ["RUNNING"],
  RUNNING: ["RUNNING", "SUCCEEDED", "FAILED", "CANCELLING"],
  CANCELLING: ["CANCELLED"]
}
const canonical = (status: string | null) => {
  const upper = (status ?? "").toUpperCase()
  return upper === "PENDING" || upper === "SUBMITTED" ? "QUEUED" : upper
}

describe("live mode", () => {
  it.effect("is reproducible: the same seed, ticks and clock give the same jobs and the same changes", () =>
    Effect.gen(function*() {
      const run = (seed: number) =>
        withEmulator(
          { jobs: 300, seed, now: Date.UTC(2025, 5, 2, 9), live: { interval: 0, arrivals: 0.7 } },
          (emulator) =>
            Effect.gen(function*() {
              yield* TestClock.setTime(Date.UTC(2025, 5, 3))
              for (let i = 0; i < 40; i++) {
                yield* emulator.advance(1)
                yield* TestClock.adjust("1 second")
              }
              const changes = yield* emulator.changes()
              return { jobs: yield* emulator.jobs, changes, tick: yield* emulator.tick }
            })
        )
      const a = yield* run(5)
      const b = yield* run(5)
      const c = yield* run(6)
      expect(a.tick).toBe(40)
      expect(a.changes.length).toBeGreaterThan(20)
      expect(b).toStrictEqual(a)
      expect(c.changes).not.toStrictEqual(a.changes)
    }))

  it.live("moves jobs only along QUEUED -> STARTING -> RUNNING -> final, and never out of a final status", () =>
    withEmulator({ jobs: 500, seed: 3, live: { interval: 0, arrivals: 2 } }, (emulator) =>
      Effect.gen(function*() {
        yield* emulator.advance(60)
        const changes = yield* emulator.changes()
        const finished = new Set<string>()
        let inserted = 0
        for (const change of changes) {
          expect(change.source).toBe("live")
          expect(finished.has(change.job_id)).toBe(false)
          if (change.kind === "inserted") {
            inserted++
            expect(change.status).toBe("QUEUED")
          } else {
            expect(legal[canonical(change.previous_status)]).toContain(change.status)
          }
          if (Live.finalStatuses.includes(change.status)) finished.add(change.job_id)
          if (change.kind === "updated" && change.job_id.startsWith("job-live-")) {
            const fields = [...change.fields].sort()
            if (change.status === "RUNNING" && change.previous_status === "STARTING") {
              expect(fields).toStrictEqual(["datetime_started", "status"])
            }
            if (change.status === "RUNNING" && change.previous_status === "RUNNING") {
              expect(fields).toStrictEqual(["input_tokens", "output_tokens"])
            }
            if (change.status === "FAILED") expect(fields).toContain("failure_reason")
            if (Live.finalStatuses.includes(change.status)) expect(fields).toContain("datetime_completed")
          }
        }
        expect(inserted).toBe(120)
        // Every status of the lifecycle is reached in 60 ticks.
        const reached = new Set(changes.map((c) => c.status))
        for (const status of ["STARTING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLING", "CANCELLED"]) {
          expect(reached.has(status)).toBe(true)
        }
        // New jobs are the newest: served first, newest first.
        const jobs = yield* emulator.jobs
        const newest = changes.filter((c) => c.kind === "inserted").map((c) => c.job_id).reverse()
        expect(jobs.slice(0, 120).map((j) => j.job_id).sort()).toStrictEqual([...newest].sort())
        // A final job keeps its datetime_completed, a started one its datetime_started.
        for (const job of jobs.slice(0, 120)) {
          if (Live.finalStatuses.includes(job.status)) expect(job.datetime_completed).not.toBeNull()
        }
      })))

  it.effect("ticks on its clock: n intervals, n ticks", () =>
    withEmulator({ jobs: 10, live: { interval: "1 second", arrivals: 1 } }, (emulator) =>
      Effect.gen(function*() {
        expect(yield* emulator.tick).toBe(0)
        yield* TestClock.adjust("1 second")
        expect(yield* emulator.tick).toBe(1)
        yield* TestClock.adjust("9 seconds")
        expect(yield* emulator.tick).toBe(10)
        expect(yield* emulator.jobCount).toBe(20)
      })))

  it.live("refuses bad live options", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(withEmulator({ jobs: 1, live: { arrivals: -1 } }, () => Effect.void))
      expect(String(exit._tag === "Failure" && exit.cause)).toContain("live arrivals must be a number >= 0")
    }))
})

describe("control API and change log", () => {
  it.live("answers a job id with a malformed % escape with a 400 that says so, for every method", () =>
    withEmulator({ jobs: 5, seed: 9 }, (emulator) =>
      Effect.gen(function*() {
        for (const segment of ["%", "job-%zz", "%E0%A4%A", "%C3"]) {
          for (const method of ["GET", "PATCH", "POST"]) {
            const reply = yield* request(`${emulator.url}/_emulator/jobs/${segment}`, { method, body: "{}" })
            expect(reply.status, `${method} ${segment}`).toBe(400)
            expect(JSON.parse(reply.text).detail).toBe(
              `The job id in the path is not valid percent-encoding: ${
                JSON.stringify(segment)
              } (escape % as %25, and each byte of UTF-8 as %XX)`
            )
          }
        }
        // The emulator still serves.
        expect((yield* request(`${emulator.url}/_emulator/jobs/%25`)).status).toBe(404)
        expect((yield* emulator.jobs).length).toBe(5)
      })))

  it.live("sets a job's fields, records every change with a timestamp, and answers 404/422/409", () =>
    withEmulator({ jobs: 20, seed: 9 }, (emulator) =>
      Effect.gen(function*() {
        const [first] = yield* emulator.jobs
        const url = `${emulator.url}/_emulator/jobs/${encodeURIComponent(first.job_id)}`
        const patched = yield* request(url, { method: "PATCH", body: JSON.stringify({ status: "FAILED", name: "x" }) })
        expect(patched.status).toBe(200)
        const served = yield* getJson(`${emulator.url}/v1/list-jobs?limit=1`, emulator.apiKey)
        expect(served.jobs[0]).toMatchObject({ job_id: first.job_id, status: "FAILED", name: "x" })
        // The same values again are not a change.
        yield* request(url, { method: "PATCH", body: JSON.stringify({ status: "FAILED" }) })
        expect((yield* request(`${emulator.url}/_emulator/jobs/nope`, { method: "PATCH", body: "{}" })).status).toBe(
          404
        )
        expect((yield* request(url, { method: "PATCH", body: JSON.stringify({ status: 3 }) })).status).toBe(422)
        expect((yield* request(url, { method: "PATCH", body: JSON.stringify({ job_id: "other" }) })).status).toBe(422)
        expect((yield* request(`${emulator.url}/_emulator/tick`, { method: "POST", body: "{}" })).status).toBe(409)
        const inserted = yield* request(`${emulator.url}/_emulator/jobs`, {
          method: "POST",
          body: JSON.stringify({ jobs: [{ ...first, job_id: "new-1", status: "QUEUED" }] })
        })
        expect(inserted.status).toBe(200)
        yield* emulator.updateJob("new-1", { status: "RUNNING" })
        const log = JSON.parse((yield* request(`${emulator.url}/_emulator/changes`)).text)
        expect(log.changes.map((c: Live.Change) => [c.seq, c.job_id, c.kind, c.previous_status, c.status]))
          .toStrictEqual([
            [1, first.job_id, "updated", first.status, "FAILED"],
            [2, "new-1", "inserted", null, "QUEUED"],
            [3, "new-1", "updated", "QUEUED", "RUNNING"]
          ])
        expect(log.changes[0].fields.sort()).toStrictEqual(
          first.name === "x" ? ["status"] : ["name", "status"]
        )
        expect(Date.parse(log.changes[0].time)).toBeGreaterThan(Date.now() - 60_000)
        const after = JSON.parse((yield* request(`${emulator.url}/_emulator/changes?after=2`)).text)
        expect(after.changes.map((c: Live.Change) => c.seq)).toStrictEqual([3])
        yield* request(`${emulator.url}/_emulator/changes`, { method: "DELETE" })
        expect(yield* emulator.changes()).toStrictEqual([])
      })))

  it.live("one reader for jobs: an array or {jobs} over HTTP, the same message for both shapes", () =>
    withEmulator({ jobs: 0 }, (emulator) =>
      Effect.gen(function*() {
        const [job] = yield* withEmulator({ jobs: 1 }, (other) => other.jobs)
        for (const body of [[job], { jobs: [{ ...job, job_id: "b" }] }]) {
          const reply = yield* request(`${emulator.url}/_emulator/jobs`, { method: "POST", body: JSON.stringify(body) })
          expect(reply.status).toBe(200)
        }
        expect(yield* emulator.jobCount).toBe(2)
        const bad = yield* request(`${emulator.url}/_emulator/jobs`, { method: "POST", body: "{\"job\": 1}" })
        expect(bad.status).toBe(422)
        expect(JSON.parse(bad.text).detail).toBe(
          `Expected an array of jobs or {"jobs": [...]}: expected an array of jobs or {"jobs": [...]}`
        )
        yield* request(`${emulator.url}/v1/list-jobs`, { headers: auth(emulator.apiKey) })
      })))
})

describe("sutro-emulator --live", () => {
  it.live("ticks on --tick and adds --arrivals jobs a tick", () =>
    Effect.gen(function*() {
      const printed: Array<string> = []
      const spy = vi.spyOn(console, "log").mockImplementation((...args: Array<unknown>) =>
        void printed.push(args.join(" "))
      )
      const cli = Command.run(EmulatorCli.command, { name: "sutro-emulator", version: "0.1.0" })
      const fiber = yield* Effect.fork(
        cli(["node", "sutro-emulator", "--port", "0", "--jobs", "0", "--live", "--tick", "50", "--arrivals", "2"]).pipe(
          Effect.provide(NodeContext.layer)
        )
      )
      let url: string | undefined
      for (let i = 0; i < 200 && url === undefined; i++) {
        yield* Effect.sleep("20 millis")
        url = /listening on (http:\/\/\S+)/.exec(printed.join("\n"))?.[1]
      }
      expect(printed.join("\n")).toContain("Live mode: a tick every 50 ms, 2 new jobs a tick.")
      let state = { tick: 0, jobs: 0, live: false }
      for (let i = 0; i < 200 && state.tick < 3; i++) {
        yield* Effect.sleep("20 millis")
        state = JSON.parse((yield* request(`${url}/_emulator/live`)).text)
      }
      expect(state.live).toBe(true)
      expect(state.tick).toBeGreaterThanOrEqual(3)
      expect(state.jobs).toBe(2 * state.tick)
      yield* Fiber.interrupt(fiber)
      spy.mockRestore()
    }))
})
