import { expect, layer } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import * as EmulatorServer from "@sutro-effect/emulator/Server"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { collect, configFromEnv, layerScoped, serviceKey } from "./compat.js"

// The emulator on 127.0.0.1 (port 0), through its Promise API: the same on both lines.
const Emulator = serviceKey<EmulatorServer.Handle>("test/Emulator")

const EmulatorLive = layerScoped(
  Emulator,
  Effect.acquireRelease(
    Effect.promise(() => EmulatorServer.start({ jobs: 120, seed: 3 })),
    (emulator) => Effect.promise(() => emulator.close())
  )
)

layer(EmulatorLive, { excludeTestServices: true })("NodeSutroClient over undici", (it) => {
  it.effect("layer: lists and walks the emulator's jobs over a real loopback socket", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator
      yield* Effect.promise(() => emulator.clearRequestLog())
      const program = Effect.gen(function*() {
        const sutro = yield* SutroClient.SutroClient
        const page = yield* sutro.listJobs({ limit: 7 })
        const jobs = yield* sutro.jobs({ pageSize: 50 }).pipe(collect)
        return { page, jobs }
      })
      const { jobs, page } = yield* program.pipe(
        Effect.provide(NodeSutroClient.layer({ apiKey: Redacted.make(emulator.apiKey), baseUrl: `${emulator.url}/` }))
      )
      const expected = (yield* Effect.promise(() => emulator.jobs())).map((j) => j.job_id)
      expect(page.jobs.map((j) => j.job_id)).toEqual(expected.slice(0, 7))
      expect(jobs.map((j) => j.job_id)).toEqual(expected)
      const log = yield* Effect.promise(() => emulator.requestLog())
      expect(log.map((entry) => entry.path)).toEqual(["/list-jobs", "/list-jobs", "/list-jobs", "/list-jobs"])
      expect(log.every((entry) => entry.authorized && entry.status === 200)).toBe(true)
    }))

  it.effect("layerConfig: reads SUTRO_API_KEY and SUTRO_API_URL", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator
      const env = configFromEnv({ SUTRO_API_KEY: emulator.apiKey, SUTRO_API_URL: emulator.url })
      const page = yield* Effect.flatMap(SutroClient.SutroClient, (sutro) => sutro.listJobs({ limit: 3 })).pipe(
        Effect.provide(NodeSutroClient.layerConfig().pipe(Layer.provide(env)))
      )
      expect(page.jobs).toHaveLength(3)
    }))

  it.effect("layer: a bad option fails the layer with ConfigurationError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.provide(SutroClient.SutroClient, NodeSutroClient.layer({ apiKey: Redacted.make("") }))
      )
      expect(error).toMatchObject({ _tag: "ConfigurationError", reason: "MissingApiKey" })
    }))
})
