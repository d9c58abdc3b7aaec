// The example modules of the Effect 4 line's READMEs, run in this process: the same assertions as
// packages/examples/test/modules.test.ts makes on the Effect 3 line.
import { describe, expect, it } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import * as Generator from "@sutro-effect/emulator/Generator"
import type * as EmulatorServer from "@sutro-effect/emulator/Server"
import * as Effect from "effect/Effect"
import type * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import { recentJobs } from "../src/browser-key.js"
import { traced } from "../src/client-traced.js"
import { notFinal } from "../src/core-readme.js"
import { daysAgo, emulator, jobsWith } from "./helpers.js"

const ids = (jobs: Iterable<{ readonly job_id: string }>) => Array.from(jobs, (job) => job.job_id)

describe("packages/effect4/browser README: a short-lived key from the app's backend", () => {
  // Stands in for the browser: `/api/sutro-key` is the app's backend, https://acme.example/v1 the deployment
  // (forwarded to the emulator). Everything else fails, so the example cannot reach anything else.
  const browserFetch = (server: EmulatorServer.Handle, keyFetches: { count: number }) => {
    const realFetch = globalThis.fetch
    const fake = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const url = input instanceof Request ? input.url : String(input)
      if (url === "/api/sutro-key") {
        keyFetches.count++
        return Promise.resolve(new Response(server.apiKey))
      }
      if (url.startsWith("https://acme.example/v1/")) {
        return realFetch(server.url + url.slice("https://acme.example".length), init)
      }
      return Promise.reject(new TypeError(`no network in this test: ${url}`))
    }
    return Effect.acquireRelease(
      Effect.sync(() => {
        globalThis.fetch = fake as typeof fetch
      }),
      () =>
        Effect.sync(() => {
          globalThis.fetch = realFetch
        })
    )
  }

  it.live("fetches the key once (cached), walks two pages with it", () =>
    Effect.gen(function*() {
      const server = yield* emulator({ jobs: 300, seed: 13, apiKeys: ["sk_short_lived"] })
      const keyFetches = { count: 0 }
      yield* browserFetch(server, keyFetches)
      const jobs = yield* recentJobs
      expect(ids(jobs)).toEqual(ids((yield* Effect.promise(() => server.jobs())).slice(0, 200)))
      expect(keyFetches.count).toBe(1)
      const log = yield* Effect.promise(() => server.requestLog())
      expect(log.map((request) => [request.path, request.authorized, request.status])).toEqual([
        ["/v1/list-jobs", true, 200],
        ["/v1/list-jobs", true, 200]
      ])
    }))
})

describe("packages/effect4/core README: decoding a body you fetched yourself", () => {
  it("lists the jobs not finished, with unknown statuses counted as not finished", () => {
    const body = {
      jobs: jobsWith([
        { id: "running", status: "RUNNING", created: daysAgo(1) },
        { id: "done", status: "succeeded", created: daysAgo(2) },
        { id: "queued", status: "pending", created: daysAgo(3) },
        { id: "cancelling", status: "CANCELLING", created: daysAgo(4) },
        { id: "paused", status: "PAUSED_FOR_REVIEW", created: daysAgo(5) }
      ]),
      next_cursor: null
    }
    expect(notFinal(body)).toEqual(Result.succeed(["running", "queued", "cancelling", "paused"]))
  })

  it("a body of the wrong shape is a SchemaError naming the path", () => {
    const result = notFinal({ jobs: [{ job_id: 1 }], next_cursor: null })
    expect(Result.isFailure(result)).toBe(true)
    if (Result.isFailure(result)) {
      expect(result.failure._tag).toBe("SchemaError")
      expect(result.failure.message).toContain("job_id")
    }
  })
})

describe("packages/effect4/client README: a transformClient turning the platform span back on", () => {
  // An HttpClient answering one page and keeping the headers of each request.
  const recording = () => {
    const sent: Array<Headers.Headers> = []
    const body = JSON.stringify({ jobs: Generator.generateJobs(3, 8), next_cursor: null })
    const http = HttpClient.make((request) =>
      Effect.sync(() => {
        sent.push(request.headers)
        return HttpClientResponse.fromWeb(
          request,
          new Response(body, { headers: { "content-type": "application/json" } })
        )
      })
    )
    return { sent, layer: Layer.succeed(HttpClient.HttpClient, http) }
  }
  const firstPage = Effect.flatMap(SutroClient.SutroClient, (sutro) => sutro.listJobs())

  it.effect("sends trace context, which the client without it does not", () =>
    Effect.gen(function*() {
      const withSpan = recording()
      const page = yield* firstPage.pipe(Effect.provide(traced.pipe(Layer.provide(withSpan.layer))))
      expect(page.jobs).toHaveLength(3)
      expect(withSpan.sent).toHaveLength(1)
      expect(withSpan.sent[0].traceparent).toBeDefined()

      const plain = recording()
      yield* firstPage.pipe(
        Effect.provide(SutroClient.layer({ apiKey: Redacted.make("sk_...") }).pipe(Layer.provide(plain.layer)))
      )
      expect(plain.sent).toHaveLength(1)
      expect(plain.sent[0].traceparent).toBeUndefined()
      expect(plain.sent[0].b3).toBeUndefined()
    }))
})
