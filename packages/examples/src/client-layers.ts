import { SutroClient } from "@sutro-effect/client"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"

export const program = Effect.gen(function*() {
  const sutro = yield* SutroClient.SutroClient
  const first = yield* sutro.listJobs({ limit: 20 }) // one request, one page
  const all = yield* sutro.listAllJobs() // one request, unpaginated mode
  const running = yield* sutro.jobs().pipe( // every job, newest first
    Stream.filter((job) => job.status === "RUNNING"),
    Stream.runCollect
  )
  return { first, all, running }
})

// From the environment: SUTRO_API_KEY (required, kept Redacted), SUTRO_API_URL (default https://api.sutro.sh)
export const FromEnv = NodeSutroClient.layerConfig()

// Explicit options
export const Explicit = NodeSutroClient.layer({
  apiKey: Redacted.make("sk_..."),
  baseUrl: "https://acme.example/v1", // requests go to https://acme.example/v1/list-jobs
  timeout: "30 seconds", // per attempt, body included
  retry: { maxRetries: 6 },
  userAgent: "nightly-report/1.0"
})

// Effect.runPromise(program.pipe(Effect.provide(FromEnv)))
