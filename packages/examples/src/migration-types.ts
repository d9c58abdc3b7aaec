import { SutroClient } from "@sutro-effect/client"
import type { SutroError } from "@sutro-effect/core"
import { NodeSutroClient } from "@sutro-effect/node"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Redacted from "effect/Redacted"

// Your own wrapper over the client's options, and the client's metrics, with their types spelled out
const clientFor = (
  apiKey: string,
  timeout: Duration.DurationInput
): Layer.Layer<SutroClient.SutroClient, SutroError.ConfigurationError> =>
  NodeSutroClient.layer({ apiKey: Redacted.make(apiKey), baseUrl: process.env.SUTRO_API_URL, timeout })

const attempts: Metric.Metric.Counter<number> = SutroClient.requestsTotal

const program = Effect.gen(function*() {
  const sutro = yield* SutroClient.SutroClient
  const page = yield* sutro.listJobs({ limit: 10 })
  const sent = yield* Metric.value(attempts)
  console.log(`${page.jobs.length} jobs in ${sent.count} request`)
})

Effect.runPromise(program.pipe(Effect.provide(clientFor(process.env.SUTRO_API_KEY ?? "", "30 seconds"))))
