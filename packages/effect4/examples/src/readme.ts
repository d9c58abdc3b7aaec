import { SutroClient } from "@sutro-effect/client"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

const failedThisWeek = Effect.gen(function*() {
  const sutro = yield* SutroClient.SutroClient
  return yield* sutro.jobs({ createdAfter: new Date(Date.now() - 7 * 86_400_000) }).pipe(
    Stream.filter((job) => job.status === "FAILED"),
    Stream.runCollect
  )
})

// SUTRO_API_KEY (kept Redacted) and SUTRO_API_URL (e.g. https://<deployment>/v1) from the environment
Effect.runPromise(failedThisWeek.pipe(Effect.provide(NodeSutroClient.layerConfig()))).then((jobs) => {
  for (const job of jobs) console.log(job.job_id, job.failure_reason?.message ?? "")
})
