import { describe, expect, it } from "@effect/vitest"
import { ApiErrorBody } from "@sutro-effect/core"
import { Emulator, Fault } from "@sutro-effect/emulator"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { auth, getJson, request } from "./helpers.js"

const withEmulator = <A, E>(options: Emulator.Options, f: (emulator: Emulator.Service) => Effect.Effect<A, E>) =>
  Effect.scoped(Effect.flatMap(Emulator.make(options), f))

const list = (emulator: Emulator.Service, query = "limit=10") =>
  request(`${emulator.url}/v1/list-jobs?${query}`, { headers: auth(emulator.apiKey) })

describe("scripted faults", () => {
  it.live("Status: any status with a FastAPI body, for `times` requests, then normal service", () =>
    withEmulator({ jobs: 20 }, (emulator) =>
      Effect.gen(function*() {
        yield* emulator.scriptFaults([
          Fault.Status.make({ status: 503, times: 2 }),
          Fault.Status.make({ status: 500, detail: "boom" })
        ])
        const first = yield* list(emulator)
        expect(first.status).toBe(503)
        expect(JSON.parse(first.text)).toStrictEqual({ detail: "Service Unavailable" })
        expect(first.headers["x-request-id"]).toBeDefined()
        expect((yield* list(emulator)).status).toBe(503)
        const third = yield* list(emulator)
        expect(third.status).toBe(500)
        expect(JSON.parse(third.text)).toStrictEqual({ detail: "boom" })
        expect((yield* list(emulator)).status).toBe(200)
        expect((yield* emulator.requestLog).map((r) => r.fault)).toStrictEqual([
          "Status",
          "Status",
          "Status",
          undefined
        ])
      })))

  it.live("Status 410: the legacy host's 'no longer supported' detail", () =>
    withEmulator({ jobs: 5 }, (emulator) =>
      Effect.gen(function*() {
        yield* emulator.scriptFaults([Fault.Status.make({ status: 410 })])
        const reply = yield* list(emulator, "")
        expect(reply.status).toBe(410)
        expect(JSON.parse(reply.text).detail).toMatch(/^Direct Sutro Batch API access is no longer supported/)
      })))

  it.live("RateLimited: Retry-After in seconds, as an HTTP date, and retry-after-ms", () =>
    withEmulator({ jobs: 5 }, (emulator) =>
      Effect.gen(function*() {
        yield* emulator.scriptFaults([
          Fault.RateLimited.make({ retryAfter: 7 }),
          Fault.RateLimited.make({ retryAfter: 30, format: "http-date" }),
          Fault.RateLimited.make({ format: "none", retryAfterMs: 250 })
        ])
        const seconds = yield* list(emulator)
        expect(seconds.status).toBe(429)
        expect(seconds.headers["retry-after"]).toBe("7")
        expect(JSON.parse(seconds.text).detail).toBe("Too Many Requests")
        const date = yield* list(emulator)
        const wait = Date.parse(date.headers["retry-after"] as string) - Date.now()
        expect(wait).toBeGreaterThan(25_000)
        expect(wait).toBeLessThanOrEqual(31_000)
        const millis = yield* list(emulator)
        expect(millis.headers["retry-after"]).toBeUndefined()
        expect(millis.headers["retry-after-ms"]).toBe("250")
      })))

  it.live("Cloudflare: an HTML page with status 520..524", () =>
    withEmulator({ jobs: 5 }, (emulator) =>
      Effect.gen(function*() {
        yield* emulator.scriptFaults([Fault.Cloudflare.make({ status: 524 }), Fault.Cloudflare.make({ status: 520 })])
        const reply = yield* list(emulator)
        expect(reply.status).toBe(524)
        expect(reply.headers["content-type"]).toContain("text/html")
        const body = ApiErrorBody.fromText(reply.text, reply.headers["content-type"])
        expect(body._tag).toBe("NotJson")
        expect(body._tag === "NotJson" && body.excerpt).toBe("api.sutro.sh | 524: A timeout occurred")
        expect((yield* list(emulator)).status).toBe(520)
      })))

  it.live("Latency: delays the answer, which is otherwise normal", () =>
    withEmulator({ jobs: 5 }, (emulator) =>
      Effect.gen(function*() {
        yield* emulator.scriptFaults([Fault.Latency.make({ millis: 300 })])
        const started = Date.now()
        const reply = yield* list(emulator)
        expect(Date.now() - started).toBeGreaterThanOrEqual(290)
        expect(reply.status).toBe(200)
        expect(JSON.parse(reply.text).jobs).toHaveLength(5)
      })))

  it.live("ResetBeforeHeaders: the connection is reset with no response", () =>
    withEmulator({ jobs: 5 }, (emulator) =>
      Effect.gen(function*() {
        yield* emulator.scriptFaults([Fault.ResetBeforeHeaders.make({})])
        const error = yield* Effect.flip(list(emulator))
        expect(error.code).toBe("ECONNRESET")
        expect(error.afterHeaders).toBe(false)
        expect((yield* list(emulator)).status).toBe(200)
        expect((yield* emulator.requestLog)[0]).toMatchObject({ status: 0, fault: "ResetBeforeHeaders" })
      })))

  it.live("ResetMidBody: headers and part of the body arrive, then the connection is reset", () =>
    withEmulator({ jobs: 50 }, (emulator) =>
      Effect.gen(function*() {
        yield* emulator.scriptFaults([Fault.ResetMidBody.make({})])
        const error = yield* Effect.flip(list(emulator, "limit=50"))
        expect(error.afterHeaders).toBe(true)
        expect(error.status).toBe(200)
        // fetch sees the same: the body stream fails after the 200 arrived
        yield* emulator.scriptFaults([Fault.ResetMidBody.make({})])
        const response = yield* Effect.promise(() =>
          fetch(`${emulator.url}/list-jobs?limit=50`, { headers: auth(emulator.apiKey) })
        )
        expect(response.status).toBe(200)
        const bodyError = yield* Effect.flip(Effect.tryPromise(() => response.text()))
        expect(bodyError).toBeDefined()
      })))

  it.live("TruncatedJson and MalformedJson: a well-framed 200 whose body does not parse", () =>
    withEmulator({ jobs: 20 }, (emulator) =>
      Effect.gen(function*() {
        const normal = JSON.stringify(yield* getJson(`${emulator.url}/list-jobs?limit=10`, emulator.apiKey)).length
        yield* emulator.scriptFaults([
          Fault.TruncatedJson.make({}),
          Fault.MalformedJson.make({}),
          Fault.TruncatedJson.make({})
        ])
        const truncated = yield* list(emulator)
        expect(truncated.status).toBe(200)
        expect(truncated.headers["content-type"]).toBe("application/json")
        expect(() => JSON.parse(truncated.text)).toThrow()
        expect(truncated.text.length).toBeLessThan(normal)
        const malformed = yield* list(emulator)
        expect(malformed.status).toBe(200)
        expect(() => JSON.parse(malformed.text)).toThrow()
        expect(malformed.text.startsWith("{'jobs': [")).toBe(false) // compact, as the server would print it
        expect(malformed.text).toContain("'jobs'")
        // also on the unpaginated response
        const all = yield* list(emulator, "")
        expect(() => JSON.parse(all.text)).toThrow()
        expect(all.text.startsWith(`{"message":"Jobs retrieved successfully.","jobs":[`)).toBe(true)
      })))

  it.live("RepeatCursor: next_cursor equals the request's cursor, only on requests that carry one", () =>
    withEmulator({ jobs: 30 }, (emulator) =>
      Effect.gen(function*() {
        yield* emulator.scriptFaults([Fault.RepeatCursor.make({})])
        const first = yield* getJson(`${emulator.url}/list-jobs?limit=10`, emulator.apiKey)
        expect(first.next_cursor).not.toBeNull()
        const q = `limit=10&cursor=${encodeURIComponent(first.next_cursor)}`
        const second = yield* getJson(`${emulator.url}/list-jobs?${q}`, emulator.apiKey)
        expect(second.next_cursor).toBe(first.next_cursor)
        expect(second.jobs).toHaveLength(10)
        const again = yield* getJson(`${emulator.url}/list-jobs?${q}`, emulator.apiKey)
        expect(again.jobs).toStrictEqual(second.jobs)
        expect(again.next_cursor).not.toBe(first.next_cursor)
      })))

  it.live("EmptyPage: no jobs but a cursor that continues the scan, with nothing lost", () =>
    withEmulator({ jobs: 30 }, (emulator) =>
      Effect.gen(function*() {
        const expected = (yield* emulator.jobs).map((job) => job.job_id)
        yield* emulator.scriptFaults([Fault.EmptyPage.make({}), Fault.EmptyPage.make({ times: 2 })])
        const empty = yield* getJson(`${emulator.url}/list-jobs?limit=10`, emulator.apiKey)
        expect(empty.jobs).toStrictEqual([])
        expect(typeof empty.next_cursor).toBe("string")
        const ids: Array<string> = []
        let cursor: string | null = empty.next_cursor
        let pages = 0
        while (cursor !== null) {
          const page: any = yield* getJson(
            `${emulator.url}/list-jobs?limit=10&cursor=${encodeURIComponent(cursor)}`,
            emulator.apiKey
          )
          if (page.jobs.length === 0) expect(page.next_cursor).not.toBe(cursor)
          ids.push(...page.jobs.map((job: any) => job.job_id))
          cursor = page.next_cursor
          pages++
        }
        expect(ids).toStrictEqual(expected)
        expect(pages).toBe(5)
      })))

  it.live("cursor scoping: a fault applies only to the request with that cursor", () =>
    withEmulator({ jobs: 30 }, (emulator) =>
      Effect.gen(function*() {
        const first = yield* getJson(`${emulator.url}/list-jobs?limit=10`, emulator.apiKey)
        const second = yield* getJson(
          `${emulator.url}/list-jobs?limit=10&cursor=${encodeURIComponent(first.next_cursor)}`,
          emulator.apiKey
        )
        yield* emulator.scriptFaults([Fault.Status.make({ status: 502, cursor: second.next_cursor, times: 2 })])
        expect((yield* list(emulator)).status).toBe(200)
        expect((yield* list(emulator, `limit=10&cursor=${encodeURIComponent(first.next_cursor)}`)).status).toBe(200)
        const scoped = `limit=10&cursor=${encodeURIComponent(second.next_cursor)}`
        expect((yield* list(emulator, scoped)).status).toBe(502)
        expect((yield* list(emulator, scoped)).status).toBe(502)
        expect((yield* list(emulator, scoped)).status).toBe(200)
        expect(yield* emulator.pendingFaults).toStrictEqual([])
      })))

  it.live("faults leave 401/422/400 requests alone and are not consumed by them", () =>
    withEmulator({ jobs: 5 }, (emulator) =>
      Effect.gen(function*() {
        yield* emulator.scriptFaults([Fault.Status.make({ status: 503 })])
        expect((yield* request(`${emulator.url}/list-jobs`)).status).toBe(401)
        expect((yield* list(emulator, "limit=500")).status).toBe(422)
        expect((yield* list(emulator, "limit=5&cursor=nope")).status).toBe(400)
        expect((yield* list(emulator)).status).toBe(503)
      })))

  it.live("faults posted as JSON to /_emulator/faults behave like scripted ones; DELETE clears them", () =>
    withEmulator({ jobs: 5 }, (emulator) =>
      Effect.gen(function*() {
        const post = (body: unknown) =>
          request(`${emulator.url}/_emulator/faults`, { method: "POST", body: JSON.stringify(body) })
        expect((yield* post([{ _tag: "RateLimited", retryAfter: 3 }, { _tag: "Cloudflare", status: 522 }])).status)
          .toBe(200)
        expect((yield* post({ faults: [{ _tag: "Nope" }] })).status).toBe(422)
        const listed = JSON.parse((yield* request(`${emulator.url}/_emulator/faults`)).text).faults
        expect(listed.map((f: any) => f._tag)).toStrictEqual(["RateLimited", "Cloudflare"])
        const reply = yield* list(emulator)
        expect([reply.status, reply.headers["retry-after"]]).toStrictEqual([429, "3"])
        expect((yield* request(`${emulator.url}/_emulator/faults`, { method: "DELETE" })).status).toBe(204)
        expect((yield* list(emulator)).status).toBe(200)
      })))

  it("round-trips every fault kind through its JSON form", () => {
    const all: Array<Fault.Fault> = [
      Fault.Status.make({ status: 503, detail: "x", headers: { a: "b" }, times: 2, cursor: "c" }),
      Fault.RateLimited.make({ retryAfter: 1, format: "http-date", retryAfterMs: 5 }),
      Fault.Cloudflare.make({ status: 521 }),
      Fault.Latency.make({ millis: 10 }),
      Fault.ResetBeforeHeaders.make({}),
      Fault.ResetMidBody.make({}),
      Fault.TruncatedJson.make({}),
      Fault.MalformedJson.make({}),
      Fault.RepeatCursor.make({}),
      Fault.EmptyPage.make({}),
      Fault.LargeBody.make({ bytes: 100, contentLength: false }),
      Fault.HostileBody.make({ pattern: "nested", status: 200, bytes: 10, contentType: "text/plain" }),
      Fault.EchoAuthorization.make({ status: 502, format: "html" }),
      Fault.RewindCursor.make({ back: 3 }),
      Fault.LongCursor.make({ length: 5000 }),
      Fault.StallMidBody.make({ millis: 10 })
    ]
    const json = JSON.parse(JSON.stringify(Schema.encodeSync(Schema.Array(Fault.Fault))(all)))
    expect(Schema.decodeUnknownSync(Schema.Array(Fault.Fault))(json)).toStrictEqual(all)
  })
})

describe("random faults", () => {
  it.live(
    "faultRate injects seeded transient faults: the same seed gives the same sequence",
    () =>
      Effect.gen(function*() {
        const run = (seed: number) =>
          withEmulator({ jobs: 30, seed, faultRate: 0.5 }, (emulator) =>
            Effect.gen(function*() {
              for (let i = 0; i < 40; i++) yield* Effect.either(list(emulator, "limit=5"))
              return (yield* emulator.requestLog).map((r) => `${r.status}:${r.fault ?? ""}`)
            }))
        const a = yield* run(1)
        expect(yield* run(1)).toStrictEqual(a)
        const faulted = a.filter((entry) => !entry.endsWith(":"))
        expect(faulted.length).toBeGreaterThan(8)
        expect(faulted.length).toBeLessThan(32)
        // only transient kinds: a retrying client survives them
        for (const entry of faulted) {
          expect(["Status", "RateLimited", "Cloudflare", "Latency", "ResetBeforeHeaders", "ResetMidBody"]).toContain(
            entry.split(":")[1]
          )
        }
      }),
    30_000
  )

  it.live(
    "a walk that retries failed pages still returns every job exactly once under random faults",
    () =>
      withEmulator({ jobs: 200, seed: 4, faultRate: 0.3 }, (emulator) =>
        Effect.gen(function*() {
          const expected = (yield* emulator.jobs).map((job) => job.job_id)
          // page-level retry: each page is retried until it succeeds
          const seen: Array<string> = []
          let cursor: string | null = null
          do {
            const q: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`
            const page: any = yield* Effect.retry(getJson(`${emulator.url}/list-jobs?limit=17${q}`, emulator.apiKey), {
              times: 50
            })
            seen.push(...page.jobs.map((job: any) => job.job_id))
            cursor = page.next_cursor
          } while (cursor !== null)
          expect(seen).toStrictEqual(expected)
        })),
    30_000
  )
})
