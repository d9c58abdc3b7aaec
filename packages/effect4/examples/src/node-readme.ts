import { SutroClient } from "@sutro-effect/client"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

const program = Effect.flatMap(SutroClient.SutroClient, (sutro) => sutro.listJobs({ limit: 10 }))

// From the environment: SUTRO_API_KEY (required), SUTRO_API_URL (default https://api.sutro.sh)
const FromEnv = NodeSutroClient.layerConfig()

// Or explicitly
const Explicit = NodeSutroClient.layer({
  apiKey: Redacted.make(process.env.SUTRO_API_KEY ?? ""),
  baseUrl: process.env.SUTRO_API_URL ?? "https://acme.example/v1",
  timeout: "30 seconds"
})

Effect.runPromise(Effect.all([Effect.provide(program, FromEnv), Effect.provide(program, Explicit)])).then(
  ([fromEnv, explicit]) => console.log(`${fromEnv.jobs.length} jobs, then ${explicit.jobs.length} jobs`)
)
