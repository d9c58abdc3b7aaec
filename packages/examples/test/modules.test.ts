// The example modules of docs/client.md and the package READMEs, run against an emulator on loopback.
import { describe, expect, it } from "@effect/vitest"
import type { Job } from "@sutro-effect/core"
import { Emulator } from "@sutro-effect/emulator"
import { NodeSutroClient } from "@sutro-effect/node"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { recentJobs } from "../src/browser-key.js"
import { type Sink, walk } from "../src/checkpoint.js"
import { Explicit, FromEnv, program } from "../src/client-layers.js"
import { notFinal } from "../src/core-readme.js"
import { daysAgo, jobsWith } from "./helpers.js"

const ids = (jobs: Iterable<{ readonly job_id: string }>) => Array.from(jobs, (job) => job.job_id)

const withEnv = (emulator: Emulator.Service) =>
  Effect.withConfigProvider(
    ConfigProvider.fromMap(new Map([["SUTRO_API_KEY", emulator.apiKey], ["SUTRO_API_URL", emulator.url]]))
  )

describe("docs/client.md: composing layers", () => {
  it.live("program over FromEnv: a page of 20, every job unpaginated, the running jobs", () =>
    Effect.scoped(Effect.gen(function*() {
      const emulator = yield* Emulator.make({ jobs: 250, seed: 9 })
      const expected = yield* emulator.jobs
      const result = yield* program.pipe(Effect.provide(FromEnv), withEnv(emulator))
      expect(ids(result.first.jobs)).toEqual(ids(expected.slice(0, 20)))
      expect(ids(result.all.jobs)).toEqual(ids(expected))
      const running = expected.filter((job) => job.status.trim().toUpperCase() === "RUNNING")
      expect(running.length).toBeGreaterThan(0)
      expect(ids(result.running)).toEqual(ids(running))
    })))

  it.live("Explicit: its options are valid (the layer builds without sending a request)", () =>
    Effect.scoped(Effect.gen(function*() {
      const context = yield* Layer.build(Explicit)
      expect(context).toBeDefined()
    })))
})

describe("docs/client.md: checkpoint and resume", () => {
  const recorder = () => {
    const stored: Array<Job.Job> = []
    const checkpoints: Array<string | null> = []
    const sink: Sink = {
      store: (jobs) => Effect.sync(() => void stored.push(...jobs)),
      saveCheckpoint: (cursor) => Effect.sync(() => void checkpoints.push(cursor))
    }
    return { stored, checkpoints, sink }
  }

  it.live("a walk saves a checkpoint per page; resuming from one delivers exactly the rest", () =>
    Effect.scoped(Effect.gen(function*() {
      const emulator = yield* Emulator.make({ jobs: 250, seed: 11 })
      const expected = ids(yield* emulator.jobs)
      const client = NodeSutroClient.layer({ apiKey: Redacted.make(emulator.apiKey), baseUrl: emulator.url })

      const first = recorder()
      yield* walk(undefined, first.sink).pipe(Effect.provide(client))
      expect(ids(first.stored)).toEqual(expected)
      expect(first.checkpoints).toHaveLength(3)
      expect(first.checkpoints[2]).toBeNull()

      const resumed = recorder()
      yield* walk(first.checkpoints[0]!, resumed.sink).pipe(Effect.provide(client))
      expect(ids(resumed.stored)).toEqual(expected.slice(100))
      expect(resumed.checkpoints).toEqual(first.checkpoints.slice(1))
    })))
})

describe("docs/client.md and packages/browser README: a short-lived key from the app's backend", () => {
  // Stands in for the browser: `/api/sutro-key` is the app's backend, https://acme.example/v1 the deployment
  // (forwarded to the emulator). Everything else fails, so the example cannot reach anything else.
  const browserFetch = (emulator: Emulator.Service, keyFetches: { count: number }) => {
    const realFetch = globalThis.fetch
    const fake = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const url = input instanceof Request ? input.url : String(input)
      if (url === "/api/sutro-key") {
        keyFetches.count++
        return Promise.resolve(new Response(emulator.apiKey))
      }
      if (url.startsWith("https://acme.example/v1/")) {
        return realFetch(emulator.url + url.slice("https://acme.example".length), init)
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
    Effect.scoped(Effect.gen(function*() {
      const emulator = yield* Emulator.make({ jobs: 300, seed: 13, apiKeys: ["sk_short_lived"] })
      const keyFetches = { count: 0 }
      yield* browserFetch(emulator, keyFetches)
      const jobs = yield* recentJobs
      expect(ids(jobs)).toEqual(ids((yield* emulator.jobs).slice(0, 200)))
      expect(keyFetches.count).toBe(1)
      const log = yield* emulator.requestLog
      expect(log.map((request) => [request.path, request.authorized, request.status])).toEqual([
        ["/v1/list-jobs", true, 200],
        ["/v1/list-jobs", true, 200]
      ])
    })))
})

describe("packages/core README: decoding a body you fetched yourself", () => {
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
    expect(notFinal(body)).toEqual(Either.right(["running", "queued", "cancelling", "paused"]))
  })

  it("a body of the wrong shape is a ParseError naming the path", () => {
    const result = notFinal({ jobs: [{ job_id: 1 }], next_cursor: null })
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) expect(result.left.message).toContain("job_id")
  })
})
