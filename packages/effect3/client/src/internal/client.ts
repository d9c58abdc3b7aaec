/**
 * The client: options, request building and one attempt. The rest has a module of its own:
 * `errors` (what came back -> `SutroError`), `response` (reading a body within a size limit),
 * `retry` (the retry loop) and `pagination` (the page walk).
 *
 * Data flows one way: request -> response -> bounded body -> decoded page or error -> retry ->
 * page -> stream.
 */
import type { Cursor } from "@sutro-effect/core"
import * as SutroError from "@sutro-effect/core/SutroError"
import * as Encoding from "@sutro-effect/protocol/Encoding"
import * as Secrets from "@sutro-effect/protocol/Secrets"
import * as Url from "@sutro-effect/protocol/Url"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Metric from "effect/Metric"
import * as Redacted from "effect/Redacted"
import type * as Tracer from "effect/Tracer"
import type * as SutroClient from "../SutroClient.js"
import * as compat from "./compat.js"
import * as decode_ from "./decode.js"
import type { Decoder } from "./decode.js"
import * as engine from "./engine.js"
import * as errors from "./errors.js"
import * as options_ from "./options.js"
import * as pagination from "./pagination.js"
import * as params_ from "./params.js"
import * as response_ from "./response.js"
import * as retry from "./retry.js"

export {
  /** @internal */
  jobsTotal
} from "./pagination.js"
export {
  /** @internal */
  requestsTotal,
  /** @internal */
  retriesTotal,
  /** @internal */
  retryWaitMillis
} from "./retry.js"

export {
  /** @internal */
  defaultBaseUrl
} from "./options.js"

/** @internal */
export const definedOnly = <A extends object>(input: A): A => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input)) if (value !== undefined) out[key] = value
  return out as A
}

/** @internal */
export const make = (
  options: SutroClient.Options
): Effect.Effect<SutroClient.Service, SutroError.ConfigurationError, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const settings = yield* compat.fromResult(options_.resolve(options))
    const { defaults, url } = settings
    const serverAddress = new URL(url).host
    const base = yield* HttpClient.HttpClient
    const client = options.transformClient === undefined ? base : options.transformClient(base)
    // A transport that enforces the body limit itself (the node layer's; not a transformClient's
    // result) is told the limit in a header it removes, and bodies are then read whole.
    const transportBounded = Encoding.isBoundedTransport(client)
    const withLimit = (request: HttpClientRequest.HttpClientRequest, call: options_.Call) =>
      transportBounded
        ? HttpClientRequest.setHeader(request, Encoding.bodyLimitHeader, String(call.maxResponseBytes))
        : request
    // The parts of a request that never change are built once; a page only adds its parameters.
    const baseRequest = HttpClientRequest.get(url, { headers: Url.listJobsHeaders(settings.userAgent) })
    const withKey = (request: HttpClientRequest.HttpClientRequest, key: Redacted.Redacted<string>) =>
      HttpClientRequest.setHeader(request, "authorization", Url.authorization(Redacted.value(key)))
    // A fixed key goes into the base request once; a key effect runs before every attempt.
    const staticKey = settings.staticKey
    const keyedRequest = staticKey === undefined ? baseRequest : withKey(baseRequest, staticKey)
    const staticScrub = staticKey === undefined ? undefined : Secrets.scrubberFor(Redacted.value(staticKey))
    // A cursor is server text (a caller's came from a server too): in an error, a span or a log it
    // is scrubbed with the key most recently sent, which is the key of the request that returned it
    // unless a key effect changed keys in between. The real cursor is what gets sent.
    let latestScrub: errors.Scrub = staticScrub ?? ((text) => text)
    const shownCursor = (cursor: string): string => latestScrub(cursor)

    // The platform's own client span would duplicate SutroClient.request, and its trace
    // propagation would send our users' trace ids (traceparent, b3) to a third-party API: both off
    // (a transformClient may turn them back on), once per call, or once per walk's producer fiber,
    // rather than around every request.
    const execute = (request: HttpClientRequest.HttpClientRequest) => compat.executeAnyStatus(client, request)
    const platformSpanOff = compat.platformSpanOff

    /**
     * The body within the size limit; over it, a 2xx is a `TooLarge` error and an error status keeps
     * its status. A body that cannot be decoded (compressed) is a `DecodeError` of kind `Encoding`
     * for a 2xx, its status for another.
     */
    const read = (
      response: HttpClientResponse.HttpClientResponse,
      maxBytes: number,
      scrub: errors.Scrub
    ): Effect.Effect<errors.Received, SutroError.SutroError> => {
      const { headers, status } = response
      return Effect.matchEffect(response_.readText(response, maxBytes, transportBounded), {
        onSuccess: (text) => Effect.succeed({ status, headers, text }),
        onFailure: (error) => {
          if (error._tag !== "TooLarge") {
            // A body that does not decode will not on a second attempt: a DecodeError for a 2xx,
            // and for another status its status decides (as for TooLarge below).
            const undecodable = errors.undecodableDetail(error)
            if (undecodable === undefined) return Effect.fail(errors.fromHttpClientError(error, url, scrub))
            if (status >= 200 && status < 300) return Effect.fail(errors.undecodable(response, undecodable, scrub))
            return Effect.succeed({ status, headers, text: `(body not read: ${scrub(undecodable)})` })
          }
          if (status >= 200 && status < 300) {
            return Effect.fail(errors.tooLarge(response, maxBytes, error.detail, scrub))
          }
          return Effect.succeed({
            status,
            headers,
            text: `(body not read: ${error.detail}, over the maxResponseBytes of ${maxBytes})`
          })
        }
      })
    }

    const attempt = <A>(
      decode: Decoder<A>,
      request: HttpClientRequest.HttpClientRequest,
      fullUrl: (scrub: errors.Scrub) => string,
      limit: number | undefined,
      n: number,
      call: options_.Call
    ): Effect.Effect<A, SutroError.SutroError> => {
      const exchange = (
        request: HttpClientRequest.HttpClientRequest,
        scrub: errors.Scrub,
        span: Tracer.Span
      ): Effect.Effect<A, SutroError.SutroError> => {
        const received = execute(request).pipe(
          Effect.mapError((error) => errors.fromHttpClientError(error, url, scrub)),
          Effect.flatMap((response) => read(response, call.maxResponseBytes, scrub))
        )
        const timed = Duration.isFinite(call.timeout)
          ? compat.timeoutOrElse(received, {
            duration: call.timeout,
            orElse: () =>
              Effect.fail(new SutroError.TimeoutError({ timeoutMillis: Duration.toMillis(call.timeout), url }))
          })
          : received
        return Effect.flatMap(timed, (received) => {
          // Set on the span directly: no effect per attribute.
          span.attribute("http.response.status_code", received.status)
          const requestId = received.headers["x-request-id"]
          if (requestId !== undefined) span.attribute("sutro.request_id", scrub(requestId))
          if (received.status >= 200 && received.status < 300) {
            return compat.fromResult(errors.decodeBody(received, decode, scrub))
          }
          return Effect.flatMap(
            Clock.currentTimeMillis,
            (now) => Effect.fail(errors.fromStatus(received, url, now, scrub))
          )
        })
      }
      const sent = (span: Tracer.Span) =>
        staticScrub !== undefined
          ? exchange(request, staticScrub, span)
          : Effect.flatMap(
            settings.apiKey,
            (key) => {
              const scrub = Secrets.scrubberFor(Redacted.value(key))
              latestScrub = scrub
              span.attribute("url.full", fullUrl(scrub))
              return exchange(withKey(request, key), scrub, span)
            }
          )
      return Effect.useSpan("SutroClient.request", {
        kind: "client",
        ...compat.requestSpanOptions,
        // What the platform's (disabled) client span recorded that is worth keeping.
        attributes: {
          "http.request.method": "GET",
          "server.address": serverAddress,
          "url.full": fullUrl(latestScrub),
          "sutro.limit": limit ?? "all",
          "sutro.attempt": n
        }
      }, (span) =>
        Metric.update(retry.requestsTotal, 1).pipe(
          Effect.andThen(sent(span)),
          // The parent of spans made inside (a key effect's, or the platform's when a transformClient
          // turns it on). The stack of a retry attempt only shows the client's own frames; the call
          // site is on the listJobs/pages span. Capturing it costs more than the rest of the span.
          (effect) => compat.withParentSpan(effect, span)
        ))
    }

    const fetchPage = (
      limit: number,
      cursor: Cursor.Cursor | null,
      index: number,
      call: options_.Call
    ): Effect.Effect<SutroClient.Page, SutroError.SutroError> => {
      const request = withLimit(HttpClientRequest.setUrlParams(keyedRequest, Url.listJobsQuery(limit, cursor)), call)
      const fullUrl = (scrub: errors.Scrub) => Url.shownListJobsUrl(url, limit, cursor, scrub)
      return retry.withRetry(
        (n) => attempt(decode_.page, request, fullUrl, limit, n, call),
        call.policy,
        cursor ?? undefined,
        shownCursor
      ).pipe(
        Effect.map((page): SutroClient.Page => ({ jobs: page.jobs, next_cursor: page.next_cursor, cursor, index }))
      )
    }

    const callFor = (call: SutroClient.CallOptions | undefined) => options_.resolveCall(call, defaults)

    const listJobs: SutroClient.Service["listJobs"] = (params, call) =>
      Effect.suspend(() => {
        const checked = compat.gen(function*() {
          const limit = yield* params_.checkLimit(params?.limit ?? params_.defaultPageSize, "limit")
          const cursor = params?.cursor === undefined || params.cursor === null
            ? null
            : yield* params_.checkCursor(params.cursor, "cursor")
          return { limit, cursor, call: yield* callFor(call) }
        })
        return Effect.flatMap(
          compat.fromResult(checked),
          ({ call, cursor, limit }) => platformSpanOff(fetchPage(limit, cursor, 0, call))
        )
      }).pipe(Effect.withSpan("SutroClient.listJobs"))

    const listAllJobs: SutroClient.Service["listAllJobs"] = (call) =>
      Effect.suspend(() => {
        return Effect.flatMap(compat.fromResult(callFor(call)), (resolved) =>
          platformSpanOff(retry.withRetry(
            (n) => attempt(decode_.allJobs, withLimit(keyedRequest, resolved), () => url, undefined, n, resolved),
            resolved.policy,
            undefined,
            shownCursor
          )))
      }).pipe(Effect.withSpan("SutroClient.listAllJobs"))

    const pages: SutroClient.Service["pages"] = (streamOptions = {}) =>
      compat.unwrap(Effect.gen(function*() {
        // One span for the whole walk, made once: Stream.withSpan would do span work on every pull.
        const span = yield* Effect.makeSpanScoped("SutroClient.pages", {
          attributes: {
            "sutro.page_size": streamOptions.pageSize ?? params_.defaultPageSize,
            "sutro.prefetch": streamOptions.prefetch ?? 1,
            ...(typeof streamOptions.maxJobs === "number" ? { "sutro.max_jobs": streamOptions.maxJobs } : {}),
            "sutro.resumed": streamOptions.startCursor !== undefined
          }
        })
        const walk = yield* compat.fromResult(params_.resolveWalk(streamOptions))
        const call = yield* compat.fromResult(callFor(streamOptions))
        return pagination.pages(
          (cursor, index, limit) => compat.withParentSpan(fetchPage(limit, cursor, index, call), span),
          walk,
          platformSpanOff,
          shownCursor
        )
      }))

    const jobs: SutroClient.Service["jobs"] = (streamOptions) => engine.jobsOf(pages(streamOptions))

    return { listJobs, listAllJobs, pages, jobs } satisfies SutroClient.Service
  })
// @generated by scripts/one-source.mjs from packages/effect4/client/src/internal/client.ts: edit that file, then run `pnpm one-source`
