/**
 * The Sutro client for Node.js, over undici.
 *
 * @example
 * ```ts
 * import { SutroClient } from "@sutro-effect/client"
 * import { NodeSutroClient } from "@sutro-effect/node"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.flatMap(SutroClient.SutroClient, (sutro) => sutro.listJobs({ limit: 10 }))
 *
 * // SUTRO_API_KEY and SUTRO_API_URL from the environment; run it with Effect.runPromise(main)
 * export const main = program.pipe(Effect.provide(NodeSutroClient.layerConfig()))
 * ```
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
import { SutroClient } from "@sutro-effect/client"
import type { SutroError } from "@sutro-effect/core"
import * as Layer from "effect/Layer"
import { layerUndici } from "./internal/compat.js"

/**
 * A client built from options, over undici (an agent of its own, as `NodeHttpClient.layerUndici`
 * makes, whose connections also accept interim `1xx` responses before the final one).
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category layers
 */
export const layer = (
  options: SutroClient.Options
): Layer.Layer<SutroClient.SutroClient, SutroError.ConfigurationError> =>
  SutroClient.layer(options).pipe(Layer.provide(layerUndici))

/**
 * A client configured from the environment (`SUTRO_API_KEY`, `SUTRO_API_URL`), over undici as
 * {@link layer}.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category layers
 */
export const layerConfig = (options?: SutroClient.ConfigOptions) =>
  // The type is inferred, so that each line names its own ConfigError (Effect 3's effect/ConfigError).
  SutroClient.layerConfig(options).pipe(Layer.provide(layerUndici))
