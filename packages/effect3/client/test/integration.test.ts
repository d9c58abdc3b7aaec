import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { expect, layer } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import { Emulator, Fault } from "@sutro-effect/emulator"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"

// Real sockets: the emulator on 127.0.0.1 (port 0) and undici, for what only a network does.
const client = (options: Partial<SutroClient.Options> = {}) =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    yield* emulator.clearFaults
    yield* emulator.clearRequestLog
    const sutro = yield* SutroClient.make({
      apiKey: Redacted.make(emulator.apiKey),
      baseUrl: emulator.url,
      ...options,
      retry: { baseDelay: "5 millis", ...options.retry }
    })
    return { emulator, sutro }
  })

layer(Layer.merge(Emulator.layer({ jobs: 250, seed: 7 }), NodeHttpClient.layerUndici), { excludeTestServices: true })(
  "over real sockets",
  (it) => {
    it.effect("walks every job, newest first, in the emulator's order", () =>
      Effect.gen(function*() {
        const { emulator, sutro } = yield* client()
        const jobs = yield* sutro.jobs({ pageSize: 40, prefetch: 2 }).pipe(Stream.runCollect)
        const expected = yield* emulator.jobs
        expect(Chunk.toReadonlyArray(jobs).map((j) => j.job_id)).toEqual(expected.map((j) => j.job_id))
        const log = yield* emulator.requestLog
        expect(log).toHaveLength(7)
        expect(log.every((entry) => entry.authorized && entry.status === 200)).toBe(true)
      }))

    it.effect("listAllJobs returns everything in one response", () =>
      Effect.gen(function*() {
        const { sutro } = yield* client()
        const all = yield* sutro.listAllJobs()
        expect(all.jobs).toHaveLength(250)
      }))

    it.effect("a wrong key is an AuthenticationError, not retried", () =>
      Effect.gen(function*() {
        const { emulator, sutro } = yield* client({ apiKey: Redacted.make("sk_wrong") })
        const error = yield* Effect.flip(sutro.listJobs())
        expect(error).toMatchObject({ _tag: "AuthenticationError", status: 401, attempts: 1 })
        expect(error.requestId).toBeDefined()
        expect(yield* emulator.requestLog).toHaveLength(1)
      }))

    it.effect("a connection reset mid-body is a TransportError, retried without losing or repeating the page", () =>
      Effect.gen(function*() {
        const { emulator, sutro } = yield* client()
        yield* emulator.scriptFaults([Fault.ResetMidBody.make({ cursor: undefined, times: 1 })])
        const first = yield* sutro.listJobs({ limit: 50 })
        yield* emulator.scriptFaults([Fault.ResetMidBody.make({ cursor: first.next_cursor!, times: 1 })])
        const jobs = yield* sutro.jobs({ pageSize: 50, startCursor: first.next_cursor! }).pipe(Stream.runCollect)
        const expected = yield* emulator.jobs
        expect(Chunk.toReadonlyArray(jobs).map((j) => j.job_id)).toEqual(expected.slice(50).map((j) => j.job_id))
        const log = yield* emulator.requestLog
        expect(log.filter((entry) => entry.fault === "ResetMidBody")).toHaveLength(2)
      }))

    it.effect("a reset mid-body that persists ends as TransportError with the attempts", () =>
      Effect.gen(function*() {
        const { sutro, emulator } = yield* client({ retry: { maxRetries: 2 } })
        yield* emulator.scriptFaults([Fault.ResetMidBody.make({ times: 5 })])
        const error = yield* Effect.flip(sutro.listJobs({ limit: 10 }))
        expect(error).toMatchObject({ _tag: "TransportError", attempts: 3 })
      }))

    it.effect("a reset before headers is retried", () =>
      Effect.gen(function*() {
        const { sutro, emulator } = yield* client()
        yield* emulator.scriptFaults([Fault.ResetBeforeHeaders.make({ times: 2 })])
        const result = yield* sutro.listJobs({ limit: 10 })
        expect(result.jobs).toHaveLength(10)
        expect(yield* emulator.requestLog).toHaveLength(3)
      }))

    it.effect("well-framed but truncated JSON is a DecodeError NotJson, not retried", () =>
      Effect.gen(function*() {
        const { sutro, emulator } = yield* client()
        yield* emulator.scriptFaults([Fault.TruncatedJson.make({})])
        const error = yield* Effect.flip(sutro.listJobs({ limit: 10 }))
        expect(error).toMatchObject({ _tag: "DecodeError", kind: "NotJson", attempts: 1 })
        expect((error as any).contentType).toContain("application/json")
      }))

    it.effect("a Cloudflare 524 page is retried, and its title shows when retries run out", () =>
      Effect.gen(function*() {
        const { sutro, emulator } = yield* client({ retry: { maxRetries: 1 } })
        yield* emulator.scriptFaults([Fault.Cloudflare.make({ status: 524, times: 2 })])
        const error = yield* Effect.flip(sutro.listJobs({ limit: 10 }))
        expect(error).toMatchObject({ _tag: "ServerError", status: 524, attempts: 2 })
        expect(error.message).toMatch(/524/)
        expect((error as any).contentType).toContain("text/html")
      }))

    it.effect("a 429 with Retry-After is waited out, then succeeds", () =>
      Effect.gen(function*() {
        const { sutro, emulator } = yield* client()
        yield* emulator.scriptFaults([Fault.RateLimited.make({ retryAfterMs: 50, format: "none" })])
        const delays: Array<number> = []
        const result = yield* sutro.listJobs({ limit: 5 }, {
          retry: { onRetry: (event) => Effect.sync(() => delays.push(Duration.toMillis(event.delay))) }
        })
        expect(result.jobs).toHaveLength(5)
        expect(delays).toEqual([50])
      }))

    it.effect("a repeating cursor from the server is a PaginationError", () =>
      Effect.gen(function*() {
        const { sutro, emulator } = yield* client()
        yield* emulator.scriptFaults([Fault.RepeatCursor.make({})])
        const error = yield* Effect.flip(sutro.pages({ pageSize: 10 }).pipe(Stream.runDrain))
        expect(error._tag).toBe("PaginationError")
      }))

    it.effect("an empty page with a next_cursor is followed, nothing lost", () =>
      Effect.gen(function*() {
        const { sutro, emulator } = yield* client()
        yield* emulator.scriptFaults([Fault.EmptyPage.make({ times: 2 })])
        const jobs = yield* sutro.jobs({ pageSize: 100 }).pipe(Stream.runCollect)
        expect(Chunk.size(jobs)).toBe(250)
      }))
  }
)
