import { expect, layer } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import * as EmulatorServer from "@sutro-effect/emulator/Server"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"

// The emulator for Effect 4 tests: its Promise API as a service of your own, started when the layer
// is built and closed when it is released.
class Emulator extends Context.Service<Emulator, EmulatorServer.Handle>()("app/Emulator") {}

const EmulatorLive = Layer.effect(
  Emulator,
  Effect.acquireRelease(
    Effect.promise(() => EmulatorServer.start({ jobs: 500, seed: 1 })),
    (emulator) => Effect.promise(() => emulator.close())
  )
)

// The client, configured from the running emulator.
const ClientLive = Layer.unwrap(Effect.gen(function*() {
  const emulator = yield* Emulator
  return NodeSutroClient.layer({ apiKey: Redacted.make(emulator.apiKey), baseUrl: emulator.url })
}))
const TestLive = ClientLive.pipe(Layer.provideMerge(EmulatorLive))

// Real time: sockets and retry delays need it.
layer(TestLive, { excludeTestServices: true })("my job report", (it) => {
  it.effect("reads every job", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator
      const client = yield* SutroClient.SutroClient
      const jobs = yield* Stream.runCollect(client.jobs({ pageSize: 50 }))
      expect(jobs.length).toBe(yield* Effect.promise(() => emulator.jobCount()))
    }))
})
