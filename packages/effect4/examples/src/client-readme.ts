import { SutroClient } from "@sutro-effect/client"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

const program = Effect.gen(function*() {
  const sutro = yield* SutroClient.SutroClient
  const page = yield* sutro.listJobs({ limit: 20 })
  const failed = yield* sutro.jobs({ createdAfter: "2024-01-01T00:00:00Z" }).pipe(
    Stream.filter((job) => job.status === "FAILED"),
    Stream.runCollect
  )
  console.log(`first page: ${page.jobs.length} jobs; failed since 2024: ${failed.length}`)
})

Effect.runPromise(program.pipe(Effect.provide(NodeSutroClient.layerConfig()))) // SUTRO_API_KEY, SUTRO_API_URL
