/**
 * The Sutro jobs API as an Effect service.
 *
 * @example
 * ```ts
 * import { SutroClient } from "@sutro-effect/client"
 * import { NodeSutroClient } from "@sutro-effect/node"
 * import * as Effect from "effect/Effect"
 * import * as Stream from "effect/Stream"
 *
 * const program = Effect.gen(function*() {
 *   const sutro = yield* SutroClient.SutroClient
 *   return yield* sutro.jobs({ createdAfter: "2024-01-01T00:00:00Z" }).pipe(Stream.runCollect)
 * })
 *
 * // SUTRO_API_KEY and SUTRO_API_URL from the environment; run it with Effect.runPromise(main)
 * export const main = program.pipe(Effect.provide(NodeSutroClient.layerConfig()))
 * ```
 *
 * @since 0.1.0
 */
import type { Cursor, Job, JobsPage } from "@sutro-effect/core"
import * as SutroError from "@sutro-effect/core/SutroError"
import * as Config from "effect/Config"
import type * as DateTime from "effect/DateTime"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Stream from "effect/Stream"
import * as internal from "./internal/client.js"
import * as compat from "./internal/compat.js"
import type * as RetryPolicy from "./RetryPolicy.js"

/**
 * How to reach Sutro.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * The API key, or an effect yielding one. The effect runs before every attempt, so a browser
   * app can fetch a short-lived key from its own backend (and cache it as it likes) and rotation
   * just works. A blank key fails with a `ConfigurationError` before anything is sent.
   */
  readonly apiKey: Redacted.Redacted<string> | Effect.Effect<Redacted.Redacted<string>, SutroError.SutroError>
  /**
   * The API's base URL: `https://api.sutro.sh` (the default) or a deployment such as
   * `https://acme.example/v1`, with or without a trailing slash. Requests go to `<baseUrl>/list-jobs`.
   */
  readonly baseUrl?: string | undefined
  /** The longest one attempt may take, body included. Default 60 s. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Overrides of {@link RetryPolicy.defaults}. */
  readonly retry?: Partial<RetryPolicy.RetryPolicy> | undefined
  /**
   * The `User-Agent` header. Default `sutro-effect/<version>`; `null` sends none (browsers own
   * theirs: fetch drops it and XMLHttpRequest refuses it).
   */
  readonly userAgent?: string | null | undefined
  /**
   * The largest response body read, in bytes. Default 16 MiB (a page of 100 jobs is about 100 KB).
   * A larger 2xx body fails with a `DecodeError` of kind `TooLarge`, never retried; nothing past the
   * limit is buffered.
   */
  readonly maxResponseBytes?: number | undefined
  /** Allow plain `http://` to hosts other than loopback ones. Default false. */
  readonly allowInsecureHttp?: boolean | undefined
  /** Adapts the underlying `HttpClient` (proxies, tracing tweaks, extra headers). */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
}

/**
 * Per-call overrides.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallOptions {
  /** Merged over the client's policy for this call. */
  readonly retry?: Partial<RetryPolicy.RetryPolicy> | undefined
  /** The per-attempt timeout for this call. */
  readonly timeout?: Duration.DurationInput | undefined
  /** The largest response body read for this call, in bytes. */
  readonly maxResponseBytes?: number | undefined
}

/**
 * How to walk the pages.
 *
 * @since 0.1.0
 * @category models
 */
export interface StreamOptions extends CallOptions {
  /** Jobs per request, 1..100. Default 100. */
  readonly pageSize?: number | undefined
  /** Resume a walk: the `next_cursor` of the last page a previous walk finished. */
  readonly startCursor?: string | undefined
  /**
   * Stop as soon as a page reaches jobs created at or before this instant (the list is newest
   * first), without fetching further pages; those older jobs are not emitted. Jobs whose
   * `datetime_created` is null never stop the walk and are kept.
   */
  readonly createdAfter?: DateTime.DateTime | Date | string | undefined
  /**
   * Pages fetched ahead of the consumer, in the background. Default 1; 0 fetches a page only when
   * the consumer asks for it.
   */
  readonly prefetch?: number | undefined
  /** The most pages to fetch in this walk. */
  readonly maxPages?: number | undefined
  /**
   * The most jobs to deliver: the walk ends once it has them, and fetches no page beyond them
   * (the last request asks only for the jobs still wanted; without `pageSize`, a walk that wants
   * fewer than 100 asks for that many). Whole number >= 1.
   */
  readonly maxJobs?: number | undefined
}

/**
 * A page as a walk emits it: the jobs, the server's `next_cursor`, and the cursor that fetched it,
 * so a pipeline can checkpoint (`next_cursor` of the last processed page) and resume with
 * `startCursor`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Page extends JobsPage.JobsPage {
  /** The cursor this page was fetched with; null for the first page of the list. */
  readonly cursor: Cursor.Cursor | null
  /** 0-based page number in this walk (or 0 for a single `listJobs` call). */
  readonly index: number
}

/**
 * The operations of the client.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * One request in paginated mode: up to `limit` jobs (default 100) after `cursor` (default: the
   * newest). Retried per the policy.
   */
  readonly listJobs: (
    params?: { readonly limit?: number | undefined; readonly cursor?: string | null | undefined },
    call?: CallOptions
  ) => Effect.Effect<Page, SutroError.SutroError>
  /** One request in unpaginated mode: every job of the account in one response. */
  readonly listAllJobs: (call?: CallOptions) => Effect.Effect<JobsPage.AllJobs, SutroError.SutroError>
  /** Every page, following `next_cursor`, fetched as the consumer pulls. */
  readonly pages: (options?: StreamOptions) => Stream.Stream<Page, SutroError.SutroError>
  /** Every job, newest first: {@link Service.pages} flattened. */
  readonly jobs: (options?: StreamOptions) => Stream.Stream<Job.Job, SutroError.SutroError>
}

/**
 * @since 0.1.0
 * @category services
 */
export class SutroClient extends compat.Service<SutroClient, Service>()("@sutro-effect/client/SutroClient") {}

/**
 * Builds a client over the `HttpClient` in context. Every option is checked here, so a bad base
 * URL or a blank key fails before any request.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options: Options) => Effect.Effect<Service, SutroError.ConfigurationError, HttpClient.HttpClient> =
  internal.make

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<SutroClient, SutroError.ConfigurationError, HttpClient.HttpClient> =>
  Layer.effect(SutroClient, make(options))

/**
 * The options of {@link layerConfig}: the data as `Config` values (each one, or a whole
 * `Config`), functions as plain values.
 *
 * @since 0.1.0
 * @category models
 */
export type ConfigOptions =
  & { readonly [K in keyof ConfigData]?: Config.Config.Wrap<ConfigData[K]> }
  & {
    /** As {@link Options.transformClient}. */
    readonly transformClient?: Options["transformClient"]
    /** As {@link RetryPolicy.RetryPolicy.onRetry}. */
    readonly onRetry?: RetryPolicy.RetryPolicy["onRetry"]
  }

type ConfigData = Omit<Options, "transformClient" | "retry"> & {
  readonly retry?: Omit<Partial<RetryPolicy.RetryPolicy>, "onRetry"> | undefined
}

/**
 * A client configured from the environment: `SUTRO_API_KEY` (required, kept redacted) and
 * `SUTRO_API_URL` (default `https://api.sutro.sh`; empty means the default). Any option given
 * here replaces the default source. A missing key is a `ConfigurationError` (`MissingApiKey`), like
 * a blank one; other unreadable config (a timeout that is not a duration) is a `ConfigError`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (options: ConfigOptions = {}) => {
  // The return type is inferred: each line names its own ConfigError.
  const { apiKey, onRetry, transformClient, ...data } = options
  const keyName = apiKey === undefined ? "SUTRO_API_KEY" : "the apiKey config"
  const config = Config.unwrap({
    // The defaults go through compat: on Effect 4, Config.String and Config.Redacted would bring
    // the whole Schema machinery into a browser bundle that never calls layerConfig.
    apiKey: apiKey === undefined
      ? compat.ConfigRedactedOption("SUTRO_API_KEY")
      : Config.option(Config.unwrap(apiKey)),
    baseUrl: compat.ConfigStringOption("SUTRO_API_URL").pipe(
      Config.map(Option.match({ onNone: () => undefined, onSome: (url) => url.trim() === "" ? undefined : url }))
    ),
    ...internal.definedOnly(data)
  } as Config.Config.Wrap<Omit<Options, "apiKey"> & { readonly apiKey: Option.Option<Redacted.Redacted<string>> }>)
  return Layer.effect(
    SutroClient,
    Effect.flatMap(config, ({ apiKey, retry, ...rest }) =>
      Option.match(apiKey, {
        onNone: () =>
          Effect.fail(
            new SutroError.ConfigurationError({ reason: "MissingApiKey", detail: `${keyName} is not set` })
          ),
        onSome: (key) =>
          make({
            ...rest,
            apiKey: key,
            retry: onRetry === undefined ? retry : { ...retry, onRetry },
            transformClient
          })
      }))
  )
}

/**
 * The base URL used when none is given (`baseUrl`, `SUTRO_API_URL`): Sutro's public API.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl: string = internal.defaultBaseUrl

/**
 * Attempts sent (each retry counts).
 *
 * @since 0.1.0
 * @category metrics
 */
export const requestsTotal = internal.requestsTotal

/**
 * Retries scheduled.
 *
 * @since 0.1.0
 * @category metrics
 */
export const retriesTotal = internal.retriesTotal

/**
 * Total time spent waiting between attempts, in milliseconds.
 *
 * @since 0.1.0
 * @category metrics
 */
export const retryWaitMillis = internal.retryWaitMillis

/**
 * Jobs received by `pages` and `jobs` walks.
 *
 * @since 0.1.0
 * @category metrics
 */
export const jobsTotal = internal.jobsTotal
// @generated by scripts/one-source.mjs from packages/effect4/client/src/SutroClient.ts: edit that file, then run `pnpm one-source`
