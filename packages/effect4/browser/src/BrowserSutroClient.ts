/**
 * The Sutro client for browsers, over `fetch`. On the Effect 3 line, for `XMLHttpRequest`, import
 * `@sutro-effect/browser/Xhr` instead: it is a separate entry point so that a fetch-only bundle carries no XHR
 * code. The Effect 4 line has no `XMLHttpRequest` layer: `@effect/platform-browser` has no release for
 * Effect 4.1 (see the README).
 *
 * A browser app should not ship a long-lived API key: give `apiKey` an effect that fetches a
 * short-lived key from the app's own backend. It runs before every attempt, so a rotated key is
 * picked up; cache it in the effect (e.g. `Effect.cachedWithTTL`) to avoid a fetch per request.
 *
 * @example
 * ```ts
 * import { BrowserSutroClient } from "@sutro-effect/browser"
 * import { SutroError } from "@sutro-effect/core"
 * import * as Effect from "effect/Effect"
 * import * as Redacted from "effect/Redacted"
 *
 * const fetchKey = Effect.tryPromise({
 *   try: () => fetch("/api/sutro-key").then((r) => r.text()),
 *   catch: (cause) => new SutroError.TransportError({ detail: String(cause) })
 * }).pipe(Effect.map(Redacted.make))
 *
 * export const SutroLive = BrowserSutroClient.layer({ apiKey: fetchKey, baseUrl: "https://acme.example/v1" })
 * ```
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
// Imported first, in a group of its own, as Effect 3's `@effect/platform/FetchHttpClient` sorts: esbuild keeps
// this order in a bundle, and the other order costs 0.6 KB of gzip on the Effect 3 line.
import * as FetchHttpClient from "effect/http/FetchHttpClient"

import { SutroClient } from "@sutro-effect/client"
import type { SutroError } from "@sutro-effect/core"
import * as Layer from "effect/Layer"
import { configWithoutUserAgent, withoutUserAgent } from "./internal/userAgent.js"

/**
 * A client built from options, over `FetchHttpClient.layer`.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category layers
 */
export const layer = (
  options: SutroClient.Options
): Layer.Layer<SutroClient.SutroClient, SutroError.ConfigurationError> =>
  SutroClient.layer(withoutUserAgent(options)).pipe(Layer.provide(FetchHttpClient.layer))

/**
 * A client configured from the `ConfigProvider` (`SUTRO_API_KEY`, `SUTRO_API_URL` by default),
 * over `FetchHttpClient.layer`.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category layers
 */
export const layerConfig = (options?: SutroClient.ConfigOptions) =>
  // The type is inferred, so that each line names its own ConfigError (Effect 3's effect/ConfigError).
  SutroClient.layerConfig(configWithoutUserAgent(options)).pipe(Layer.provide(FetchHttpClient.layer))
