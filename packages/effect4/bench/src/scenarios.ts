/**
 * The Effect 4 line's ways of walking every job, as packages/bench's scenarios.ts walks them on the
 * Effect 3 line: sutro-effect 1.x over undici and over fetch, and the bare `effect/http` loop under
 * each (the floor). A scenario imports what it needs only when it is made, so a child process that
 * runs one scenario loads that client alone.
 *
 * @since 1.0.0
 */

/**
 * Where to walk and how (the same shape as packages/bench's `Target`).
 *
 * @since 1.0.0
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
}

/**
 * Called synchronously for every job, in order, with its 0-based position in the walk.
 *
 * @since 1.0.0
 * @category models
 */
export type OnJob = (index: number) => void

/**
 * A client ready to walk: `walk` may run several times in one process (the warm walks).
 *
 * @since 1.0.0
 * @category models
 */
export interface Walker {
  readonly walk: (onJob?: OnJob) => Promise<number>
  readonly close: () => Promise<void>
}

/**
 * @since 1.0.0
 * @category models
 */
export interface Scenario {
  /** One line on what the scenario does, for the report. */
  readonly description: string
  readonly make: (target: Target) => Promise<Walker>
}

interface PageLike {
  readonly jobs: ReadonlyArray<unknown>
  readonly next_cursor: string | null
}

/**
 * The floor under sutro-effect 1.x: Effect 4's `HttpClient` in a plain loop, `execute` and the
 * response's `json`, no schema, no retries, no timeout; the client's span off for the whole walk
 * (`HttpClient.TracerDisabledWhen`), as sutro-effect turns it off.
 */
const httpLoop = (platform: "undici" | "fetch"): Scenario => ({
  description: `Effect 4 \`HttpClient\` over ${platform}: \`execute\` + \`json\` in a loop, no schema`,
  make: async (target) => {
    const [Effect, Function, ManagedRuntime, HttpClient, HttpClientRequest, layer] = await Promise.all([
      import("effect/Effect"),
      import("effect/Function"),
      import("effect/ManagedRuntime"),
      import("effect/http/HttpClient"),
      import("effect/http/HttpClientRequest"),
      platform === "undici"
        ? import("@effect/platform-node/NodeHttpClient").then((m) => m.layerUndici)
        : import("effect/http/FetchHttpClient").then((m) => m.layer)
    ])
    const runtime = ManagedRuntime.make(layer)
    const headers = { authorization: `Key ${target.apiKey}`, accept: "application/json" }
    const walk = (onJob?: OnJob) =>
      Effect.gen(function*() {
        const client = yield* HttpClient.HttpClient
        let count = 0
        let cursor: string | null = null
        do {
          const request = HttpClientRequest.get(`${target.url}/list-jobs`, {
            urlParams: cursor === null ? { limit: target.pageSize } : { limit: target.pageSize, cursor },
            headers
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
      }).pipe(Effect.provideService(HttpClient.TracerDisabledWhen, Function.constTrue))
    return { walk: (onJob) => runtime.runPromise(walk(onJob)), close: () => runtime.dispose() }
  }
})

/** sutro-effect 1.x: `SutroClient.jobs()` over a platform layer, built once per process like an app does. */
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
      Effect.gen(function*() {
        const client = yield* SutroClient.SutroClient
        const jobs = client.jobs({
          pageSize: target.pageSize,
          ...(target.prefetch === undefined ? {} : { prefetch: target.prefetch })
        })
        if (onJob === undefined) return yield* Stream.runCount(jobs)
        let count = 0
        yield* Stream.runForEach(jobs, () => Effect.sync(() => onJob(count++)))
        return count
      })
    return { walk: (onJob) => runtime.runPromise(walk(onJob)), close: () => runtime.dispose() }
  }
})

/**
 * Every Effect 4 scenario, by the name the report uses (the Effect 3 line's names, where there is one).
 *
 * @since 1.0.0
 * @category scenarios
 */
export const scenarios: Readonly<Record<string, Scenario>> = {
  "effect/http loop (undici)": httpLoop("undici"),
  "effect/http loop (fetch)": httpLoop("fetch"),
  "sutro-effect (node, undici)": sutro("node"),
  "sutro-effect (fetch)": sutro("browser")
}
