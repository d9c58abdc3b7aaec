import { SutroClient } from "@sutro-effect/client"
import type { Job } from "@sutro-effect/core"
import * as EmulatorServer from "@sutro-effect/emulator/Server"
import * as Encoding from "@sutro-effect/protocol/Encoding"
import * as Effect from "effect/Effect"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as fs from "node:fs"
import { yieldNow } from "./compat.js"

export const apiKey = "sk_test_0123456789"

export interface Seen {
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly signal: AbortSignal
}

export type Handler = (
  request: Seen,
  index: number
) => Response | Effect.Effect<Response, HttpClientError.HttpClientError>

/**
 * How a fake transport behaves: `bounded`, marked as one that enforces the body limit itself
 * (protocol's `Encoding.markBoundedTransport`, as the node layer's is); `noStream`, its responses
 * refuse to be read as a stream (a test that the client reads them whole); `noWeb`, its responses
 * hide the web `Response` they were made from, as a transport that is not fetch has none.
 */
export interface FakeTransport {
  readonly bounded?: boolean
  readonly noStream?: boolean
  readonly noWeb?: boolean
}

// Where each line's platform keeps a response's web Response: Effect 4's HttpClientResponse.toWeb
// key, Effect 3's `source` (see the client's compat.webSource).
const webKeys = new Set<PropertyKey>(["~effect/http/HttpClientResponse/WebSource", "source"])

/** An HttpClient that answers with `handler` and records every request it receives. */
export const fakeHttp = (handler: Handler, transport: FakeTransport = {}) => {
  const requests: Array<Seen> = []
  const client = HttpClient.make((request, url, signal) =>
    Effect.suspend(() => {
      const seen: Seen = { url, headers: request.headers, signal }
      requests.push(seen)
      const answer = handler(seen, requests.length - 1)
      return Effect.map(
        Effect.isEffect(answer) ? answer : Effect.succeed(answer),
        (response) => {
          const received = HttpClientResponse.fromWeb(request, response)
          if (transport.noStream !== true && transport.noWeb !== true) return received
          return new Proxy(received, {
            get: (target, key) => {
              if (key === "stream" && transport.noStream === true) {
                throw new Error("this response's body must not be read as a stream")
              }
              if (transport.noWeb === true && webKeys.has(key)) return undefined
              return Reflect.get(target, key, target)
            }
          })
        }
      )
    })
  )
  if (transport.bounded === true) Encoding.markBoundedTransport(client)
  return { requests, layer: Layer.succeed(HttpClient.HttpClient, client) }
}

/** A client over a fake HttpClient, with jitter off so waits are exact. */
export const clientFor = (
  handler: Handler,
  options: Partial<SutroClient.Options> = {},
  transport: FakeTransport = {}
) => {
  const http = fakeHttp(handler, transport)
  const make = SutroClient.make({
    apiKey: Redacted.make(apiKey),
    ...options,
    retry: { jitter: false, ...options.retry }
  }).pipe(Effect.provide(http.layer))
  return { requests: http.requests, make }
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })

export const text = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers })

// The job of the example response of Sutro's Listing All Jobs reference, the one wire-job fixture of the repository (core's).
const documentedJob: Job.JobEncoded = JSON.parse(
  fs.readFileSync(new URL("../../../protocol/test/fixtures/list-jobs-examples.json", import.meta.url), "utf8")
).withoutPagination.jobs[0]

/** A job on the wire, created `i` minutes before 2024-06-01T00:00:00Z (the list is newest first). */
export const job = (i: number, created: string | null = minutesBefore(i)): Job.JobEncoded => ({
  ...documentedJob,
  job_id: `job_${i}`,
  status: "SUCCEEDED",
  datetime_created: created,
  datetime_started: null,
  datetime_completed: null
})

export const minutesBefore = (i: number) => new Date(Date.UTC(2024, 5, 1) - i * 60_000).toISOString()

export const page = (jobs: ReadonlyArray<Job.JobEncoded>, next_cursor: string | null) => ({ jobs, next_cursor })

/** A list-jobs server over `jobs`, with cursors `c<offset>`. */
export const listServer = (jobs: ReadonlyArray<Job.JobEncoded>): Handler => (request) => {
  const limit = Number(request.url.searchParams.get("limit") ?? jobs.length)
  const cursor = request.url.searchParams.get("cursor")
  const offset = cursor === null ? 0 : Number(cursor.slice(1))
  const slice = jobs.slice(offset, offset + limit)
  const next = offset + limit < jobs.length ? `c${offset + limit}` : null
  return json(page(slice, next))
}

/**
 * The emulator (an Effect 3 package) through its plain Promise API, as a scoped resource of this
 * line: started on 127.0.0.1, port 0, and closed with the scope.
 */
export const emulator = (
  options?: Parameters<typeof EmulatorServer.start>[0]
): Effect.Effect<EmulatorServer.Handle, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => EmulatorServer.start(options)),
    (handle) => Effect.promise(() => handle.close())
  )

/**
 * Lets the fibers a test forked run until they wait. Effect 4's `TestClock.adjust` waits for what
 * the sleeps it ends wake, but not for fibers forked before it (Effect 3's waited until every fiber
 * was suspended), and each hand-off between fibers (a fork, a semaphore's wake, a yield) takes a
 * batch of the scheduler: 50 batches are far more than a walk needs between two waits.
 */
export const settle: Effect.Effect<void> = Effect.gen(function*() {
  for (let i = 0; i < 50; i++) yield* yieldNow
})

/**
 * Yields until `condition` holds (a hand-off may take more batches on a loaded machine than `settle`
 * gives), then settles so that anything it would do next shows too; dies after `maxYields`.
 */
export const eventually = (condition: () => boolean, maxYields = 20_000): Effect.Effect<void> =>
  Effect.gen(function*() {
    for (let i = 0; !condition(); i++) {
      if (i >= maxYields) return yield* Effect.die(new Error(`eventually: not met after ${maxYields} yields`))
      yield* yieldNow
    }
    yield* settle
  })
// @generated by scripts/one-source.mjs from packages/effect4/client/test/helpers.ts: edit that file, then run `pnpm one-source`
