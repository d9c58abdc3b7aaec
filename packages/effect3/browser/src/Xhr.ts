/**
 * The Sutro client for browsers over `XMLHttpRequest` (`BrowserHttpClient.layerXMLHttpRequest`), for
 * environments where `fetch` is unavailable or patched. A separate entry point,
 * `@sutro-effect/browser/Xhr`, so that an app using `fetch` bundles none of it.
 *
 * @example
 * ```ts
 * import * as Xhr from "@sutro-effect/browser/Xhr"
 * import * as Redacted from "effect/Redacted"
 *
 * const SutroLive = Xhr.layer({ apiKey: Redacted.make("sk_..."), baseUrl: "https://acme.example/v1" })
 * ```
 *
 * @since 0.1.0
 */
import * as BrowserHttpClient from "@effect/platform-browser/BrowserHttpClient"
import { SutroClient } from "@sutro-effect/client"
import type { SutroError } from "@sutro-effect/core"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import { configWithoutUserAgent, withoutUserAgent } from "./internal/userAgent.js"

/**
 * A client built from options, over `XMLHttpRequest`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: SutroClient.Options
): Layer.Layer<SutroClient.SutroClient, SutroError.ConfigurationError> =>
  SutroClient.layer(withoutUserAgent(options)).pipe(Layer.provide(BrowserHttpClient.layerXMLHttpRequest))

/**
 * A client configured from the `ConfigProvider` (`SUTRO_API_KEY`, `SUTRO_API_URL` by default),
 * over `XMLHttpRequest`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options?: SutroClient.ConfigOptions
): Layer.Layer<SutroClient.SutroClient, ConfigError.ConfigError | SutroError.ConfigurationError> =>
  SutroClient.layerConfig(configWithoutUserAgent(options)).pipe(Layer.provide(BrowserHttpClient.layerXMLHttpRequest))
