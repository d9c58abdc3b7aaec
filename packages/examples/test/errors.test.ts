// The error table of docs/core.md, row by row: which error each answer becomes and whether the client retries it.
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { describe, expect, it } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"

/** Runs one listJobs call against a server that always answers `respond()`; returns the error and the requests made. */
const failWith = (respond: () => Response) =>
  Effect.gen(function*() {
    let requests = 0
    const http = HttpClient.make((request) =>
      Effect.sync(() => {
        requests++
        return HttpClientResponse.fromWeb(request, respond())
      })
    )
    const client = yield* SutroClient.make({ apiKey: Redacted.make("sk_table"), retry: { maxRetries: 2 } }).pipe(
      Effect.provide(Layer.succeed(HttpClient.HttpClient, http))
    )
    const fiber = yield* Effect.fork(Effect.flip(client.listJobs()))
    yield* TestClock.adjust("1 minute")
    const error = yield* Fiber.join(fiber)
    return { error, requests }
  })

const status = (code: number, body = JSON.stringify({ detail: `status ${code}` })) => () =>
  new Response(body, { status: code, headers: { "content-type": "application/json" } })

const rows: ReadonlyArray<readonly [statuses: ReadonlyArray<number>, tag: string, retried: boolean]> = [
  [[401, 403], "AuthenticationError", false],
  [[404, 410], "ConfigurationError", false],
  [[400, 409, 418, 422], "InvalidRequestError", false],
  [[429], "RateLimitError", true],
  [[408, 500, 502, 503, 504, 520, 521, 522, 523, 524], "ServerError", true],
  [[501, 505, 507, 511], "ServerError", false]
]

describe("docs/core.md error table", () => {
  for (const [statuses, tag, retried] of rows) {
    for (const code of statuses) {
      it.effect(`${code} is a ${tag}, ${retried ? "retried" : "never retried"}`, () =>
        Effect.gen(function*() {
          const { error, requests } = yield* failWith(status(code))
          expect(error._tag).toBe(tag)
          expect(error.status).toBe(code)
          expect(requests).toBe(retried ? 3 : 1)
        }))
    }
  }

  it.effect("a 2xx that is not JSON is a DecodeError, never retried", () =>
    Effect.gen(function*() {
      const { error, requests } = yield* failWith(() => new Response("<html>hi</html>", { status: 200 }))
      expect(error._tag).toBe("DecodeError")
      expect(requests).toBe(1)
    }))

  it.effect("a 503 asking for a wait above maxRetryAfter fails at once as a ServerError with the wait", () =>
    Effect.gen(function*() {
      const { error, requests } = yield* failWith(() =>
        new Response("{}", { status: 503, headers: { "retry-after": "120", "content-type": "application/json" } })
      )
      expect(error._tag).toBe("ServerError")
      expect(error._tag === "ServerError" && error.retryAfterMillis).toBe(120_000)
      expect(requests).toBe(1)
    }))
})
