import { describe, expect, it } from "@effect/vitest"
import { RetryPolicy, SutroClient } from "@sutro-effect/client"
import { SutroError } from "@sutro-effect/core"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Metric from "effect/Metric"
import * as TestClock from "effect/TestClock"
import { forkChild, hasInterrupts, transportError, withDebugLogger } from "./compat.js"
import { clientFor, type Handler, job, json, page, text } from "./helpers.js"

const ok = () => json(page([job(1)], null))

/** Fails with `fail` for the first `times` requests, then answers `ok`. */
const flaky = (times: number, fail: () => Response): Handler => (_, index) => index < times ? fail() : ok()

const status = (code: number, headers: Record<string, string> = {}) => () =>
  json({ detail: `status ${code}` }, code, headers)

const transportFailure: Handler = (request) => Effect.fail(transportError(request.url, new Error("ECONNRESET")))

describe("retry rules", () => {
  const retried = [408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524]
  for (const code of retried) {
    it.effect(`retries ${code}`, () =>
      Effect.gen(function*() {
        const { make, requests } = clientFor(flaky(1, status(code)))
        const fiber = yield* forkChild(Effect.flatMap(make, (c) => c.listJobs()))
        yield* TestClock.adjust("250 millis")
        const result = yield* Fiber.join(fiber)
        expect(result.jobs).toHaveLength(1)
        expect(requests).toHaveLength(2)
      }))
  }

  const neverRetried = [400, 401, 403, 404, 410, 422, 501, 505]
  for (const code of neverRetried) {
    it.effect(`never retries ${code}`, () =>
      Effect.gen(function*() {
        const { make, requests } = clientFor(flaky(1, status(code)))
        const error = yield* Effect.flip(Effect.flatMap(make, (c) => c.listJobs()))
        expect(error.status).toBe(code)
        expect(error.attempts).toBe(1)
        expect(requests).toHaveLength(1)
      }))
  }

  it.effect("never retries a decode error", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(flaky(1, () => text("<html></html>", 200)))
      const error = yield* Effect.flip(Effect.flatMap(make, (c) => c.listJobs()))
      expect(error._tag).toBe("DecodeError")
      expect(requests).toHaveLength(1)
    }))

  it.effect("retries a transport error", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor((request, index) => index === 0 ? transportFailure(request, index) : ok())
      const fiber = yield* forkChild(Effect.flatMap(make, (c) => c.listJobs()))
      yield* TestClock.adjust("250 millis")
      yield* Fiber.join(fiber)
      expect(requests).toHaveLength(2)
    }))

  it.effect("a transport error that persists ends as TransportError with the attempts made", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(transportFailure, { retry: { maxRetries: 2 } })
      const fiber = yield* forkChild(Effect.flip(Effect.flatMap(make, (c) => c.listJobs())))
      yield* TestClock.adjust("1 second")
      const error = yield* Fiber.join(fiber)
      expect(error).toMatchObject({ _tag: "TransportError", attempts: 3 })
      expect(error.message).toContain("ECONNRESET")
      expect(requests).toHaveLength(3)
    }))

  it.effect("times out an attempt, then retries it", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor((_, index) => index === 0 ? Effect.never : ok(), { timeout: "2 seconds" })
      const fiber = yield* forkChild(Effect.flatMap(make, (c) => c.listJobs()))
      yield* TestClock.adjust("1999 millis")
      expect(requests).toHaveLength(1)
      yield* TestClock.adjust("1 millis")
      yield* TestClock.adjust("250 millis")
      yield* Fiber.join(fiber)
      expect(requests).toHaveLength(2)
      expect(requests[0].signal.aborted).toBe(true)
    }))

  it.effect("a timeout that persists ends as TimeoutError", () =>
    Effect.gen(function*() {
      const { make } = clientFor(() => Effect.never, { timeout: "1 second", retry: { maxRetries: 1 } })
      const fiber = yield* forkChild(Effect.flip(Effect.flatMap(make, (c) => c.listJobs())))
      yield* TestClock.adjust("1 second")
      yield* TestClock.adjust("250 millis")
      yield* TestClock.adjust("1 second")
      const error = yield* Fiber.join(fiber)
      expect(error).toMatchObject({ _tag: "TimeoutError", timeoutMillis: 1000, attempts: 2 })
    }))
})

describe("backoff", () => {
  it.effect("defaults to 4 retries with 250, 500, 1000, 2000 ms waits, and reports 5 attempts", () =>
    Effect.gen(function*() {
      const delays: Array<number> = []
      const events: Array<number> = []
      const { make, requests } = clientFor(status(503), {
        retry: {
          onRetry: (event) =>
            Effect.sync(() => {
              delays.push(Duration.toMillis(event.delay))
              events.push(event.attempt)
            })
        }
      })
      const fiber = yield* forkChild(Effect.flip(Effect.flatMap(make, (c) => c.listJobs())))
      yield* TestClock.adjust("249 millis")
      expect(requests).toHaveLength(1)
      yield* TestClock.adjust("1 millis")
      expect(requests).toHaveLength(2)
      yield* TestClock.adjust("3500 millis")
      const error = yield* Fiber.join(fiber)
      expect(delays).toEqual([250, 500, 1000, 2000])
      expect(events).toEqual([1, 2, 3, 4])
      expect(requests).toHaveLength(5)
      expect(error).toMatchObject({ _tag: "ServerError", status: 503, attempts: 5 })
      expect(error.message).toContain("5 attempts")
    }))

  it.effect("caps the wait at maxDelay", () =>
    Effect.gen(function*() {
      const delays: Array<number> = []
      const { make } = clientFor(status(500), {
        retry: { maxRetries: 8, onRetry: (event) => Effect.sync(() => delays.push(Duration.toMillis(event.delay))) }
      })
      const fiber = yield* forkChild(Effect.flip(Effect.flatMap(make, (c) => c.listJobs())))
      yield* TestClock.adjust("2 minutes")
      yield* Fiber.join(fiber)
      expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 10000, 10000])
    }))

  it.effect("jitter spreads waits within x0.8..1.2 of the nominal wait, never above maxDelay", () =>
    Effect.gen(function*() {
      const delays: Array<number> = []
      const { make } = clientFor(status(502), {
        retry: {
          jitter: true,
          maxRetries: 8,
          onRetry: (event) => Effect.sync(() => delays.push(Duration.toMillis(event.delay)))
        }
      })
      const fiber = yield* forkChild(Effect.flip(Effect.flatMap(make, (c) => c.listJobs())))
      yield* TestClock.adjust("2 minutes")
      yield* Fiber.join(fiber)
      const nominal = [250, 500, 1000, 2000, 4000, 8000, 10000, 10000]
      delays.forEach((delay, i) => {
        expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal[i] * 0.8))
        expect(delay).toBeLessThanOrEqual(Math.min(10000, Math.ceil(nominal[i] * 1.2)))
      })
      expect(delays.slice(0, 6).some((delay, i) => delay !== nominal[i])).toBe(true)
    }))

  it.effect("a per-call policy overrides the client's", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(status(503))
      const error = yield* Effect.flip(Effect.flatMap(make, (c) => c.listJobs({}, { retry: { maxRetries: 0 } })))
      expect(error.attempts).toBe(1)
      expect(requests).toHaveLength(1)
    }))

  it.effect("a per-call timeout overrides the client's", () =>
    Effect.gen(function*() {
      const { make } = clientFor(() => Effect.never, { retry: { maxRetries: 0 } })
      const fiber = yield* forkChild(
        Effect.flip(Effect.flatMap(make, (c) => c.listJobs({}, { timeout: "5 seconds" })))
      )
      yield* TestClock.adjust("5 seconds")
      const error = yield* Fiber.join(fiber)
      expect(error).toMatchObject({ _tag: "TimeoutError", timeoutMillis: 5000 })
    }))

  it.effect("logs each retry at debug level with its wait, and counts retries and wait in metrics", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const logged = withDebugLogger(({ level, message }) => {
        if (level === "Debug") lines.push(String(Array.isArray(message) ? message.join(" ") : message))
      })
      const retriesBefore = (yield* Metric.value(SutroClient.retriesTotal)).count
      const waitBefore = (yield* Metric.value(SutroClient.retryWaitMillis)).count
      const requestsBefore = (yield* Metric.value(SutroClient.requestsTotal)).count
      const { make } = clientFor(flaky(2, status(503)))
      const fiber = yield* forkChild(
        Effect.flatMap(make, (c) => c.listJobs()).pipe(
          logged
        )
      )
      yield* TestClock.adjust("750 millis")
      yield* Fiber.join(fiber)
      expect(lines).toEqual([
        "retrying list-jobs in 250 ms after attempt 1: ServerError",
        "retrying list-jobs in 500 ms after attempt 2: ServerError"
      ])
      expect((yield* Metric.value(SutroClient.retriesTotal)).count - retriesBefore).toBe(2)
      expect((yield* Metric.value(SutroClient.retryWaitMillis)).count - waitBefore).toBe(750)
      expect((yield* Metric.value(SutroClient.requestsTotal)).count - requestsBefore).toBe(3)
    }))
})

describe("Retry-After", () => {
  it.effect("Retry-After: 7 waits exactly 7 s of TestClock, not the backoff", () =>
    Effect.gen(function*() {
      const delays: Array<number> = []
      const { make, requests } = clientFor(flaky(1, status(429, { "retry-after": "7" })), {
        retry: { jitter: true, onRetry: (event) => Effect.sync(() => delays.push(Duration.toMillis(event.delay))) }
      })
      const fiber = yield* forkChild(Effect.flatMap(make, (c) => c.listJobs()))
      yield* TestClock.adjust("6900 millis")
      expect(requests).toHaveLength(1)
      yield* TestClock.adjust("99 millis")
      expect(requests).toHaveLength(1)
      yield* TestClock.adjust("1 millis")
      expect(requests).toHaveLength(2)
      yield* Fiber.join(fiber)
      expect(delays).toEqual([7000])
    }))

  it.effect("Retry-After as an HTTP date waits until that date", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.UTC(2024, 0, 15, 10, 30, 0))
      const at = new Date(Date.UTC(2024, 0, 15, 10, 30, 12)).toUTCString()
      const { make, requests } = clientFor(flaky(1, status(429, { "retry-after": at })))
      const fiber = yield* forkChild(Effect.flatMap(make, (c) => c.listJobs()))
      yield* TestClock.adjust("11999 millis")
      expect(requests).toHaveLength(1)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      expect(requests).toHaveLength(2)
    }))

  it.effect("retry-after-ms wins over Retry-After", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(
        flaky(1, status(429, { "retry-after-ms": "1500", "retry-after": "2" }))
      )
      const fiber = yield* forkChild(Effect.flatMap(make, (c) => c.listJobs()))
      yield* TestClock.adjust("1499 millis")
      expect(requests).toHaveLength(1)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      expect(requests).toHaveLength(2)
    }))

  it.effect("honours Retry-After on a 503 too", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(flaky(1, status(503, { "retry-after": "3" })))
      const fiber = yield* forkChild(Effect.flatMap(make, (c) => c.listJobs()))
      yield* TestClock.adjust("2999 millis")
      expect(requests).toHaveLength(1)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      expect(requests).toHaveLength(2)
    }))

  it.effect("a wait above maxRetryAfter fails at once with the server's wait, unshortened", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(flaky(1, status(429, { "retry-after": "120", "x-request-id": "req_r" })))
      const error = yield* Effect.flip(Effect.flatMap(make, (c) => c.listJobs()))
      expect(error).toMatchObject({
        _tag: "RateLimitError",
        status: 429,
        requestId: "req_r",
        retryAfterMillis: 120_000,
        maxRetryAfterMillis: 60_000,
        attempts: 1
      })
      expect(requests).toHaveLength(1)
      expect(error.message).toContain("longer than the retry policy's maxRetryAfter of 60 s")
    }))

  it.effect("a 503 asking for more than maxRetryAfter fails at once as a ServerError carrying the wait", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(flaky(1, status(503, { "retry-after": "90" })))
      const error = yield* Effect.flip(Effect.flatMap(make, (c) => c.listJobs()))
      expect(error).toMatchObject({
        _tag: "ServerError",
        status: 503,
        retryAfterMillis: 90_000,
        maxRetryAfterMillis: 60_000,
        attempts: 1
      })
      expect(requests).toHaveLength(1)
      expect(error.message).toContain("The server asked to wait 90 s, longer than the retry policy's maxRetryAfter")
    }))

  it.effect("maxRetryAfter is configurable", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(flaky(1, status(429, { "retry-after": "120" })), {
        retry: { maxRetryAfter: "5 minutes" }
      })
      const fiber = yield* forkChild(Effect.flatMap(make, (c) => c.listJobs()))
      yield* TestClock.adjust("2 minutes")
      yield* Fiber.join(fiber)
      expect(requests).toHaveLength(2)
    }))

  it("parses the forms of Retry-After", () => {
    const now = Date.UTC(2024, 0, 15, 10, 30, 0)
    expect(RetryPolicy.parseRetryAfter("7", now)).toBe(7000)
    expect(RetryPolicy.parseRetryAfter(" 1.5 ", now)).toBe(1500)
    expect(RetryPolicy.parseRetryAfter("Mon, 15 Jan 2024 10:30:30 GMT", now)).toBe(30_000)
    expect(RetryPolicy.parseRetryAfter("Mon, 15 Jan 2024 10:29:00 GMT", now)).toBe(0)
    expect(RetryPolicy.parseRetryAfter("soon", now)).toBeUndefined()
    expect(RetryPolicy.parseRetryAfter("-3", now)).toBeUndefined()
    expect(RetryPolicy.retryAfterFromHeaders({ "retry-after-ms": "250" }, now)).toBe(250)
    expect(RetryPolicy.retryAfterFromHeaders({}, now)).toBeUndefined()
  })

  it("isRetryable follows the documented rules", () => {
    const make = (tag: SutroError.SutroError["_tag"], status?: number) =>
      ({ _tag: tag, status }) as SutroError.SutroError
    expect(RetryPolicy.isRetryable(make("TransportError"))).toBe(true)
    expect(RetryPolicy.isRetryable(make("TimeoutError"))).toBe(true)
    expect(RetryPolicy.isRetryable(make("RateLimitError", 429))).toBe(true)
    expect(RetryPolicy.isRetryable(make("ServerError", 524))).toBe(true)
    expect(RetryPolicy.isRetryable(make("ServerError", 501))).toBe(false)
    expect(RetryPolicy.isRetryable(make("DecodeError", 200))).toBe(false)
    expect(RetryPolicy.isRetryable(make("AuthenticationError", 401))).toBe(false)
    expect(RetryPolicy.isRetryable(make("ConfigurationError", 410))).toBe(false)
    expect(RetryPolicy.isRetryable(make("InvalidRequestError", 422))).toBe(false)
    expect(RetryPolicy.isRetryable(make("PaginationError"))).toBe(false)
    const transport = (reason?: "Certificate" | "ConnectionClosed") =>
      new SutroError.TransportError({ detail: "x", ...(reason === undefined ? {} : { reason }) })
    expect(RetryPolicy.isRetryable(transport("Certificate"))).toBe(false)
    expect(RetryPolicy.isRetryable(transport("ConnectionClosed"))).toBe(true)
  })
})

describe("interruption", () => {
  it.effect("interrupting during a backoff wait stops at once, with no further request", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(status(503))
      const fiber = yield* forkChild(Effect.flatMap(make, (c) => c.listJobs()))
      yield* TestClock.adjust("100 millis")
      expect(requests).toHaveLength(1)
      yield* Fiber.interrupt(fiber)
      expect(hasInterrupts(yield* Fiber.await(fiber))).toBe(true)
      yield* TestClock.adjust("1 minute")
      expect(requests).toHaveLength(1)
    }))

  it.effect("interrupting during a request aborts it", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(() => Effect.never)
      const fiber = yield* forkChild(Effect.flatMap(make, (c) => c.listJobs()))
      yield* TestClock.adjust("10 millis")
      expect(requests).toHaveLength(1)
      expect(requests[0].signal.aborted).toBe(false)
      yield* Fiber.interrupt(fiber)
      expect(hasInterrupts(yield* Fiber.await(fiber))).toBe(true)
      expect(requests[0].signal.aborted).toBe(true)
    }))
})
// @generated by scripts/one-source.mjs from packages/effect4/client/test/retry.test.ts: edit that file, then run `pnpm one-source`
