import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"

/**
 * The browser owns the User-Agent: fetch drops the client's silently, and XMLHttpRequest refuses it
 * with a console error on every request. So the browser layers never send one.
 *
 * @internal
 */
export const browserOwnsUserAgent = <E, R>(
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
