import { describe, expect, it } from "@effect/vitest"
import { Emulator, Fault } from "@sutro-effect/emulator"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Http from "node:http"
import { auth, getJson, request } from "./helpers.js"

const withEmulator = <A, E>(options: Emulator.Options, f: (emulator: Emulator.Service) => Effect.Effect<A, E>) =>
  Effect.scoped(Effect.flatMap(Emulator.make(options), f))

const list = (emulator: Emulator.Service, query = "limit=10") =>
  request(`${emulator.url}/v1/list-jobs?${query}`, { headers: auth(emulator.apiKey) })

const postFaults = (emulator: Emulator.Service, body: unknown) =>
  request(`${emulator.url}/_emulator/faults`, { method: "POST", body: JSON.stringify(body) })

describe("faults that cannot be served are refused when posted", () => {
  it.live("a bad header name or value, or a latency beyond a timer, is a 422 with FastAPI's body; nothing is queued", () =>
    withEmulator({ jobs: 5 }, (emulator) =>
      Effect.gen(function*() {
        const refused = [
          [{ _tag: "Status", status: 503, headers: { "bad name": "x" } }],
          [{ _tag: "Status", status: 503, headers: { "x-ok": "a\r\nset-cookie: b" } }],
          [{ _tag: "Status", status: 503, contentType: "text/html\u0000" }],
          { faults: [{ _tag: "Latency", millis: 2 ** 31 }] }
        ]
        for (const body of refused) {
          const reply = yield* postFaults(emulator, body)
          expect(reply.status).toBe(422)
          const detail = JSON.parse(reply.text).detail
          expect(Array.isArray(detail)).toBe(true)
          expect(detail[0]).toMatchObject({ type: "value_error", msg: expect.any(String) })
          expect(detail[0].loc.slice(0, Array.isArray(body) ? 2 : 3)).toStrictEqual(
            Array.isArray(body) ? ["body", 0] : ["body", "faults", 0]
          )
        }
        expect(yield* emulator.pendingFaults).toStrictEqual([])
        // the largest values that can be served are accepted and served
        const ok = yield* postFaults(emulator, [
          { _tag: "Latency", millis: 0 },
          { _tag: "Status", status: 503, headers: { "x-Custom_1": "value\twith tab" } }
        ])
        expect(ok.status).toBe(200)
        expect((yield* list(emulator)).status).toBe(200)
        const custom = yield* list(emulator)
        expect(custom.status).toBe(503)
        expect(custom.headers["x-custom_1"]).toBe("value\twith tab")
      })))

  it("the same rules hold for faults built in code", () => {
    expect(() => Fault.Latency.make({ millis: Fault.maxTimerMillis + 1 })).toThrow(/what a timer can hold/)
    expect(() => Fault.Status.make({ status: 500, headers: { "a b": "c" } })).toThrow(/not a valid header name/)
    expect(Fault.Latency.make({ millis: Fault.maxTimerMillis }).millis).toBe(2_147_483_647)
  })

  it.live("a latency option beyond a timer is an InvalidOption", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(Effect.scoped(Emulator.make({ latency: "25 days" })))
      expect(Exit.isFailure(exit) && String(exit.cause)).toContain("latency must be 0..2147483647 ms")
    }))
})

describe("hostile faults", () => {
  it.live("HostileBody: exactly `bytes` bytes of each adversarial pattern, with the status and content type", () =>
    withEmulator({ jobs: 5 }, (emulator) =>
      Effect.gen(function*() {
        yield* emulator.scriptFaults([
          Fault.HostileBody.make({ pattern: "angles" }),
          Fault.HostileBody.make({ pattern: "titles", bytes: 1000, status: 200 }),
          Fault.HostileBody.make({ pattern: "unclosed", bytes: 999 }),
          Fault.HostileBody.make({ pattern: "nested", bytes: 2000 }),
          Fault.HostileBody.make({ pattern: "multibyte", bytes: 4097, contentType: "text/plain; charset=utf-8" })
        ])
        const angles = yield* list(emulator)
        expect([angles.status, angles.headers["content-type"]]).toStrictEqual([502, "text/html; charset=utf-8"])
        expect(angles.text).toBe("<".repeat(1_000_000))
        const titles = yield* list(emulator)
        expect(titles.status).toBe(200)
        expect(titles.text).toBe("<title".repeat(166) + "....")
        expect((yield* list(emulator)).text).toBe("<b ".repeat(333))
        const nested = (yield* list(emulator)).text
        expect(nested).toBe("<div>".repeat(181) + "deep" + "</div>".repeat(181) + ".".repeat(5))
        const multibyte = yield* list(emulator)
        expect(multibyte.headers["content-type"]).toBe("text/plain; charset=utf-8")
        expect(Buffer.byteLength(multibyte.text)).toBe(4097)
        expect(multibyte.text.startsWith("xé漢🙂 é漢🙂 ")).toBe(true)
      })))

  it.live("EchoAuthorization: the request's Authorization header, key included, in JSON, HTML or text", () =>
    withEmulator({ jobs: 5, apiKeys: ["sk_echo_me"] }, (emulator) =>
      Effect.gen(function*() {
        yield* emulator.scriptFaults([
          Fault.EchoAuthorization.make({}),
          Fault.EchoAuthorization.make({ status: 502, format: "html" }),
          Fault.EchoAuthorization.make({ status: 200, format: "text" })
        ])
        const json = yield* list(emulator)
        expect(json.status).toBe(401)
        expect(JSON.parse(json.text).detail).toContain("Authorization: Key sk_echo_me")
        const html = yield* list(emulator)
        expect(html.status).toBe(502)
        expect(html.text).toContain("<title>401 Key sk_echo_me</title>")
        const text = yield* list(emulator)
        expect([text.status, text.text]).toStrictEqual([200, "Unauthorized. Authorization: Key sk_echo_me\n"])
        // the request log still never records it
        expect(JSON.stringify(yield* emulator.requestLog)).not.toContain("sk_echo_me")
      })))

  it.live("EchoAuthorization: the header in each spelling", () =>
    withEmulator({ jobs: 5, apiKeys: ["sk_e<&/'\"+"] }, (emulator) =>
      Effect.gen(function*() {
        const spellings: ReadonlyArray<readonly [Fault.Spelling, string]> = [
          ["as-sent", "Key sk_e<&/'\"+"],
          ["percent", "Key%20sk_e%3C%26%2F'%22%2B"],
          ["percent-lower", "Key%20sk_e%3c%26%2f'%22%2b"],
          ["form", "Key+sk_e%3C%26%2F%27%22%2B"],
          ["uri", "Key%20sk_e%3C&/'%22+"],
          ["html-named", "Key sk_e&lt;&amp;/&apos;&quot;+"],
          ["html-decimal", "Key&#32;sk&#95;e&#60;&#38;&#47;&#39;&#34;&#43;"],
          ["html-hex", "Key&#x20;sk&#x5f;e&#x3c;&#x26;&#x2f;&#x27;&#x22;&#x2b;"],
          ["json-unicode", "Key\\u0020sk\\u005fe\\u003c\\u0026\\u002f\\u0027\\u0022\\u002b"]
        ]
        yield* emulator.scriptFaults(
          spellings.map(([spelling]) => Fault.EchoAuthorization.make({ status: 502, format: "text", spelling }))
        )
        for (const [, spelled] of spellings) {
          expect((yield* list(emulator)).text).toBe(`Unauthorized. Authorization: ${spelled}\n`)
        }
        // In JSON, json-unicode is the JSON text's own escapes: the parsed detail holds the header as sent.
        yield* emulator.scriptFaults([Fault.EchoAuthorization.make({ spelling: "json-unicode" })])
        const json = yield* list(emulator)
        expect(json.text).toContain("\\u003c")
        expect(JSON.parse(json.text).detail).toBe("Invalid credentials in header 'Authorization: Key sk_e<&/'\"+'")
      })))

  it.live("EchoAuthorization into next_cursor: the key after the position, and the walk goes on from it", () =>
    withEmulator({ jobs: 25, apiKeys: ["sk_e<&/"] }, (emulator) =>
      Effect.gen(function*() {
        const clean = yield* getJson(`${emulator.url}/v1/list-jobs?limit=10`, "sk_e<&/")
        yield* emulator.scriptFaults([Fault.EchoAuthorization.make({ into: "next_cursor", spelling: "html-named" })])
        const echoed = JSON.parse((yield* list(emulator, "limit=10")).text)
        expect(echoed.next_cursor).toBe(`${clean.next_cursor}~sk_e&lt;&amp;/`)
        const next = JSON.parse(
          (yield* list(emulator, `limit=10&cursor=${encodeURIComponent(echoed.next_cursor)}`)).text
        )
        const cleanNext = yield* getJson(
          `${emulator.url}/v1/list-jobs?limit=10&cursor=${encodeURIComponent(clean.next_cursor)}`,
          "sk_e<&/"
        )
        expect(next).toStrictEqual(cleanNext)
        // not on a request without a page size, and the last page keeps its null
        yield* emulator.scriptFaults([Fault.EchoAuthorization.make({ into: "next_cursor" })])
        expect(JSON.parse((yield* list(emulator, "")).text).jobs).toHaveLength(25)
        expect(JSON.parse((yield* list(emulator, "limit=30")).text).next_cursor).toBeNull()
      })))

  it.live("LargeBody: the page padded with spaces to `bytes`, with a content-length or chunked", () =>
    withEmulator({ jobs: 30 }, (emulator) =>
      Effect.gen(function*() {
        const expected = yield* getJson(`${emulator.url}/list-jobs?limit=10`, emulator.apiKey)
        yield* emulator.scriptFaults([
          Fault.LargeBody.make({ bytes: 300_000 }),
          Fault.LargeBody.make({ bytes: 200_001, contentLength: false }),
          Fault.LargeBody.make({ bytes: 10 })
        ])
        const withLength = yield* list(emulator)
        expect(withLength.headers["content-length"]).toBe("300000")
        expect(Buffer.byteLength(withLength.text)).toBe(300_000)
        expect(JSON.parse(withLength.text)).toStrictEqual(expected)
        const chunked = yield* list(emulator)
        expect(chunked.headers["content-length"]).toBeUndefined()
        expect(chunked.headers["transfer-encoding"]).toBe("chunked")
        expect(Buffer.byteLength(chunked.text)).toBe(200_001)
        expect(JSON.parse(chunked.text)).toStrictEqual(expected)
        // smaller than the page: the page as it is
        expect(JSON.parse((yield* list(emulator)).text)).toStrictEqual(expected)
      })))

  it.live("RewindCursor: a next_cursor in new text that leads back to the start, or `back` jobs", () =>
    withEmulator({ jobs: 30 }, (emulator) =>
      Effect.gen(function*() {
        const all = (yield* emulator.jobs).map((job) => job.job_id)
        const issued = new Set<string>()
        const first = yield* getJson(`${emulator.url}/list-jobs?limit=10`, emulator.apiKey)
        issued.add(first.next_cursor)
        const second = yield* getJson(
          `${emulator.url}/list-jobs?limit=10&cursor=${encodeURIComponent(first.next_cursor)}`,
          emulator.apiKey
        )
        issued.add(second.next_cursor)
        const last = yield* getJson(
          `${emulator.url}/list-jobs?limit=10&cursor=${encodeURIComponent(second.next_cursor)}`,
          emulator.apiKey
        )
        expect(last.next_cursor).toBeNull()
        yield* emulator.scriptFaults([
          Fault.RewindCursor.make({ cursor: first.next_cursor }),
          Fault.RewindCursor.make({ cursor: first.next_cursor, back: 4 }),
          Fault.RewindCursor.make({ cursor: second.next_cursor })
        ])
        const q = (cursor: string) => `limit=10&cursor=${encodeURIComponent(cursor)}`
        const toStart = JSON.parse((yield* list(emulator, q(first.next_cursor))).text)
        expect(toStart.jobs.map((j: any) => j.job_id)).toStrictEqual(all.slice(10, 20))
        expect(issued.has(toStart.next_cursor)).toBe(false)
        const restarted = yield* getJson(`${emulator.url}/list-jobs?${q(toStart.next_cursor)}`, emulator.apiKey)
        expect(restarted.jobs.map((j: any) => j.job_id)).toStrictEqual(all.slice(0, 10))
        const back4 = JSON.parse((yield* list(emulator, q(first.next_cursor))).text)
        expect(issued.has(back4.next_cursor)).toBe(false)
        const repeated = yield* getJson(`${emulator.url}/list-jobs?${q(back4.next_cursor)}`, emulator.apiKey)
        expect(repeated.jobs.map((j: any) => j.job_id)).toStrictEqual(all.slice(16, 26))
        // on the last page, a cursor instead of null
        const lastRewound = JSON.parse((yield* list(emulator, q(second.next_cursor))).text)
        expect(lastRewound.jobs.map((j: any) => j.job_id)).toStrictEqual(all.slice(20, 30))
        expect(typeof lastRewound.next_cursor).toBe("string")
      })))

  it.live("LongCursor: a next_cursor longer than 4,096 characters that the next request accepts", () =>
    withEmulator({ jobs: 30 }, (emulator) =>
      Effect.gen(function*() {
        const all = (yield* emulator.jobs).map((job) => job.job_id)
        yield* emulator.scriptFaults([Fault.LongCursor.make({}), Fault.LongCursor.make({ length: 12_000 })])
        const first = yield* getJson(`${emulator.url}/list-jobs?limit=10`, emulator.apiKey)
        expect(first.next_cursor.length).toBeGreaterThanOrEqual(5000)
        const second = yield* getJson(
          `${emulator.url}/list-jobs?limit=10&cursor=${encodeURIComponent(first.next_cursor)}`,
          emulator.apiKey
        )
        expect(second.next_cursor.length).toBe(12_000)
        expect(second.jobs.map((j: any) => j.job_id)).toStrictEqual(all.slice(10, 20))
        const third = yield* getJson(
          `${emulator.url}/list-jobs?limit=10&cursor=${encodeURIComponent(second.next_cursor)}`,
          emulator.apiKey
        )
        expect(third.jobs.map((j: any) => j.job_id)).toStrictEqual(all.slice(20, 30))
        expect(() => Fault.LongCursor.make({ length: 4096 })).toThrow()
      })))

  it.live("StallMidBody: half the body, a pause, then the rest: the response is complete", () =>
    withEmulator({ jobs: 30 }, (emulator) =>
      Effect.gen(function*() {
        const expected = yield* getJson(`${emulator.url}/list-jobs?limit=10`, emulator.apiKey)
        yield* emulator.scriptFaults([Fault.StallMidBody.make({ millis: 150 })])
        const started = Date.now()
        const reply = yield* list(emulator)
        expect(Date.now() - started).toBeGreaterThanOrEqual(140)
        expect(JSON.parse(reply.text)).toStrictEqual(expected)
      })))
})

describe("connections", () => {
  it.live("counts the TCP connections open now, idle keep-alive ones included", () =>
    withEmulator({ jobs: 5 }, (emulator) =>
      Effect.gen(function*() {
        expect(yield* emulator.connections).toBe(0)
        const agent = new Http.Agent({ keepAlive: true })
        yield* Effect.async<void>((resume) => {
          Http.get(`${emulator.url}/list-jobs`, { agent }, (res) => {
            res.resume()
            res.on("end", () => resume(Effect.void))
          })
        })
        expect(yield* emulator.connections).toBe(1)
        agent.destroy()
        for (let i = 0; i < 100 && (yield* emulator.connections) > 0; i++) yield* Effect.sleep("10 millis")
        expect(yield* emulator.connections).toBe(0)
      })))
})

describe("the request log is bounded", () => {
  it.live("requests with 14 KB queries keep at most 1,024 query characters each", () =>
    withEmulator({ jobs: 5 }, (emulator) =>
      Effect.gen(function*() {
        const big = "q".repeat(14_000)
        yield* Effect.forEach(
          Array.from({ length: 300 }, (_, i) => i),
          (i) => Effect.promise(() => fetch(`${emulator.url}/nowhere?a=${i}&big=${big}&c=1`).then((r) => r.text())),
          { concurrency: 16, discard: true }
        )
        const log = yield* emulator.requestLog
        expect(log).toHaveLength(300)
        for (const entry of log) {
          const chars = Object.entries(entry.query).reduce((n, [k, v]) => n + k.length + v.length, 0)
          expect(chars).toBeLessThanOrEqual(Emulator.maxLoggedQueryChars + 20)
          expect(entry.queryTruncated).toBe(true)
          expect(entry.query.big).toMatch(/^q+…\(14000 chars\)$/)
          expect(entry.query.c).toBeUndefined()
        }
        // a short query is kept whole, without the flag
        yield* Effect.promise(() => fetch(`${emulator.url}/nowhere?limit=5`).then((r) => r.text()))
        const last = (yield* emulator.requestLog).at(-1)!
        expect(last.query).toStrictEqual({ limit: "5" })
        expect(last.queryTruncated).toBeUndefined()
      })))

  it.live("beyond maxLoggedRequests (default 10,000) the oldest requests are dropped", () =>
    withEmulator({ jobs: 5, maxLoggedRequests: 200 }, (emulator) =>
      Effect.gen(function*() {
        expect(Emulator.defaultMaxLoggedRequests).toBe(10_000)
        const n = 201
        yield* Effect.forEach(
          Array.from({ length: n }, (_, i) => i),
          (i) => Effect.promise(() => fetch(`${emulator.url}/nowhere?i=${i}`).then((r) => r.text())),
          { concurrency: 16, discard: true }
        )
        const log = yield* emulator.requestLog
        expect(log.length).toBeLessThanOrEqual(200)
        expect(log.length).toBeGreaterThanOrEqual(180)
        expect(log.at(-1)!.query.i).toBeDefined()
        expect(log.some((entry) => entry.query.i === "0")).toBe(false)
      })))
})
