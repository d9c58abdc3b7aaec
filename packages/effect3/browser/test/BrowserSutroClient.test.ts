import { describe, expect, it, layer } from "@effect/vitest"
import { BrowserSutroClient } from "@sutro-effect/browser"
import { SutroClient } from "@sutro-effect/client"
import * as Generator from "@sutro-effect/emulator/Generator"
import * as EmulatorServer from "@sutro-effect/emulator/Server"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import { collect, configFromEnv, layerScoped, serviceKey } from "./compat.js"

const apiKey = "sk_browser_test_5d2c9e"
const baseUrl = "https://acme.example/v1"
const jobs = Generator.generateJobs(5, 3)

interface Sent {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
}

/** A `fetch` that records what the client sent and answers from `answer`. */
const fakeFetch = (answer: (url: URL) => Response | Promise<Response>) => {
  const sent: Array<Sent> = []
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const headers: Record<string, string> = {}
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value))
    const url = String(input)
    sent.push({ method: init?.method ?? "GET", url, headers })
    return Promise.resolve(answer(new URL(url)))
  }
  return { sent, fetch: fetch as typeof globalThis.fetch }
}

const jsonResponse = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })

/** Two pages: the first two jobs, then the other three. */
const twoPages = (url: URL) =>
  url.searchParams.get("cursor") === null
    ? jsonResponse({ jobs: jobs.slice(0, 2), next_cursor: "c_2" })
    : jsonResponse({ jobs: jobs.slice(2), next_cursor: null })

const options = { apiKey: Redacted.make(apiKey), baseUrl, userAgent: "my-app/1.0", retry: { maxRetries: 0 } }

const listJobs = Effect.flatMap(SutroClient.SutroClient, (sutro) => sutro.listJobs({ limit: 2 }))
const allJobIds = Stream.unwrap(Effect.map(SutroClient.SutroClient, (sutro) => sutro.jobs({ pageSize: 2 }))).pipe(
  Stream.map((job) => job.job_id),
  collect
)

describe("BrowserSutroClient over a fake fetch", () => {
  it.effect("walks the pages: URL, query, Authorization and Accept as the client builds them, no User-Agent", () =>
    Effect.gen(function*() {
      const { fetch, sent } = fakeFetch(twoPages)
      const ids = yield* allJobIds.pipe(
        Effect.provide(BrowserSutroClient.layer(options)),
        Effect.provideService(FetchHttpClient.Fetch, fetch)
      )
      expect(ids).toEqual(jobs.map((job) => job.job_id))
      expect(sent.map((request) => [request.method, request.url])).toEqual([
        ["GET", `${baseUrl}/list-jobs?limit=2`],
        ["GET", `${baseUrl}/list-jobs?limit=2&cursor=c_2`]
      ])
      for (const request of sent) {
        expect(request.headers.authorization).toBe(`Key ${apiKey}`)
        expect(request.headers.accept).toBe("application/json")
        // The option is set, but the browser owns the User-Agent.
        expect(Object.keys(request.headers)).not.toContain("user-agent")
      }
    }))

  it.effect("maps a 401 to AuthenticationError, sent once, without the key in the error", () =>
    Effect.gen(function*() {
      const { fetch, sent } = fakeFetch(() => jsonResponse({ detail: "Invalid API key" }, 401))
      const error = yield* Effect.flip(
        listJobs.pipe(
          Effect.provide(BrowserSutroClient.layer(options)),
          Effect.provideService(FetchHttpClient.Fetch, fetch)
        )
      )
      expect(error._tag).toBe("AuthenticationError")
      expect(error).toMatchObject({ status: 401 })
      expect(sent).toHaveLength(1)
      expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(apiKey)
    }))

  it.effect("maps a 503 to ServerError and a rejected fetch (CORS, offline) to TransportError", () =>
    Effect.gen(function*() {
      const unavailable = fakeFetch(() => jsonResponse({ detail: "busy" }, 503))
      const server = yield* Effect.flip(
        listJobs.pipe(
          Effect.provide(BrowserSutroClient.layer(options)),
          Effect.provideService(FetchHttpClient.Fetch, unavailable.fetch)
        )
      )
      expect(server).toMatchObject({ _tag: "ServerError", status: 503 })
      const offline = fakeFetch(() => Promise.reject(new TypeError("Failed to fetch")))
      const transport = yield* Effect.flip(
        listJobs.pipe(
          Effect.provide(BrowserSutroClient.layer(options)),
          Effect.provideService(FetchHttpClient.Fetch, offline.fetch)
        )
      )
      expect(transport._tag).toBe("TransportError")
      expect(offline.sent).toHaveLength(1)
    }))

  it.effect("layerConfig: key and base URL from the ConfigProvider, no User-Agent", () =>
    Effect.gen(function*() {
      const { fetch, sent } = fakeFetch(twoPages)
      const env = configFromEnv({ SUTRO_API_KEY: apiKey, SUTRO_API_URL: baseUrl })
      const page = yield* listJobs.pipe(
        Effect.provide(BrowserSutroClient.layerConfig().pipe(Layer.provide(env))),
        Effect.provideService(FetchHttpClient.Fetch, fetch)
      )
      expect(page.jobs.map((job) => job.job_id)).toEqual(jobs.slice(0, 2).map((job) => job.job_id))
      expect(sent[0]).toMatchObject({
        url: `${baseUrl}/list-jobs?limit=2`,
        headers: { authorization: `Key ${apiKey}` }
      })
      expect(Object.keys(sent[0].headers)).not.toContain("user-agent")
    }))

  it.effect("layer and layerConfig check the options before any request", () =>
    Effect.gen(function*() {
      const blank = yield* Effect.flip(
        Effect.provide(SutroClient.SutroClient, BrowserSutroClient.layer({ apiKey: Redacted.make(" ") }))
      )
      expect(blank).toMatchObject({ _tag: "ConfigurationError", reason: "MissingApiKey" })
      const env = configFromEnv({ SUTRO_API_KEY: apiKey, SUTRO_API_URL: "ftp://nope" })
      const badUrl = yield* Effect.flip(
        Effect.provide(SutroClient.SutroClient, BrowserSutroClient.layerConfig().pipe(Layer.provide(env)))
      )
      expect(badUrl._tag).toBe("ConfigurationError")
    }))
})

// The emulator on 127.0.0.1 (port 0), through its Promise API: the same on both lines.
const Emulator = serviceKey<EmulatorServer.Handle>("test/Emulator")

const EmulatorLive = layerScoped(
  Emulator,
  Effect.acquireRelease(
    Effect.promise(() => EmulatorServer.start({ jobs: 60, seed: 5 })),
    (emulator) => Effect.promise(() => emulator.close())
  )
)

// Node has a WHATWG fetch, so the fetch layer runs here against the emulator on loopback.
layer(EmulatorLive, { excludeTestServices: true })("BrowserSutroClient over fetch", (it) => {
  it.effect("layer: walks the jobs with a short-lived key fetched per request", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator
      yield* Effect.promise(() => emulator.clearRequestLog())
      const fetches = yield* Ref.make(0)
      const fetchKey = Ref.update(fetches, (n) => n + 1).pipe(Effect.as(Redacted.make(emulator.apiKey)))
      const walked = yield* Stream.unwrap(Effect.map(SutroClient.SutroClient, (sutro) => sutro.jobs({ pageSize: 25 })))
        .pipe(
          collect,
          Effect.provide(BrowserSutroClient.layer({ apiKey: fetchKey, baseUrl: emulator.url }))
        )
      const expected = (yield* Effect.promise(() => emulator.jobs())).map((j) => j.job_id)
      expect(walked.map((j) => j.job_id)).toEqual(expected)
      expect(yield* Ref.get(fetches)).toBe(3)
      const log = yield* Effect.promise(() => emulator.requestLog())
      expect(log).toHaveLength(3)
      expect(log.every((entry) => entry.authorized && entry.status === 200)).toBe(true)
    }))
})
// @generated by scripts/one-source.mjs from packages/effect4/browser/test/BrowserSutroClient.test.ts: edit that file, then run `pnpm one-source`
