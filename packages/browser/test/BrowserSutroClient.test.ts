import { expect, layer } from "@effect/vitest"
import { BrowserSutroClient } from "@sutro-effect/browser"
import { SutroClient } from "@sutro-effect/client"
import { Emulator } from "@sutro-effect/emulator"
import * as Chunk from "effect/Chunk"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"

// Node 20 has a WHATWG fetch, so the fetch layer runs here against the emulator on loopback.
layer(Emulator.layer({ jobs: 60, seed: 5 }), { excludeTestServices: true })("BrowserSutroClient over fetch", (it) => {
  it.effect("layer: walks the jobs with a short-lived key fetched per request", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* emulator.clearRequestLog
      const fetches = yield* Ref.make(0)
      const fetchKey = Ref.update(fetches, (n) => n + 1).pipe(Effect.as(Redacted.make(emulator.apiKey)))
      const jobs = yield* Stream.unwrap(Effect.map(SutroClient.SutroClient, (sutro) => sutro.jobs({ pageSize: 25 })))
        .pipe(
          Stream.runCollect,
          Effect.provide(BrowserSutroClient.layer({ apiKey: fetchKey, baseUrl: emulator.url }))
        )
      expect(Chunk.toReadonlyArray(jobs).map((j) => j.job_id)).toEqual((yield* emulator.jobs).map((j) => j.job_id))
      expect(yield* Ref.get(fetches)).toBe(3)
      expect((yield* emulator.requestLog).every((entry) => entry.authorized && entry.status === 200)).toBe(true)
    }))

  it.effect("layerConfig: reads SUTRO_API_KEY and SUTRO_API_URL from the ConfigProvider", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const env = ConfigProvider.fromMap(new Map([["SUTRO_API_KEY", emulator.apiKey], ["SUTRO_API_URL", emulator.url]]))
      const page = yield* Effect.flatMap(SutroClient.SutroClient, (sutro) => sutro.listJobs({ limit: 4 })).pipe(
        Effect.provide(BrowserSutroClient.layerConfig().pipe(Layer.provide(Layer.setConfigProvider(env))))
      )
      expect(page.jobs).toHaveLength(4)
    }))

  it.effect("layerXHR: builds a client (and still validates options)", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const client = yield* Effect.provide(
        SutroClient.SutroClient,
        BrowserSutroClient.layerXHR({ apiKey: Redacted.make(emulator.apiKey), baseUrl: emulator.url })
      )
      expect(typeof client.listJobs).toBe("function")
      const error = yield* Effect.flip(
        Effect.provide(SutroClient.SutroClient, BrowserSutroClient.layerXHR({ apiKey: Redacted.make(" ") }))
      )
      expect(error).toMatchObject({ _tag: "ConfigurationError", reason: "MissingApiKey" })
    }))
})
