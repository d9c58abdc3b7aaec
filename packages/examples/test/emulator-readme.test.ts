import { expect, layer } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import { Emulator, Fault } from "@sutro-effect/emulator"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"

// The client, configured from the running emulator.
const ClientLive = Layer.unwrapEffect(
  Effect.map(
    Emulator.Emulator,
    (emulator) => NodeSutroClient.layer({ apiKey: Redacted.make(emulator.apiKey), baseUrl: emulator.url })
  )
)
const TestLive = ClientLive.pipe(Layer.provideMerge(Emulator.layer({ jobs: 500, seed: 1 })))

layer(TestLive, { excludeTestServices: true })("my job report", (it) => {
  it.effect("reads every job", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const client = yield* SutroClient.SutroClient
      const jobs = yield* Stream.runCollect(client.jobs({ pageSize: 50 }))
      expect(jobs.length).toBe((yield* emulator.jobs).length)
    }))

  it.effect("survives a 503 and a connection reset", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const client = yield* SutroClient.SutroClient
      yield* emulator.clearRequestLog
      yield* emulator.scriptFaults([Fault.Status.make({ status: 503 }), Fault.ResetMidBody.make({})])
      const jobs = yield* Stream.runCollect(client.jobs({ pageSize: 50 }))
      expect(jobs.length).toBe(yield* emulator.jobCount)
      // What reached the server: the 503, the reset (status 0), then the retry that succeeded.
      const log = yield* emulator.requestLog
      expect(log.slice(0, 3).map((request) => request.status)).toEqual([503, 0, 200])
    }))
})
