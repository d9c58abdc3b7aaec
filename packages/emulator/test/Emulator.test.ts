import { describe, expect, it, layer } from "@effect/vitest"
import type { Job } from "@sutro-effect/core"
import { JobsPage } from "@sutro-effect/core"
import { Emulator, Generator } from "@sutro-effect/emulator"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as fs from "node:fs"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { auth, getJson, request, walk } from "./helpers.js"

const withEmulator = <A, E>(
  options: Emulator.Options,
  f: (emulator: Emulator.Service) => Effect.Effect<A, E>
) => Effect.scoped(Effect.flatMap(Emulator.make(options), f))

const cursorOf = (t: string | null, i: string) => Buffer.from(JSON.stringify({ t, i })).toString("base64")

describe("routing", () => {
  it.live("serves /list-jobs and /v1/list-jobs, with or without a trailing slash", () =>
    withEmulator({ jobs: 10 }, (emulator) =>
      Effect.gen(function*() {
        for (const path of ["/list-jobs", "/list-jobs/", "/v1/list-jobs", "/v1/list-jobs/"]) {
          const body = yield* getJson(`${emulator.url}${path}?limit=3`, emulator.apiKey)
          expect((yield* Schema.decodeUnknown(JobsPage.JobsPage)(body)).jobs).toHaveLength(3)
        }
      })))

  it.live("answers 404 on unknown paths and 405 with Allow on other methods", () =>
    withEmulator({ jobs: 10 }, (emulator) =>
      Effect.gen(function*() {
        const missing = yield* request(`${emulator.url}/v2/list-jobs`, { headers: auth(emulator.apiKey) })
        expect(missing.status).toBe(404)
        expect(JSON.parse(missing.text)).toStrictEqual({ detail: "Not Found" })
        for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
          const reply = yield* request(`${emulator.url}/list-jobs`, { method, headers: auth(emulator.apiKey) })
          expect(reply.status).toBe(405)
          expect(reply.headers.allow).toBe("GET, HEAD")
          expect(JSON.parse(reply.text)).toStrictEqual({ detail: "Method Not Allowed" })
        }
      })))

  it.live("answers HEAD like GET without a body", () =>
    withEmulator({ jobs: 10 }, (emulator) =>
      Effect.gen(function*() {
        const get = yield* request(`${emulator.url}/list-jobs?limit=2`, { headers: auth(emulator.apiKey) })
        const head = yield* request(`${emulator.url}/list-jobs?limit=2`, {
          method: "HEAD",
          headers: auth(emulator.apiKey)
        })
        expect(head.status).toBe(200)
        expect(head.text).toBe("")
        expect(head.headers["content-length"]).toBe(get.headers["content-length"])
      })))

  it.live("exposes a URL without a trailing slash and the first key", () =>
    withEmulator({ jobs: 1, apiKeys: ["sk_one", "sk_two"] }, (emulator) =>
      Effect.sync(() => {
        expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
        expect(emulator.apiKey).toBe("sk_one")
      })))

  it.live("fails with EmulatorError on a port already in use", () =>
    withEmulator({ jobs: 1 }, (emulator) =>
      Effect.gen(function*() {
        const port = Number(new URL(emulator.url).port)
        const exit = yield* Effect.exit(Effect.scoped(Emulator.make({ jobs: 1, port })))
        expect(Exit.isFailure(exit)).toBe(true)
        if (Exit.isFailure(exit)) expect(String(exit.cause)).toContain("EmulatorError")
      })))
})

describe("authentication", () => {
  it.live("accepts every configured key and refuses missing or wrong ones with 401, never echoing the key", () =>
    withEmulator({ jobs: 5, apiKeys: ["sk_one", "sk_two"] }, (emulator) =>
      Effect.gen(function*() {
        for (const key of ["sk_one", "sk_two"]) {
          expect((yield* request(`${emulator.url}/list-jobs`, { headers: auth(key) })).status).toBe(200)
        }
        const missing = yield* request(`${emulator.url}/list-jobs`)
        expect(missing.status).toBe(401)
        expect(JSON.parse(missing.text)).toStrictEqual({ detail: "Not authenticated" })
        const wrong = yield* request(`${emulator.url}/list-jobs`, { headers: auth("sk_secret_wrong") })
        expect(wrong.status).toBe(401)
        expect(typeof JSON.parse(wrong.text).detail).toBe("string")
        expect(wrong.text).not.toContain("sk_secret_wrong")
        const bearer = yield* request(`${emulator.url}/list-jobs`, { headers: { authorization: "Bearer sk_one" } })
        expect(bearer.status).toBe(401)
        expect(bearer.text).not.toContain("sk_one")
      })))
})

describe("validation", () => {
  it.live("refuses a limit outside 1..100 with FastAPI's 422 detail list", () =>
    withEmulator({ jobs: 5 }, (emulator) =>
      Effect.gen(function*() {
        const check = (limit: string) =>
          Effect.map(
            request(`${emulator.url}/list-jobs?limit=${limit}`, { headers: auth(emulator.apiKey) }),
            (reply) => ({ status: reply.status, body: JSON.parse(reply.text) })
          )
        expect(yield* check("101")).toStrictEqual({
          status: 422,
          body: {
            detail: [{
              type: "less_than_equal",
              loc: ["query", "limit"],
              msg: "Input should be less than or equal to 100",
              input: "101",
              ctx: { le: 100 }
            }]
          }
        })
        expect((yield* check("0")).body.detail[0]).toMatchObject({
          type: "greater_than_equal",
          ctx: { ge: 1 },
          input: "0"
        })
        expect((yield* check("-3")).body.detail[0].type).toBe("greater_than_equal")
        expect((yield* check("abc")).body.detail[0]).toMatchObject({ type: "int_parsing", loc: ["query", "limit"] })
        expect((yield* check("2.5")).status).toBe(422)
        expect((yield* check("100")).status).toBe(200)
        expect((yield* check("1")).status).toBe(200)
      })))

  it.live("refuses cursors it did not issue with 400, and ignores the cursor without a limit", () =>
    withEmulator({ jobs: 20 }, (emulator) =>
      Effect.gen(function*() {
        const bad = [
          "garbage!",
          "bm90IGpzb24=", // base64 of "not json"
          cursorOf("2024-01-15T10:30:00Z", "batch_job_12345"), // well-formed, but no such job
          Buffer.from(JSON.stringify({ x: 1 })).toString("base64")
        ]
        for (const cursor of bad) {
          const reply = yield* request(`${emulator.url}/list-jobs?limit=5&cursor=${encodeURIComponent(cursor)}`, {
            headers: auth(emulator.apiKey)
          })
          expect(reply.status).toBe(400)
          expect(JSON.parse(reply.text)).toStrictEqual({ detail: "Invalid cursor" })
        }
        const all = yield* getJson(`${emulator.url}/list-jobs?cursor=garbage`, emulator.apiKey)
        expect(all.message).toBe("Jobs retrieved successfully.")
        expect(all.jobs).toHaveLength(20)
      })))
})

describe("responses", () => {
  it.live("serves every job without a limit in the documented shape, newest first", () =>
    withEmulator({ jobs: 300, seed: 9, now: "2025-06-02T09:00:00Z" }, (emulator) =>
      Effect.gen(function*() {
        const body = yield* getJson(`${emulator.url}/list-jobs`, emulator.apiKey)
        expect(Object.keys(body)).toStrictEqual(["message", "jobs"])
        expect(body.message).toBe("Jobs retrieved successfully.")
        expect(body.jobs).toStrictEqual(Generator.generateJobs(300, 9, { now: Date.UTC(2025, 5, 2, 9) }))
        expect(body.jobs).toStrictEqual(yield* emulator.jobs)
        yield* Schema.decodeUnknown(JobsPage.AllJobs)(body)
      })))

  it.live("encodes cursors as base64 JSON of the last job's creation time and id, null after the last page", () =>
    withEmulator({ jobs: 5 }, (emulator) =>
      Effect.gen(function*() {
        const first = yield* getJson(`${emulator.url}/list-jobs?limit=2`, emulator.apiKey)
        expect(Object.keys(first)).toStrictEqual(["jobs", "next_cursor"])
        const last = first.jobs[1]
        expect(JSON.parse(Buffer.from(first.next_cursor, "base64").toString())).toStrictEqual({
          t: last.datetime_created,
          i: last.job_id
        })
        const rest = yield* getJson(
          `${emulator.url}/list-jobs?limit=3&cursor=${encodeURIComponent(first.next_cursor)}`,
          emulator.apiKey
        )
        expect(rest.jobs).toHaveLength(3)
        expect(rest.next_cursor).toBeNull()
      })))

  it.live(
    "a full walk returns exactly the unpaginated jobs, in order, for every page size 1..100",
    () =>
      withEmulator({ jobs: 250, seed: 3 }, (emulator) =>
        Effect.gen(function*() {
          const all: Array<string> = (yield* getJson(`${emulator.url}/list-jobs`, emulator.apiKey)).jobs.map((
            job: any
          ) => job.job_id)
          expect(all).toHaveLength(250)
          for (let size = 1; size <= 100; size++) {
            const { ids, pages } = yield* walk(emulator.url, emulator.apiKey, size)
            expect(ids, `page size ${size}`).toStrictEqual(all)
            expect(pages).toBe(Math.ceil(250 / size))
          }
        })),
    60_000
  )

  it.live("orders jobs with null creation dates last and walks through them", () =>
    withEmulator({ jobs: 400, seed: 11 }, (emulator) =>
      Effect.gen(function*() {
        const jobs = yield* emulator.jobs
        const firstNull = jobs.findIndex((job) => job.datetime_created === null)
        expect(firstNull).toBeGreaterThan(0)
        expect(jobs.slice(firstNull).every((job) => job.datetime_created === null)).toBe(true)
        const { ids } = yield* walk(emulator.url, emulator.apiKey, 7)
        expect(ids).toStrictEqual(jobs.map((job) => job.job_id))
      })))

  it.live("inserting newer jobs during a walk neither duplicates nor skips a job of the walk", () =>
    withEmulator({ jobs: 300, seed: 5 }, (emulator) =>
      Effect.gen(function*() {
        const before = (yield* emulator.jobs).map((job) => job.job_id)
        const template = (yield* emulator.jobs)[0]
        let n = 0
        const fresh = () => ({
          ...template,
          job_id: `inserted-${n++}`,
          datetime_created: new Date(Date.UTC(2030, 0, 1) + n * 1000).toISOString()
        })
        // inserts over HTTP and programmatically, concurrently with the walk
        const inserter = Effect.gen(function*() {
          for (let i = 0; i < 20; i++) {
            const reply = yield* request(`${emulator.url}/_emulator/jobs`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify([fresh()])
            })
            expect(reply.status).toBe(200)
            yield* Effect.sleep("2 millis")
          }
        })
        const [{ ids }] = yield* Effect.all([
          walk(emulator.url, emulator.apiKey, 9, () => emulator.insertJobs([fresh()])),
          inserter
        ], { concurrency: 2 })
        expect(new Set(ids).size).toBe(ids.length)
        expect(ids.filter((id) => !id.startsWith("inserted-"))).toStrictEqual(before)
        // a new walk sees the inserted jobs first
        const after = (yield* emulator.jobs).map((job) => job.job_id)
        expect(after.length).toBe(before.length + n)
        expect(after.slice(0, n).every((id) => id.startsWith("inserted-"))).toBe(true)
      })))

  it.live("inserting a job with an existing id replaces it", () =>
    withEmulator({ jobs: 10 }, (emulator) =>
      Effect.gen(function*() {
        const [first] = yield* emulator.jobs
        yield* emulator.insertJobs([{ ...first, status: "CANCELLED" }])
        const jobs = yield* emulator.jobs
        expect(jobs).toHaveLength(10)
        expect(jobs[0]).toStrictEqual({ ...first, status: "CANCELLED" })
      })))

  it.live("every response carries an x-request-id and CORS headers; preflights allow Authorization", () =>
    withEmulator({ jobs: 3 }, (emulator) =>
      Effect.gen(function*() {
        const origin = { origin: "http://app.example" }
        const replies = [
          yield* request(`${emulator.url}/list-jobs`, { headers: { ...origin, ...auth(emulator.apiKey) } }),
          yield* request(`${emulator.url}/list-jobs`, { headers: origin }),
          yield* request(`${emulator.url}/nope`, { headers: origin }),
          yield* request(`${emulator.url}/list-jobs?limit=0`, { headers: { ...origin, ...auth(emulator.apiKey) } })
        ]
        for (const reply of replies) {
          expect(reply.headers["x-request-id"]).toMatch(/^req_/)
          expect(reply.headers["access-control-allow-origin"]).toBe("http://app.example")
          expect(reply.headers["access-control-expose-headers"]).toContain("x-request-id")
        }
        expect(new Set(replies.map((r) => r.headers["x-request-id"])).size).toBe(replies.length)
        const preflight = yield* request(`${emulator.url}/v1/list-jobs?limit=5`, {
          method: "OPTIONS",
          headers: {
            ...origin,
            "access-control-request-method": "GET",
            "access-control-request-headers": "authorization"
          }
        })
        expect(preflight.status).toBe(204)
        expect(preflight.headers["access-control-allow-origin"]).toBe("http://app.example")
        expect(preflight.headers["access-control-allow-headers"]).toContain("authorization")
        expect(preflight.headers["access-control-allow-methods"]).toContain("GET")
      })))
})

describe("data", () => {
  // The job of the examples of Sutro's Listing All Jobs reference, verbatim (core keeps them as a fixture).
  const documented: Job.JobEncoded = JSON.parse(
    fs.readFileSync(new URL("../../protocol/test/fixtures/list-jobs-examples.json", import.meta.url), "utf8")
  ).withPagination.jobs[0]

  it.live("serves given jobs verbatim (extra fields too), and issues the documented example cursor", () =>
    withEmulator({
      data: [
        { ...documented },
        { ...documented, job_id: "older", datetime_created: "2024-01-14T00:00:00Z", extra: 1 } as Job.JobEncoded
      ]
    }, (emulator) =>
      Effect.gen(function*() {
        const page = yield* getJson(`${emulator.url}/list-jobs?limit=1`, emulator.apiKey)
        expect(page.jobs).toStrictEqual([documented])
        expect(page.next_cursor).toBe("eyJ0IjoiMjAyNC0wMS0xNVQxMDozMDowMFoiLCJpIjoiYmF0Y2hfam9iXzEyMzQ1In0=")
        const next = yield* getJson(
          `${emulator.url}/list-jobs?limit=1&cursor=${encodeURIComponent(page.next_cursor)}`,
          emulator.apiKey
        )
        expect(next.jobs[0].extra).toBe(1)
      })))

  it.live("loads jobs from a JSON file, as an array or as a list-jobs response", () =>
    Effect.gen(function*() {
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "sutro-emulator-"))
      const asArray = Path.join(dir, "jobs.json")
      const asResponse = Path.join(dir, "response.json")
      const broken = Path.join(dir, "broken.json")
      Fs.writeFileSync(asArray, JSON.stringify([documented]))
      Fs.writeFileSync(asResponse, JSON.stringify({ message: "Jobs retrieved successfully.", jobs: [documented] }))
      Fs.writeFileSync(broken, JSON.stringify([{ job_id: "x" }]))
      for (const file of [asArray, asResponse]) {
        const jobs = yield* withEmulator({ dataFile: file }, (emulator) => emulator.jobs)
        expect(jobs).toStrictEqual([documented])
      }
      const exit = yield* Effect.exit(withEmulator({ dataFile: broken }, (emulator) => emulator.jobs))
      expect(Exit.isFailure(exit) && String(exit.cause)).toContain(`Cannot load the emulator's jobs: ${broken}`)
      Fs.rmSync(dir, { recursive: true })
    }))
})

describe("request log", () => {
  it.live("records method, path, query, whether auth was sent and the status, never the key", () =>
    withEmulator({ jobs: 5, apiKeys: ["sk_very_secret"] }, (emulator) =>
      Effect.gen(function*() {
        yield* request(`${emulator.url}/list-jobs?limit=2`, { headers: auth("sk_very_secret") })
        yield* request(`${emulator.url}/v1/list-jobs`)
        const log = yield* emulator.requestLog
        expect(log.map(({ authorized, method, path, query, status }) => ({ method, path, query, authorized, status })))
          .toStrictEqual([
            { method: "GET", path: "/list-jobs", query: { limit: "2" }, authorized: true, status: 200 },
            { method: "GET", path: "/v1/list-jobs", query: {}, authorized: false, status: 401 }
          ])
        const overHttp = yield* request(`${emulator.url}/_emulator/requests`)
        expect(JSON.parse(overHttp.text).requests).toHaveLength(2)
        expect(JSON.stringify(log) + overHttp.text).not.toContain("sk_very_secret")
        yield* request(`${emulator.url}/_emulator/requests`, { method: "DELETE" })
        expect(yield* emulator.requestLog).toStrictEqual([])
        yield* request(`${emulator.url}/list-jobs`, { headers: auth("sk_very_secret") })
        yield* emulator.clearRequestLog
        expect(yield* emulator.requestLog).toStrictEqual([])
      })))

  it.live("rejects invalid jobs posted to the control API with 422", () =>
    withEmulator({ jobs: 5 }, (emulator) =>
      Effect.gen(function*() {
        const reply = yield* request(`${emulator.url}/_emulator/jobs`, {
          method: "POST",
          body: JSON.stringify({ jobs: [{ job_id: "x", datetime_created: "yesterday" }] })
        })
        expect(reply.status).toBe(422)
        expect((yield* emulator.jobs).length).toBe(5)
      })))
})

describe("large stores", () => {
  it.live(
    "streams the unpaginated response of a large store, identical to the jobs in order",
    () =>
      withEmulator({ jobs: 25_000, seed: 8 }, (emulator) =>
        Effect.gen(function*() {
          const reply = yield* request(`${emulator.url}/list-jobs`, { headers: auth(emulator.apiKey) })
          expect(reply.headers["transfer-encoding"]).toBe("chunked")
          const body = JSON.parse(reply.text)
          expect(body.message).toBe("Jobs retrieved successfully.")
          expect(body.jobs).toStrictEqual(yield* emulator.jobs)
          expect(yield* emulator.jobCount).toBe(25_000)
        })),
    60_000
  )
})

layer(Emulator.layer({ jobs: 12, apiKeys: ["sk_layer"] }), { excludeTestServices: true })("as a layer", (it) => {
  it.effect("provides a running emulator to every test of the block", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const page = yield* getJson(`${emulator.url}/list-jobs?limit=5`, "sk_layer")
      expect(page.jobs).toStrictEqual((yield* emulator.jobs).slice(0, 5))
    }))
})

describe("seeded data", () => {
  const newest = (jobs: ReadonlyArray<{ readonly datetime_created: string | null }>) =>
    Date.parse(jobs.find((job) => job.datetime_created !== null)!.datetime_created!)

  it.live("is seeded back from now: new Date() gives jobs of the last days; the default is fixed", () =>
    withEmulator({ jobs: 200, seed: 4, now: new Date() }, (emulator) =>
      Effect.gen(function*() {
        const jobs = yield* emulator.jobs
        const fixed = yield* withEmulator({ jobs: 200, seed: 4 }, (other) => other.jobs)
        expect(fixed).toStrictEqual(Generator.generateJobs(200, 4, { now: Emulator.defaultNow }))
        expect(Emulator.defaultNow).toBe("2025-06-02T09:00:00Z")
        const age = Date.now() - newest(jobs)
        expect(age).toBeGreaterThanOrEqual(0)
        expect(age).toBeLessThan(11 * 60_000)
        const lastWeek = jobs.filter((job) =>
          job.datetime_created !== null && Date.parse(job.datetime_created) > Date.now() - 7 * 86_400_000
        )
        expect(lastWeek.length).toBeGreaterThan(100)
      })))

  it.live("is the same, dates included, for the same seed and now; now moves every date with it", () =>
    Effect.gen(function*() {
      const at = (now: string) => withEmulator({ jobs: 150, seed: 4, now }, (emulator) => emulator.jobs)
      const a = yield* at("2025-06-02T09:00:00Z")
      const b = yield* at("2025-06-02T09:00:00.700Z")
      const c = yield* at("2026-01-01T09:00:00Z")
      expect(b).toStrictEqual(a)
      expect(newest(a)).toBeLessThanOrEqual(Date.UTC(2025, 5, 2, 9))
      expect(newest(a)).toBeGreaterThan(Date.UTC(2025, 5, 2, 9) - 11 * 60_000)
      expect(newest(c) - newest(a)).toBe(Date.UTC(2026, 0, 1, 9) - Date.UTC(2025, 5, 2, 9))
      expect(c.map((job) => job.job_id)).toStrictEqual(a.map((job) => job.job_id))
      expect(Generator.generateJobs(150, 4, { now: "2025-06-02T09:00:00Z" })).toStrictEqual(a)
    }))

  it.live("refuses a now that is not a date", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Effect.scoped(Emulator.make({ now: "yesterday" })))
      expect(error.message).toBe(
        "Invalid emulator option: now must be a date (an ISO 8601 text, a Date or epoch milliseconds), got yesterday"
      )
    }))
})

describe("a --data fixture that does not match the job schema", () => {
  it.live("is refused with every missing field of every job at once, not one per try", () =>
    Effect.gen(function*() {
      const [good] = Generator.generateJobs(1, 3)
      const { model: _model, status: _status, ...lacking } = good
      const file = Path.join(Os.tmpdir(), `sutro-emulator-fixture-${process.pid}.json`)
      Fs.writeFileSync(
        file,
        JSON.stringify([good, { ...lacking, job_id: "a" }, { ...good, job_id: "b", num_rows: "many" }, { job_id: "c" }])
      )
      const error = yield* Effect.flip(Effect.scoped(Emulator.make({ dataFile: file }))).pipe(
        Effect.ensuring(Effect.sync(() => Fs.rmSync(file)))
      )
      const lines = error.message.split("\n")
      expect(lines[0]).toBe(`Cannot load the emulator's jobs: ${file}: 3 of 4 jobs do not match the job schema:`)
      expect(lines[1]).toMatch(/^ {2}jobs\[1\] \("a"\): missing (model, status|status, model)$/)
      expect(lines[2]).toMatch(/^ {2}jobs\[2\] \("b"\): num_rows: Expected number/)
      const required = Object.keys(good).filter((field) => !["job_id", "run_type"].includes(field))
      expect(lines[3]).toMatch(/^ {2}jobs\[3\] \("c"\): missing /)
      for (const field of required.filter((f) => !["description", "name"].includes(f))) {
        expect(lines[3], field).toContain(field)
      }
      // Many bad jobs: the first ten, then a count.
      const many = yield* Effect.flip(
        Effect.scoped(Emulator.make({ data: Array.from({ length: 25 }, (_, i) => ({ job_id: `x${i}` })) as any }))
      )
      expect(many.message.split("\n").at(-1)).toBe("  and 15 more jobs with problems")
      expect(many.message.split("\n")).toHaveLength(12)
    }))
})
