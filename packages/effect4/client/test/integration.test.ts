import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { expect, layer } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import type * as EmulatorServer from "@sutro-effect/emulator/Server"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { collect, layerScoped, serviceKey } from "./compat.js"
import { emulator } from "./helpers.js"

// Real sockets: the emulator on 127.0.0.1 (port 0), through its Promise API, and undici.
const Emulator = serviceKey<EmulatorServer.Handle>("test/Emulator")

const client = (options: Partial<SutroClient.Options> = {}) =>
  Effect.gen(function*() {
    const server = yield* Emulator
    yield* Effect.promise(() => server.clearFaults())
    yield* Effect.promise(() => server.clearRequestLog())
    const sutro = yield* SutroClient.make({
      apiKey: Redacted.make(server.apiKey),
      baseUrl: server.url,
      ...options,
      retry: { baseDelay: "5 millis", ...options.retry }
    })
    return { server, sutro }
  })

const faults = (server: EmulatorServer.Handle, list: Parameters<EmulatorServer.Handle["scriptFaults"]>[0]) =>
  Effect.promise(() => server.scriptFaults(list))
const requestLog = (server: EmulatorServer.Handle) => Effect.promise(() => server.requestLog())
const emulatorJobs = (server: EmulatorServer.Handle) => Effect.promise(() => server.jobs())

layer(
  Layer.merge(layerScoped(Emulator, emulator({ jobs: 250, seed: 7 })), NodeHttpClient.layerUndici),
  { excludeTestServices: true }
)("over real sockets", (it) => {
  it.effect("walks every job, newest first, in the emulator's order", () =>
    Effect.gen(function*() {
      const { server, sutro } = yield* client()
      const jobs = yield* sutro.jobs({ pageSize: 40, prefetch: 2 }).pipe(collect)
      const expected = yield* emulatorJobs(server)
      expect(jobs.map((j) => j.job_id)).toEqual(expected.map((j) => j.job_id))
      const log = yield* requestLog(server)
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
      const { server, sutro } = yield* client({ apiKey: Redacted.make("sk_wrong") })
      const error = yield* Effect.flip(sutro.listJobs())
      expect(error).toMatchObject({ _tag: "AuthenticationError", status: 401, attempts: 1 })
      expect(error.requestId).toBeDefined()
      expect(yield* requestLog(server)).toHaveLength(1)
    }))

  it.effect("a connection reset mid-body is a TransportError, retried without losing or repeating the page", () =>
    Effect.gen(function*() {
      const { server, sutro } = yield* client()
      yield* faults(server, [{ _tag: "ResetMidBody", times: 1 }])
      const first = yield* sutro.listJobs({ limit: 50 })
      yield* faults(server, [{ _tag: "ResetMidBody", cursor: first.next_cursor!, times: 1 }])
      const jobs = yield* sutro.jobs({ pageSize: 50, startCursor: first.next_cursor! }).pipe(collect)
      const expected = yield* emulatorJobs(server)
      expect(jobs.map((j) => j.job_id)).toEqual(expected.slice(50).map((j) => j.job_id))
      const log = yield* requestLog(server)
      expect(log.filter((entry) => entry.fault === "ResetMidBody")).toHaveLength(2)
    }))

  it.effect("a reset mid-body that persists ends as TransportError with the attempts", () =>
    Effect.gen(function*() {
      const { server, sutro } = yield* client({ retry: { maxRetries: 2 } })
      yield* faults(server, [{ _tag: "ResetMidBody", times: 5 }])
      const error = yield* Effect.flip(sutro.listJobs({ limit: 10 }))
      expect(error).toMatchObject({ _tag: "TransportError", attempts: 3 })
    }))

  it.effect("a reset before headers is retried", () =>
    Effect.gen(function*() {
      const { server, sutro } = yield* client()
      yield* faults(server, [{ _tag: "ResetBeforeHeaders", times: 2 }])
      const result = yield* sutro.listJobs({ limit: 10 })
      expect(result.jobs).toHaveLength(10)
      expect(yield* requestLog(server)).toHaveLength(3)
    }))

  it.effect("well-framed but truncated JSON is a DecodeError NotJson, not retried", () =>
    Effect.gen(function*() {
      const { server, sutro } = yield* client()
      yield* faults(server, [{ _tag: "TruncatedJson" }])
      const error = yield* Effect.flip(sutro.listJobs({ limit: 10 }))
      expect(error).toMatchObject({ _tag: "DecodeError", kind: "NotJson", attempts: 1 })
      expect((error as any).contentType).toContain("application/json")
    }))

  it.effect("a Cloudflare 524 page is retried, and its title shows when retries run out", () =>
    Effect.gen(function*() {
      const { server, sutro } = yield* client({ retry: { maxRetries: 1 } })
      yield* faults(server, [{ _tag: "Cloudflare", status: 524, times: 2 }])
      const error = yield* Effect.flip(sutro.listJobs({ limit: 10 }))
      expect(error).toMatchObject({ _tag: "ServerError", status: 524, attempts: 2 })
      expect(error.message).toMatch(/524/)
      expect((error as any).contentType).toContain("text/html")
    }))

  it.effect("a 503 is retried, then succeeds", () =>
    Effect.gen(function*() {
      const { server, sutro } = yield* client()
      yield* faults(server, [{ _tag: "Status", status: 503 }])
      const result = yield* sutro.listJobs({ limit: 5 })
      expect(result.jobs).toHaveLength(5)
      expect((yield* requestLog(server)).map((entry) => entry.status)).toEqual([503, 200])
    }))

  it.effect("a 429 with Retry-After is waited out, then succeeds", () =>
    Effect.gen(function*() {
      const { server, sutro } = yield* client()
      yield* faults(server, [{ _tag: "RateLimited", retryAfterMs: 50, format: "none" }])
      const delays: Array<number> = []
      const result = yield* sutro.listJobs({ limit: 5 }, {
        retry: { onRetry: (event) => Effect.sync(() => delays.push(Duration.toMillis(event.delay))) }
      })
      expect(result.jobs).toHaveLength(5)
      expect(delays).toEqual([50])
    }))

  it.effect("a repeating cursor from the server is a PaginationError", () =>
    Effect.gen(function*() {
      const { server, sutro } = yield* client()
      yield* faults(server, [{ _tag: "RepeatCursor" }])
      const error = yield* Effect.flip(sutro.pages({ pageSize: 10 }).pipe(Stream.runDrain))
      expect(error._tag).toBe("PaginationError")
    }))

  it.effect("an empty page with a next_cursor is followed, nothing lost", () =>
    Effect.gen(function*() {
      const { server, sutro } = yield* client()
      yield* faults(server, [{ _tag: "EmptyPage", times: 2 }])
      const jobs = yield* sutro.jobs({ pageSize: 100 }).pipe(collect)
      expect(jobs).toHaveLength(250)
    }))
})
