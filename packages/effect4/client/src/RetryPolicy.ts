/**
 * When and how long the client waits before trying a request again.
 *
 * A policy is plain data with {@link defaults}; a client takes a partial policy in its options and
 * every call can override it again (`CallOptions.retry`). The rules:
 *
 * - only {@link isRetryable} errors are retried: transport failures, per-attempt timeouts, 408,
 *   429, 500, 502, 503, 504 and Cloudflare's 520-524; never 400, 401, 403, 404, 410, 422, 501, 505,
 *   a body that cannot be decoded or a refused TLS certificate;
 * - between attempts the client waits `baseDelay * factor^(attempt - 1)`, capped at `maxDelay`,
 *   scaled by a random factor in [0.8, 1.2] when `jitter` is on (and capped again);
 * - when the server sends `retry-after-ms` or `Retry-After` (seconds or an HTTP date), its wait
 *   replaces the backoff, exactly; a wait longer than `maxRetryAfter` fails at once with the error
 *   that asked for it, a `RateLimitError` (429) or a `ServerError` (a 5xx with `Retry-After`),
 *   carrying the server's wait, never a shortened one.
 *
 * @example
 * ```ts
 * import { RetryPolicy } from "@sutro-effect/client"
 * import { SutroError } from "@sutro-effect/core"
 * import { strictEqual } from "node:assert"
 *
 * strictEqual(RetryPolicy.isRetryable(new SutroError.ServerError({ status: 503, detail: "busy" })), true)
 * strictEqual(RetryPolicy.isRetryable(new SutroError.ServerError({ status: 501, detail: "not implemented" })), false)
 * strictEqual(RetryPolicy.parseRetryAfter("1.5", Date.now()), 1500)
 * ```
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
import type { SutroError } from "@sutro-effect/core"
import * as Retry from "@sutro-effect/protocol/Retry"
import * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Schedule from "effect/Schedule"
import * as compat from "./internal/compat.js"

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. Default 4. */
  readonly maxRetries: number
  /** The first backoff wait. Default 250 ms. */
  readonly baseDelay: Duration.Input
  /** Growth of the backoff per attempt. Default 2. */
  readonly factor: number
  /** The longest backoff wait. Default 10 s. */
  readonly maxDelay: Duration.Input
  /** Randomise each backoff wait by x0.8..1.2, so clients that failed together do not retry together. Default true. */
  readonly jitter: boolean
  /** The longest server-requested wait (`Retry-After`) the client accepts. Default 60 s. */
  readonly maxRetryAfter: Duration.Input
  /** Runs before each wait, e.g. to report progress. */
  readonly onRetry?: ((event: RetryEvent) => Effect.Effect<void>) | undefined
}

/**
 * What {@link RetryPolicy.onRetry} is told before a wait.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export interface RetryEvent {
  /** The attempt that failed, 1-based. */
  readonly attempt: number
  /** How long the client is about to wait. */
  readonly delay: Duration.Duration
  /** Why the attempt failed. */
  readonly error: SutroError.SutroError
  /** The cursor of the page being fetched, when there is one. */
  readonly cursor?: string | undefined
}

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constants
 */
export const defaults: RetryPolicy = {
  maxRetries: 4,
  baseDelay: Duration.millis(250),
  factor: 2,
  maxDelay: Duration.seconds(10),
  jitter: true,
  maxRetryAfter: Duration.seconds(60)
}

/**
 * HTTP statuses worth another attempt: the request may succeed later unchanged.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constants
 */
export const retryableStatuses: ReadonlySet<number> = Retry.retryableStatuses

/**
 * Whether an error is worth another attempt. Errors whose fix is in the request or the
 * configuration (authentication, a gone endpoint, invalid parameters, an undecodable body, a
 * repeating cursor, a refused TLS certificate) are not.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category predicates
 */
export const isRetryable = (error: SutroError.SutroError): boolean => {
  switch (error._tag) {
    case "TransportError":
      return error.reason !== "Certificate"
    case "TimeoutError":
    case "RateLimitError":
      return true
    case "ServerError":
      return error.status !== undefined && Retry.isRetryableStatus(error.status)
    default:
      return false
  }
}

/**
 * The wait, in milliseconds, asked for by a `Retry-After` value: whole or decimal seconds, or an
 * HTTP date (relative to `nowMillis`; a date in the past means no wait). `undefined` when the
 * value is neither.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category parsing
 */
export const parseRetryAfter: (value: string, nowMillis: number) => number | undefined = Retry.parseRetryAfter

/**
 * The wait asked for by a response's headers: `retry-after-ms` (more precise, sent by some
 * gateways) wins over `Retry-After`.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category parsing
 */
export const retryAfterFromHeaders: (
  headers: { readonly [name: string]: string | undefined },
  nowMillis: number
) => number | undefined = Retry.retryAfterFromHeaders

/**
 * The backoff wait before attempt `attempt + 1`, in milliseconds. `random` is a number in [0, 1)
 * used for jitter.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category utils
 */
export const backoffMillis = (
  policy: Pick<RetryPolicy, "baseDelay" | "factor" | "maxDelay" | "jitter">,
  attempt: number,
  random: number
): number =>
  Retry.backoffMillis(
    {
      baseMillis: Duration.toMillis(policy.baseDelay),
      factor: policy.factor,
      maxMillis: Duration.toMillis(policy.maxDelay),
      jitter: policy.jitter
    },
    attempt,
    random
  )

/**
 * The backoff of a policy as a `Schedule` of waits: `exponential(baseDelay, factor)` capped at
 * `maxDelay` (the shorter of it and `spaced(maxDelay)`), `jittered` (x0.8..1.2) when `jitter` is on, capped
 * again and rounded to whole milliseconds. Its n-th wait equals {@link backoffMillis} for attempt n
 * with the same random number: the client's own waits follow that rule (it computes them with
 * {@link backoffMillis} and Effect's `Random`, without stepping a `Schedule`), so this is the
 * client's backoff for code that wants it as a `Schedule`, for `Effect.retry` of its own work, say.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category schedules
 */
export const schedule = (
  policy: Pick<RetryPolicy, "baseDelay" | "factor" | "maxDelay" | "jitter">
): Schedule.Schedule<Duration.Duration> => {
  const max = Duration.toMillis(policy.maxDelay)
  return compat.backoff(
    { base: policy.baseDelay, factor: policy.factor, max: policy.maxDelay, jitter: policy.jitter },
    (delay) => Duration.millis(Math.round(Math.min(max, Duration.toMillis(delay))))
  )
}
