/**
 * The Sutro client for browsers, over `fetch` (or `XMLHttpRequest`).
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
 * @since 0.1.0
 */
import * as BrowserHttpClient from "@effect/platform-browser/BrowserHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { SutroClient } from "@sutro-effect/client"
import type { SutroError } from "@sutro-effect/core"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"

// The browser owns the User-Agent: fetch drops the client's silently, and XMLHttpRequest refuses it
// with a console error on every request. So the browser layers never send one.
const browserOwnsUserAgent = <E, R>(
  platform: Layer.Layer<HttpClient.HttpClient, E, R>
): Layer.Layer<HttpClient.HttpClient, E, R> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(
      HttpClient.HttpClient,
      HttpClient.mapRequest((request) =>
        request.headers["user-agent"] === undefined
          ? request
          // modify and setHeaders merge headers, so removing one means rebuilding the request
          : HttpClientRequest.make(request.method)(request.url, {
            urlParams: request.urlParams,
            hash: Option.getOrUndefined(request.hash),
            headers: Headers.remove(request.headers, "user-agent")
          }).pipe(HttpClientRequest.setBody(request.body))
      )
    )
  ).pipe(Layer.provide(platform))

/**
 * A client built from options, over `FetchHttpClient.layer`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: SutroClient.Options
): Layer.Layer<SutroClient.SutroClient, SutroError.ConfigurationError> =>
  SutroClient.layer(options).pipe(Layer.provide(browserOwnsUserAgent(FetchHttpClient.layer)))

/**
 * A client configured from the `ConfigProvider` (`SUTRO_API_KEY`, `SUTRO_API_URL` by default),
 * over `FetchHttpClient.layer`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options?: SutroClient.ConfigOptions
): Layer.Layer<SutroClient.SutroClient, ConfigError.ConfigError | SutroError.ConfigurationError> =>
  SutroClient.layerConfig(options).pipe(Layer.provide(browserOwnsUserAgent(FetchHttpClient.layer)))

/**
 * A client built from options, over `XMLHttpRequest` (`BrowserHttpClient.layerXMLHttpRequest`),
 * for environments where `fetch` is unavailable or patched.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerXHR = (
  options: SutroClient.Options
): Layer.Layer<SutroClient.SutroClient, SutroError.ConfigurationError> =>
  SutroClient.layer(options).pipe(Layer.provide(browserOwnsUserAgent(BrowserHttpClient.layerXMLHttpRequest)))
