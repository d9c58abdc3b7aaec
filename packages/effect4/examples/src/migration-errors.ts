import { SutroClient } from "@sutro-effect/client"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"

// A failure as one JSON line for your own logs; `_tag` is "AuthenticationError", while `name` is now
// "@sutro-effect/core/AuthenticationError"
const program = Effect.flatMap(SutroClient.SutroClient, (sutro) => sutro.listJobs({ limit: 5 })).pipe(
  Effect.flatMap((page) => Console.log(`${page.jobs.length} jobs`)),
  Effect.catch((error) => Console.log(JSON.stringify({ error: error._tag, status: error.status ?? null })))
)

Effect.runPromise(program.pipe(Effect.provide(NodeSutroClient.layerConfig())))
