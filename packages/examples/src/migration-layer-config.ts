import { SutroClient } from "@sutro-effect/client"
import type { SutroError } from "@sutro-effect/core"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"

// Your own variable names instead of SUTRO_API_KEY, and a timeout from the environment
export const SutroLive: Layer.Layer<SutroClient.SutroClient, ConfigError.ConfigError | SutroError.ConfigurationError> =
  NodeSutroClient.layerConfig({
    apiKey: Config.redacted("REPORTS_SUTRO_KEY"),
    timeout: Config.duration("REPORTS_SUTRO_TIMEOUT").pipe(Config.withDefault("30 seconds"))
  })

const program = Effect.flatMap(SutroClient.SutroClient, (sutro) => sutro.listJobs({ limit: 5 })).pipe(
  Effect.flatMap((page) => Console.log(`${page.jobs.length} jobs`)),
  Effect.provide(SutroLive),
  Effect.catchTag("ConfigError", (error) => Console.log(`unreadable config: ${error.message}`))
)

Effect.runPromise(program)
