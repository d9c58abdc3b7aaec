/**
 * `pnpm bench:ops`: Effect operations and fibers per page, for the SDK's walks and for the bare
 * `@effect/platform` loop they are built on. Counted by a `Supervisor` with op supervision on, so
 * the figures are exact and repeatable whatever else the machine is doing (unlike times). The
 * emulator runs in its own process.
 *
 * Environment: OPS_JOBS (default 20000).
 *
 * @since 0.2.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { SutroClient } from "@sutro-effect/client"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as RuntimeFlags from "effect/RuntimeFlags"
import * as RuntimeFlagsPatch from "effect/RuntimeFlagsPatch"
import * as Stream from "effect/Stream"
import * as Supervisor from "effect/Supervisor"
import { startEmulator } from "./emulatorProcess.js"

const jobs = Number(process.env.OPS_JOBS ?? 20_000)
const pageSize = 100
const apiKey = "sk_bench"

class Counter extends Supervisor.AbstractSupervisor<void> {
  ops = 0
  fibers = 0
  get value() {
    return Effect.void
  }
  override onStart() {
    this.fibers++
  }
  override onEffect() {
    this.ops++
  }
}

const counted = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const counter = new Counter()
    const result = yield* effect.pipe(
      Effect.supervised(counter),
      Effect.withRuntimeFlagsPatch(RuntimeFlagsPatch.enable(RuntimeFlags.OpSupervision))
    )
    return { result, ops: counter.ops, fibers: counter.fibers }
  })

/** The floor: the platform client, `execute` + JSON, no schema, no retries, no spans. */
const bareLoop = (url: string) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    let cursor: string | null = null
    let count = 0
    do {
      const request = HttpClientRequest.get(`${url}/list-jobs`, {
        urlParams: cursor === null ? { limit: pageSize } : { limit: pageSize, cursor },
        headers: { authorization: `Key ${apiKey}`, accept: "application/json" }
      })
      const response = yield* client.execute(request)
      const body = (yield* response.json) as { jobs: Array<unknown>; next_cursor: string | null }
      count += body.jobs.length
      cursor = body.next_cursor
    } while (cursor)
    return count
  })

const sdkWalk = (url: string, prefetch: number) =>
  Effect.flatMap(SutroClient.SutroClient, (sutro) => Stream.runCount(sutro.jobs({ pageSize, prefetch }))).pipe(
    Effect.provide(SutroClient.layer({ apiKey: Redacted.make(apiKey), baseUrl: url }))
  )

const emulator = await startEmulator({ jobs, apiKey })
try {
  const pages = Math.ceil(jobs / pageSize)
  const rows: Array<[string, Effect.Effect<number, unknown, HttpClient.HttpClient>]> = [
    ["bare @effect/platform loop", bareLoop(emulator.url)],
    ["sutro-effect jobs, prefetch 0", sdkWalk(emulator.url, 0)],
    ["sutro-effect jobs, prefetch 1", sdkWalk(emulator.url, 1)]
  ]
  console.log(`Effect operations per page, ${jobs} jobs in pages of ${pageSize}\n`)
  console.log("| walk | ops / page | fibers / page | x bare ops |")
  console.log("|---|---:|---:|---:|")
  let bare = 0
  for (const [name, walk] of rows) {
    const { fibers, ops, result } = await Effect.runPromise(
      counted(walk).pipe(Effect.provide(Layer.fresh(NodeHttpClient.layerUndici)), Effect.scoped)
    )
    if (result !== jobs) throw new Error(`${name} saw ${result} jobs, expected ${jobs}`)
    if (bare === 0) bare = ops
    console.log(
      `| ${name} | ${(ops / pages).toFixed(0)} | ${(fibers / pages).toFixed(2)} | ${(ops / bare).toFixed(2)} |`
    )
  }
} finally {
  emulator.stop()
}
