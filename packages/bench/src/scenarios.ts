/**
 * The ways of walking every job of the list-jobs endpoint that the benchmark compares. Each one
 * pages through the whole listing and returns how many jobs it saw. A scenario imports what it
 * needs only when it is made, so a child process that runs one scenario loads that client alone.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"

/**
 * Where to walk and how.
 *
 * @since 0.1.0
 * @category models
 */
export interface Target {
  readonly url: string
  readonly apiKey: string
  readonly pageSize: number
  /** Pages fetched ahead by the sutro-effect clients (their default is 1). */
  readonly prefetch?: number | undefined
  /** Plain http to a host that is not loopback: the link part's server namespace. */
  readonly allowInsecureHttp?: boolean | undefined
  /** Wraps every walk of the Effect-based scenarios (the operation counter uses it). */
  readonly instrument?: <A, E, R>(walk: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

/**
 * Called synchronously for every job, in order, with its 0-based position in the walk: where the
 * prefetch scenario does its consumer work and the memory series takes its samples.
 *
 * @since 0.1.0
 * @category models
 */
export type OnJob = (index: number) => void

/**
 * A client ready to walk: `walk` may run several times in one process (the warm walks).
 *
 * @since 0.1.0
 * @category models
 */
export interface Walker {
  readonly walk: (onJob?: OnJob) => Promise<number>
  readonly close: () => Promise<void>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Scenario {
  /** One line on what the scenario does, for the report. */
  readonly description: string
  readonly make: (target: Target) => Promise<Walker>
}

const headers = (target: Target) => ({ authorization: `Key ${target.apiKey}`, accept: "application/json" })

const pageUrl = (target: Target, cursor: string | null): string =>
  `${target.url}/list-jobs?limit=${target.pageSize}${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`

interface PageLike {
  readonly jobs: ReadonlyArray<unknown>
  readonly next_cursor: string | null
}

/** The loop every hand-written client shares: fetch a page, count (or visit) its jobs, follow the cursor. */
const cursorLoop = async (fetchPage: (cursor: string | null) => Promise<PageLike>, onJob?: OnJob) => {
  let count = 0
  let cursor: string | null = null
  do {
    const page: PageLike = await fetchPage(cursor)
    if (onJob === undefined) {
      count += page.jobs.length
    } else {
      for (let i = 0; i < page.jobs.length; i++) onJob(count++)
    }
    cursor = page.next_cursor
  } while (cursor)
  return count
}

const plain = (walk: (onJob?: OnJob) => Promise<number>): Walker => ({ walk, close: () => Promise.resolve() })

const fetchLoop = (target: Target, decode: (json: unknown) => PageLike): Walker =>
  plain((onJob) =>
    cursorLoop(async (cursor) => {
      const response = await fetch(pageUrl(target, cursor), { headers: headers(target) })
      if (!response.ok) throw new Error(`status ${response.status}`)
      return decode(JSON.parse(await response.text()))
    }, onJob)
  )

/** The floor: `fetch`, `JSON.parse`, no validation at all. */
const rawFetch: Scenario = {
  description: "`fetch`, `JSON.parse`, follow `next_cursor`, no validation",
  make: async (target) => fetchLoop(target, (json) => json as PageLike)
}

/** What a careful hand-written client does: `fetch`, `JSON.parse` and core's schema on every page. */
const rawFetchDecoded: Scenario = {
  description: "the same loop plus `Schema.decodeUnknownSync(JobsPage)` on every page",
  make: async (target) => {
    const [{ JobsPage }, Schema] = await Promise.all([import("@sutro-effect/core"), import("effect/Schema")])
    return fetchLoop(target, Schema.decodeUnknownSync(JobsPage.JobsPage))
  }
}

/** The floor under undici-based clients: `undici.request` and `JSON.parse`. */
const rawUndici: Scenario = {
  description: "`undici.request`, `JSON.parse` of the body text, no validation",
  make: async (target) => {
    const undici = await import("undici")
    return plain((onJob) =>
      cursorLoop(async (cursor) => {
        const response = await undici.request(pageUrl(target, cursor), { headers: headers(target) })
        if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`)
        return JSON.parse(await response.body.text()) as PageLike
      }, onJob)
    )
  }
}

/** got's own pagination API, the usual choice for a Node HTTP client. */
const gotPaginate: Scenario = {
  description: "got's pagination API, JSON bodies, no validation",
  make: async (target) => {
    const { default: got } = await import("got")
    type Body = { jobs: Array<unknown>; next_cursor: string | null }
    return plain(async (onJob) => {
      let count = 0
      const pages = got.paginate<unknown, Body>(`${target.url}/list-jobs`, {
        searchParams: { limit: target.pageSize },
        headers: headers(target),
        responseType: "json",
        retry: { limit: 4 },
        pagination: {
          transform: (response) => response.body.jobs,
          paginate: ({ response }) =>
            response.body.next_cursor
              ? { searchParams: { limit: target.pageSize, cursor: response.body.next_cursor } }
              : false,
          countLimit: Number.POSITIVE_INFINITY,
          requestLimit: Number.POSITIVE_INFINITY
        }
      })
      for await (const _ of pages) {
        if (onJob === undefined) count++
        else onJob(count++)
      }
      return count
    })
  }
}

/**
 * The floor under sutro-effect: `@effect/platform`'s HttpClient in a plain loop, `execute` and
 * the response's `json`, no schema, no retries, no timeout. The platform's own span is turned off
 * once for the whole walk, as sutro-effect turns it off.
 */
const platformLoop = (platform: "undici" | "fetch"): Scenario => ({
  description: `\`@effect/platform\` HttpClient over ${platform}: \`execute\` + \`json\` in a loop, no schema`,
  make: async (target) => {
    const [Effect, ManagedRuntime, HttpClient, HttpClientRequest, layer] = await Promise.all([
      import("effect/Effect"),
      import("effect/ManagedRuntime"),
      import("@effect/platform/HttpClient"),
      import("@effect/platform/HttpClientRequest"),
      platform === "undici"
        ? import("@effect/platform-node/NodeHttpClient").then((m) => m.layerUndici)
        : import("@effect/platform/FetchHttpClient").then((m) => m.layer)
    ])
    const runtime = ManagedRuntime.make(layer)
    const walk = (onJob?: OnJob) =>
      Effect.gen(function*() {
        const client = yield* HttpClient.HttpClient
        let count = 0
        let cursor: string | null = null
        do {
          const request = HttpClientRequest.get(`${target.url}/list-jobs`, {
            urlParams: cursor === null ? { limit: target.pageSize } : { limit: target.pageSize, cursor },
            headers: headers(target)
          })
          const response = yield* client.execute(request)
          if (response.status !== 200) return yield* Effect.die(new Error(`status ${response.status}`))
          const page = (yield* response.json) as unknown as PageLike
          if (onJob === undefined) {
            count += page.jobs.length
          } else {
            for (let i = 0; i < page.jobs.length; i++) onJob(count++)
          }
          cursor = page.next_cursor
        } while (cursor)
        return count
      }).pipe(Effect.locally(HttpClient.currentTracerDisabledWhen, () => true))
    const instrument = target.instrument ?? ((walk) => walk)
    return { walk: (onJob) => runtime.runPromise(instrument(walk(onJob))), close: () => runtime.dispose() }
  }
})

/** sutro-effect: `SutroClient.jobs()` over a platform layer, built once per process like an app does. */
const sutro = (platform: "node" | "browser"): Scenario => ({
  description: platform === "node"
    ? "`SutroClient.jobs()` over `NodeSutroClient.layer` (undici): validated, typed jobs, retries, timeouts, spans, metrics"
    : "the same over `BrowserSutroClient.layer` (the platform's `fetch`)",
  make: async (target) => {
    const [{ SutroClient }, Effect, ManagedRuntime, Redacted, Stream, layer] = await Promise.all([
      import("@sutro-effect/client"),
      import("effect/Effect"),
      import("effect/ManagedRuntime"),
      import("effect/Redacted"),
      import("effect/Stream"),
      platform === "node"
        ? import("@sutro-effect/node").then((m) => m.NodeSutroClient.layer)
        : import("@sutro-effect/browser").then((m) => m.BrowserSutroClient.layer)
    ])
    const runtime = ManagedRuntime.make(layer({
      apiKey: Redacted.make(target.apiKey),
      baseUrl: target.url,
      ...(target.allowInsecureHttp === true ? { allowInsecureHttp: true } : {})
    }))
    const walk = (onJob?: OnJob) =>
      Effect.flatMap(SutroClient.SutroClient, (client) => {
        const jobs = client.jobs({
          pageSize: target.pageSize,
          ...(target.prefetch === undefined ? {} : { prefetch: target.prefetch })
        })
        if (onJob === undefined) return Stream.runCount(jobs)
        let count = 0
        return Stream.runForEach(jobs, () => Effect.sync(() => onJob(count++))).pipe(Effect.map(() => count))
      })
    const instrument = target.instrument ?? ((walk) => walk)
    return {
      walk: (onJob) => runtime.runPromise(instrument(Effect.suspend(() => walk(onJob)))),
      close: () => runtime.dispose()
    }
  }
})

/**
 * Every scenario, by the name the report uses.
 *
 * @since 0.1.0
 * @category scenarios
 */
export const scenarios: Readonly<Record<string, Scenario>> = {
  "raw fetch + JSON.parse": rawFetch,
  "raw undici.request + JSON.parse": rawUndici,
  "raw fetch + core schema": rawFetchDecoded,
  "got.paginate": gotPaginate,
  "@effect/platform loop (undici)": platformLoop("undici"),
  "@effect/platform loop (fetch)": platformLoop("fetch"),
  "sutro-effect (node, undici)": sutro("node"),
  "sutro-effect (fetch)": sutro("browser")
}
