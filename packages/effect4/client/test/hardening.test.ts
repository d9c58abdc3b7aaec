import { describe, expect, it } from "@effect/vitest"
import { RetryPolicy, SutroClient } from "@sutro-effect/client"
import type { Job } from "@sutro-effect/core"
import * as Encoding from "@sutro-effect/protocol/Encoding"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as HttpClient from "effect/http/HttpClient"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/testing/TestClock"
import { collect, forkChild, stepper, withDebugLogger } from "./compat.js"
import { apiKey, clientFor, fakeHttp, type Handler, job, json, page, text } from "./helpers.js"

const okPage: Handler = () => json(page([job(1)], null))

/** Every way an error is shown: none may hold the key. */
const renderings = (error: unknown): Array<string> => [
  (error as Error).message,
  String(error),
  JSON.stringify(error),
  Cause.pretty(Cause.fail(error))
]

describe("maxResponseBytes", () => {
  const big = "x".repeat(5000)

  it.effect("a 2xx body over the limit by Content-Length is a TooLarge DecodeError, not retried", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(() => text(big, 200, { "content-length": String(big.length) }), {
        maxResponseBytes: 1000
      })
      const error = yield* Effect.flip(Effect.flatMap(make, (c) => c.listJobs()))
      expect(error).toMatchObject({ _tag: "DecodeError", kind: "TooLarge", limitBytes: 1000, attempts: 1 })
      expect(error.message).toContain("Content-Length is 5000 bytes")
      expect(error.message).toContain("raise the maxResponseBytes option")
      expect(requests).toHaveLength(1)
    }))

  for (const [name, transport] of [["its web body", {}], ["the platform's stream", { noWeb: true }]] as const) {
    it.effect(`without Content-Length the body is counted while read (${name}), and reading stops at the limit`, () =>
      Effect.gen(function*() {
        let pulls = 0
        let cancelled = 0
        // An endless body: the client must stop reading it.
        const endless = () =>
          new Response(
            new ReadableStream({
              pull(controller) {
                pulls++
                controller.enqueue(new TextEncoder().encode("y".repeat(1024)))
              },
              cancel() {
                cancelled++
              }
            }),
            { status: 200 }
          )
        const { make, requests } = clientFor(endless, { maxResponseBytes: 64 * 1024 }, transport)
        const error = yield* Effect.flip(Effect.flatMap(make, (c) => c.listJobs()))
        expect(error).toMatchObject({ _tag: "DecodeError", kind: "TooLarge", limitBytes: 65536 })
        expect(error.message).toContain("more than 65536 bytes received")
        expect(pulls).toBeLessThan(100)
        expect(cancelled).toBe(1)
        expect(requests).toHaveLength(1)
      }))

    it.live(`a body that stalls is cut by the timeout (${name}): the reader is cancelled, the call retried`, () =>
      Effect.gen(function*() {
        let cancelled = 0
        const stalls = (_: unknown, n: number) =>
          n === 0
            ? new Response(
              new ReadableStream({
                start(controller) {
                  controller.enqueue(new TextEncoder().encode(`{"jobs": [`))
                },
                cancel() {
                  cancelled++
                }
              }),
              { status: 200 }
            )
            : new Response(JSON.stringify(page([job(1)], null)), { status: 200 })
        const { make, requests } = clientFor(stalls, {
          timeout: "100 millis",
          retry: { maxRetries: 1, baseDelay: "10 millis" }
        }, transport)
        const result = yield* Effect.flatMap(make, (c) => c.listJobs())
        expect(result.jobs).toHaveLength(1)
        expect(requests).toHaveLength(2)
        expect(cancelled).toBe(1)
      }))

    it.effect(`a body that breaks off is a retried transport failure (${name})`, () =>
      Effect.gen(function*() {
        const breaks = (_: unknown, n: number) =>
          n === 0
            ? new Response(
              new ReadableStream({
                start(controller) {
                  controller.enqueue(new TextEncoder().encode(`{"jobs": [`))
                  controller.error(new TypeError("terminated"))
                }
              }),
              { status: 200 }
            )
            : new Response(JSON.stringify(page([job(1)], null)), { status: 200 })
        const { make, requests } = clientFor(breaks, { retry: { maxRetries: 1 } }, transport)
        const fiber = yield* forkChild(Effect.flatMap(make, (c) => c.listJobs()))
        yield* TestClock.adjust("1 minute")
        expect((yield* Fiber.join(fiber)).jobs).toHaveLength(1)
        expect(requests).toHaveLength(2)
      }))
  }

  it.effect("a body at the limit is read; the call's limit overrides the client's", () =>
    Effect.gen(function*() {
      const body = JSON.stringify(page([job(1)], null))
      const { make } = clientFor(() => new Response(body, { status: 200 }), { maxResponseBytes: body.length })
      const client = yield* make
      expect((yield* client.listJobs()).jobs).toHaveLength(1)
      const error = yield* Effect.flip(client.listJobs({}, { maxResponseBytes: body.length - 1 }))
      expect(error).toMatchObject({ _tag: "DecodeError", kind: "TooLarge" })
    }))

  describe("over a bounded transport (the node layer's)", () => {
    const limitOf = (seen: { readonly headers: Readonly<Record<string, string>> }) =>
      seen.headers[Encoding.bodyLimitHeader]
    // No Content-Length: without a bounded transport, such a body is counted as a stream.
    const pageBody: Handler = (seen) =>
      new Response(
        JSON.stringify(
          seen.url.searchParams.has("limit") ? page([job(1)], null) : { message: "Jobs retrieved.", jobs: [job(1)] }
        ),
        { status: 200 }
      )

    it.effect("the limit goes to the transport in a header and the body is read whole, not as a stream", () =>
      Effect.gen(function*() {
        const { make, requests } = clientFor(pageBody, { maxResponseBytes: 1000 }, { bounded: true, noStream: true })
        const client = yield* make
        expect((yield* client.listJobs()).jobs).toHaveLength(1)
        expect((yield* client.listJobs({}, { maxResponseBytes: 2000 })).jobs).toHaveLength(1)
        expect((yield* client.listAllJobs()).jobs).toHaveLength(1)
        const walked = yield* collect(client.jobs({ pageSize: 10 }))
        expect(walked).toHaveLength(1)
        expect(requests.map(limitOf)).toEqual(["1000", "2000", "1000", "1000"])
      }))

    it.effect("the transport's too-large failure is a TooLarge DecodeError after one attempt", () =>
      Effect.gen(function*() {
        const refused = () =>
          new Response(
            new ReadableStream({
              start(controller) {
                controller.error(
                  Object.assign(new Error("more than 1000 bytes received, reading stopped"), {
                    code: Encoding.tooLargeCode
                  })
                )
              }
            }),
            { status: 200 }
          )
        const { make, requests } = clientFor(refused, { maxResponseBytes: 1000 }, { bounded: true })
        const error = yield* Effect.flip(Effect.flatMap(make, (c) => c.listJobs()))
        expect(error).toMatchObject({ _tag: "DecodeError", kind: "TooLarge", limitBytes: 1000, attempts: 1 })
        expect(error.message).toContain("more than 1000 bytes received")
        expect(requests).toHaveLength(1)
      }))

    it.effect("no header and counted reading for a transport not marked, or a transformClient over a marked one", () =>
      Effect.gen(function*() {
        const plain = clientFor(pageBody, {})
        yield* Effect.flatMap(plain.make, (c) => c.listJobs())
        const transformed = clientFor(pageBody, {
          transformClient: (client) => HttpClient.mapRequest(client, (r) => r)
        }, {
          bounded: true
        })
        yield* Effect.flatMap(transformed.make, (c) => c.listJobs())
        expect([...plain.requests, ...transformed.requests].map(limitOf)).toEqual([undefined, undefined])
        // Counted: a fetch-backed response from its web body; any other through the platform's
        // stream, so one that refuses to be read as a stream fails the call.
        const web = clientFor(pageBody, {}, { noStream: true })
        expect((yield* Effect.flatMap(web.make, (c) => c.listJobs())).jobs).toHaveLength(1)
        // ... and through a transformClient over it (docs/client.md says so).
        const webTransformed = clientFor(pageBody, {
          transformClient: (client) => HttpClient.mapRequest(client, (r) => r)
        }, { noStream: true })
        expect((yield* Effect.flatMap(webTransformed.make, (c) => c.listJobs())).jobs).toHaveLength(1)
        const counted = clientFor(pageBody, {}, { noStream: true, noWeb: true })
        const exit = yield* Effect.exit(Effect.flatMap(counted.make, (c) => c.listJobs()))
        expect(Exit.isFailure(exit)).toBe(true)
      }))
  })

  it.live("an error status with an oversized body keeps its status and is retried as that status", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(
        (_, i) => i === 0 ? text(big, 503, { "content-length": String(big.length) }) : json(page([job(1)], null)),
        { maxResponseBytes: 1000, retry: { baseDelay: 1 } }
      )
      const result = yield* Effect.flatMap(make, (c) => c.listJobs())
      expect(result.jobs).toHaveLength(1)
      expect(requests).toHaveLength(2)
      const { make: failing } = clientFor(() => text(big, 502, { "content-length": String(big.length) }), {
        maxResponseBytes: 1000,
        retry: { maxRetries: 0 }
      })
      const error = yield* Effect.flip(Effect.flatMap(failing, (c) => c.listJobs()))
      expect(error).toMatchObject({ _tag: "ServerError", status: 502 })
      expect(error.message).toContain("not read")
    }))

  for (const bad of [0, -1, 1.5, Number.NaN]) {
    it.effect(`refuses maxResponseBytes ${bad} before any request`, () =>
      Effect.gen(function*() {
        const { make, requests } = clientFor(okPage, { maxResponseBytes: bad })
        expect(yield* Effect.flip(make)).toMatchObject({ _tag: "ConfigurationError", reason: "InvalidOption" })
        expect(requests).toHaveLength(0)
      }))
  }
})

describe("secrets the server echoes back", () => {
  const key = apiKey
  const echoes: ReadonlyArray<[string, Handler]> = [
    ["a 401 detail", () => json({ detail: `Invalid credentials: Key ${key}` }, 401)],
    ["a 500 detail list", () => json({ detail: [{ loc: ["header", "authorization"], msg: `bad Key ${key}` }] }, 500)],
    [
      "an HTML title",
      () => text(`<html><title>Denied for Key ${key}</title></html>`, 403, { "content-type": "text/html" })
    ],
    ["an HTML body", () => text(`<html><body><p>Authorization: Key ${key}</p></body></html>`, 502)],
    ["a request id header", () => json({ detail: "no" }, 400, { "x-request-id": `req-${key}` })],
    ["a 2xx body that is not JSON", () => text(`oops Key ${key}`, 200)],
    [
      "a 2xx body with the key where a date belongs",
      () => json(page([{ ...job(1), datetime_created: `Key ${key}` }], null))
    ],
    ["a URL-encoded echo", () => json({ detail: `key=${encodeURIComponent(key)}` }, 422)]
  ]
  for (const [name, handler] of echoes) {
    for (const keyKind of ["fixed", "effect"] as const) {
      it.effect(`${name} (${keyKind} key): the key appears in no message, String, JSON or Cause.pretty`, () =>
        Effect.gen(function*() {
          const { make } = clientFor(handler, {
            apiKey: keyKind === "fixed" ? Redacted.make(key) : Effect.succeed(Redacted.make(key)),
            retry: { maxRetries: 0 }
          })
          const error = yield* Effect.flip(Effect.flatMap(make, (c) => c.listJobs()))
          for (const shown of renderings(error)) {
            expect(shown).not.toContain(key)
            expect(shown).not.toContain(encodeURIComponent(key))
          }
          expect(renderings(error).join("\n")).toContain("[redacted]")
        }))
    }
  }

  it.effect("nor in Debug logs of the retries", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const logged = withDebugLogger(({ annotations, message }) => lines.push(JSON.stringify({ message, annotations })))
      const { make } = clientFor(() => json({ detail: `Key ${key} is rate limited` }, 429, { "retry-after": "0" }), {
        retry: { maxRetries: 2 }
      })
      const exit = yield* Effect.flatMap(make, (c) => c.listJobs()).pipe(
        logged,
        Effect.exit
      )
      expect(Exit.isFailure(exit)).toBe(true)
      expect(lines.length).toBeGreaterThan(0)
      expect(lines.join("\n")).toContain("retrying list-jobs")
      expect(lines.join("\n")).toContain("RateLimitError")
      expect(lines.join("\n")).not.toContain(key)
    }))
})

describe("careless options", () => {
  // Some are typed input on one line only (Effect 4 takes { seconds } and "-Infinity"), all can come from JavaScript.
  const refused: ReadonlyArray<[string, unknown]> = [
    ["a negative baseDelay", { retry: { baseDelay: -1 } }],
    ["a NaN baseDelay", { retry: { baseDelay: Number.NaN } }],
    ["a negative maxDelay", { retry: { maxDelay: -5 } }],
    ["a NaN maxRetryAfter", { retry: { maxRetryAfter: Number.NaN } }],
    ["a negative maxRetryAfter", { retry: { maxRetryAfter: -1000 } }],
    ["a NaN maxRetries", { retry: { maxRetries: Number.NaN } }],
    ["a NaN timeout", { timeout: Number.NaN }],
    // Effect 3 reads "-1 second" as 0 ms, Effect 4 as -1000 ms: both lines refuse it (protocol Options).
    ["a timeout of \"-1 second\"", { timeout: "-1 second" }],
    ["a baseDelay of \"-1 second\"", { retry: { baseDelay: "-1 second" } }],
    ["a maxRetryAfter of \"-5 seconds\"", { retry: { maxRetryAfter: "-5 seconds" } }],
    ["a maxDelay of { seconds: -1 }", { retry: { maxDelay: { seconds: -1 } } }],
    ["a maxRetryAfter of \"-Infinity\"", { retry: { maxRetryAfter: "-Infinity" } }],
    ["a timeout of \"-Infinity\"", { timeout: "-Infinity" }]
  ]
  for (const [name, options] of refused) {
    it.effect(`refuses ${name} with ConfigurationError before any request`, () =>
      Effect.gen(function*() {
        const { make, requests } = clientFor(okPage, options as Partial<SutroClient.Options>)
        expect(yield* Effect.flip(make)).toMatchObject({ _tag: "ConfigurationError", reason: "InvalidOption" })
        expect(requests).toHaveLength(0)
      }))
  }

  it.effect("plain http only to literal loopback addresses and localhost itself", () =>
    Effect.gen(function*() {
      for (const baseUrl of ["http://anything.localhost", "http://localhost.evil.example", "http://127.0.0.1.nip.io"]) {
        const error = yield* Effect.flip(clientFor(okPage, { baseUrl }).make)
        expect(error).toMatchObject({ _tag: "ConfigurationError", reason: "InsecureHttp" })
      }
      for (const baseUrl of ["http://localhost:8000", "http://127.0.0.1:9", "http://[::1]:8000"]) {
        yield* clientFor(okPage, { baseUrl }).make
      }
    }))

  it.effect("a refused base URL never repeats user info or query values", () =>
    Effect.gen(function*() {
      for (
        const baseUrl of [
          "https://user:hunter2@api.sutro.sh",
          "https://hunter2@api.sutro.sh",
          "https://api.sutro.sh/v1?token=hunter2",
          "http://api.sutro.sh/?token=hunter2",
          "not a url ?token=hunter2",
          "ht!tp://user:hunter2@host/"
        ]
      ) {
        const error = yield* Effect.flip(clientFor(okPage, { baseUrl }).make)
        expect(error._tag).toBe("ConfigurationError")
        for (const shown of renderings(error)) expect(shown).not.toContain("hunter2")
      }
    }))
})

describe("options from plain JavaScript, of the wrong type", () => {
  // Each is refused with a typed error before any request, never thrown on (a TypeError is a defect).
  const expectRefused = <A, E extends { readonly _tag: string }>(
    effect: Effect.Effect<A, E>,
    requests: ReadonlyArray<unknown>,
    tag: string
  ) =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(effect)
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain(tag)
      expect(Exit.isFailure(exit) && exit.cause.toString()).not.toMatch(/TypeError|Die/)
      const error = yield* Effect.flip(effect)
      expect(error._tag).toBe(tag)
      expect(requests).toHaveLength(0)
    })

  const clientOptions: ReadonlyArray<[string, unknown]> = [
    ["baseUrl: 8080", { baseUrl: 8080 }],
    ["baseUrl: null", { baseUrl: null }],
    ["baseUrl: {}", { baseUrl: {} }],
    ["apiKey: 12345", { apiKey: 12345 }],
    ["apiKey: a plain string", { apiKey: "sk_live_plain" }],
    ["apiKey: Redacted of a number", { apiKey: Redacted.make(12345) }],
    ["userAgent: 5", { userAgent: 5 }],
    ["userAgent: {}", { userAgent: {} }],
    ["timeout: true", { timeout: true }],
    ["timeout: {}", { timeout: {} }],
    ["timeout: \"soon\"", { timeout: "soon" }],
    ["maxResponseBytes: \"1000\"", { maxResponseBytes: "1000" }],
    ["allowInsecureHttp: \"yes\"", { allowInsecureHttp: "yes" }],
    ["transformClient: 5", { transformClient: 5 }],
    ["retry: 3", { retry: 3 }],
    ["retry: \"never\"", { retry: "never" }],
    ["retry.maxRetries: \"3\"", { retry: { maxRetries: "3" } }],
    ["retry.factor: \"2\"", { retry: { factor: "2" } }],
    ["retry.baseDelay: true", { retry: { baseDelay: true } }],
    ["retry.jitter: \"no\"", { retry: { jitter: "no" } }],
    ["retry.onRetry: 5", { retry: { onRetry: 5 } }]
  ]
  for (const [name, options] of clientOptions) {
    it.effect(`client ${name}: ConfigurationError`, () =>
      Effect.gen(function*() {
        const http = fakeHttp(okPage)
        const make = SutroClient.make({ apiKey: Redacted.make(apiKey), ...(options as object) } as SutroClient.Options)
          .pipe(Effect.provide(http.layer))
        yield* expectRefused(make, http.requests, "ConfigurationError")
      }))
  }

  it.effect("client options that are not an object: ConfigurationError", () =>
    Effect.gen(function*() {
      for (const options of [undefined, null, "sk_live_plain", 5]) {
        const http = fakeHttp(okPage)
        yield* expectRefused(
          SutroClient.make(options as unknown as SutroClient.Options).pipe(Effect.provide(http.layer)),
          http.requests,
          "ConfigurationError"
        )
      }
    }))

  // A call's and a walk's parameters: InvalidRequestError (a parameter), ConfigurationError (a setting).
  const walkOptions: ReadonlyArray<[string, unknown, string]> = [
    ["pageSize: \"5\"", { pageSize: "5" }, "InvalidRequestError"],
    ["startCursor: 5", { startCursor: 5 }, "InvalidRequestError"],
    ["prefetch: \"1\"", { prefetch: "1" }, "InvalidRequestError"],
    ["maxPages: \"2\"", { maxPages: "2" }, "InvalidRequestError"],
    ["maxJobs: \"2\"", { maxJobs: "2" }, "InvalidRequestError"],
    ["createdAfter: 5", { createdAfter: 5 }, "InvalidRequestError"],
    ["createdAfter: \"1\"", { createdAfter: "1" }, "InvalidRequestError"],
    ["createdAfter: \"2024/01/15\"", { createdAfter: "2024/01/15" }, "InvalidRequestError"],
    ["createdAfter: an invalid Date", { createdAfter: new Date(Number.NaN) }, "InvalidRequestError"],
    ["timeout: true", { timeout: true }, "ConfigurationError"],
    ["retry: 3", { retry: 3 }, "ConfigurationError"],
    ["maxResponseBytes: \"9\"", { maxResponseBytes: "9" }, "ConfigurationError"]
  ]
  for (const [name, options, tag] of walkOptions) {
    it.effect(`jobs() and pages() with ${name}: ${tag}`, () =>
      Effect.gen(function*() {
        const { make, requests } = clientFor(okPage)
        const client = yield* make
        yield* expectRefused(collect(client.jobs(options as SutroClient.StreamOptions)), requests, tag)
        yield* expectRefused(collect(client.pages(options as SutroClient.StreamOptions)), requests, tag)
      }))
  }

  it.effect("listJobs with a cursor or a limit of the wrong type: InvalidRequestError", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(okPage)
      const client = yield* make
      for (const params of [{ cursor: 5 }, { cursor: {} }, { limit: "10" }]) {
        yield* expectRefused(client.listJobs(params as never), requests, "InvalidRequestError")
      }
      yield* expectRefused(client.listJobs({}, { timeout: true } as never), requests, "ConfigurationError")
    }))
})

describe("what the server sends", () => {
  it.effect("a next_cursor longer than the caller's 4,096-character limit is followed", () =>
    Effect.gen(function*() {
      const long = "c".repeat(10_000)
      const { make, requests } = clientFor((request) =>
        request.url.searchParams.get("cursor") === null ? json(page([job(1)], long)) : json(page([job(2)], null))
      )
      const client = yield* make
      const jobs = yield* collect(client.jobs({ prefetch: 0 }))
      expect(jobs.map((j) => j.job_id)).toEqual(["job_1", "job_2"])
      expect(requests[1].url.searchParams.get("cursor")).toBe(long)
    }))
})

describe("a job nested 10,000 levels deep (json_schema is the user's own data)", () => {
  const depth = 10_000
  // JSON.stringify overflows on such a value, so the body is built as text.
  const deepPage = (...jobs: ReadonlyArray<Job.JobEncoded>) =>
    text(
      JSON.stringify(page(jobs, null)).replace(
        `"json_schema":null`,
        `"json_schema":${"{\"a\":".repeat(depth)}{}${"}".repeat(depth)}`
      ),
      200,
      { "content-type": "application/json" }
    )

  it.effect("is delivered by a walk, its json_schema intact, with the rest of the page", () =>
    Effect.gen(function*() {
      const { make } = clientFor(() => deepPage(job(1), job(2)))
      const client = yield* make
      const jobs = yield* collect(client.jobs({ prefetch: 0 }))
      expect(jobs.map((j) => j.job_id)).toEqual(["job_1", "job_2"])
      let levels = 0
      for (let v: unknown = jobs[0].json_schema; typeof v === "object" && v !== null; levels++) {
        v = (v as { a?: unknown }).a
      }
      expect(levels).toBe(depth + 1)
    }))

  it.effect("next to an invalid job, the page is a DecodeError (Schema) about that job, not a defect", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(() => deepPage(job(1), { ...job(2), name: 5 as unknown as string }))
      const client = yield* make
      const error = yield* Effect.flip(collect(client.jobs({ prefetch: 0 })))
      expect(error._tag).toBe("DecodeError")
      expect(error._tag === "DecodeError" && error.kind).toBe("Schema")
      expect(error._tag === "DecodeError" && error.detail).toContain("jobs[1].name")
      expect(requests).toHaveLength(1)
    }))
})

describe("RetryPolicy.schedule", () => {
  it.effect("without jitter, its n-th wait is backoffMillis(n); with jitter, within x0.8..1.2 and the cap", () =>
    Effect.gen(function*() {
      for (const jitter of [false, true]) {
        const policy = { baseDelay: Duration.millis(100), factor: 3, maxDelay: Duration.seconds(5), jitter }
        // Stepped by hand, as the client does between attempts.
        const step = yield* stepper(RetryPolicy.schedule(policy))
        for (let n = 1; n <= 8; n++) {
          const [output, delay] = yield* step(Date.now())
          const millis = Duration.toMillis(delay)
          // The output is the wait too (Effect 3's Schedule.delays).
          expect(Duration.toMillis(output)).toBe(millis)
          expect(Number.isInteger(millis)).toBe(true)
          if (!jitter) expect(millis).toBe(RetryPolicy.backoffMillis(policy, n, 0))
          else {
            const nominal = RetryPolicy.backoffMillis({ ...policy, jitter: false }, n, 0)
            expect(millis).toBeGreaterThanOrEqual(Math.floor(nominal * 0.8))
            expect(millis).toBeLessThanOrEqual(Math.min(5000, Math.ceil(nominal * 1.2)))
          }
        }
      }
    }))

  it.effect("a new step function starts again from baseDelay", () =>
    Effect.gen(function*() {
      const schedule = RetryPolicy.schedule({ baseDelay: 10, factor: 2, maxDelay: 1000, jitter: false })
      const first = yield* stepper(schedule)
      yield* first(0)
      yield* first(0)
      const second = yield* stepper(schedule)
      expect(Duration.toMillis((yield* second(0))[1])).toBe(10)
      expect(Duration.toMillis((yield* first(0))[1])).toBe(40)
    }))
})
