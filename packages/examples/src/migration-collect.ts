import { SutroClient } from "@sutro-effect/client"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

const newest = Effect.gen(function*() {
  const sutro = yield* SutroClient.SutroClient
  // Stream.runCollect gives a Chunk
  const jobs = yield* Stream.runCollect(sutro.jobs({ pageSize: 5, maxPages: 1 }))
  // A decoded timestamp is a DateTime.Utc: its instant is `epochMillis`
  return Chunk.toReadonlyArray(jobs).map((job) => `${job.job_id} ${job.datetime_created?.epochMillis ?? "-"}`)
})

Effect.runPromise(newest.pipe(Effect.provide(NodeSutroClient.layerConfig()))).then((lines) => {
  for (const line of lines) console.log(line)
})
