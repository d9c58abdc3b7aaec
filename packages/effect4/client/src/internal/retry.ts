/**
 * The retry loop: which errors get another attempt, how long to wait (the policy's backoff,
 * protocol's `Retry.backoffMillis` with Effect's `Random`, or exactly the server's `Retry-After`), the too-long-wait rule, `onRetry`, metrics
 * and the debug log.
 */
import * as SutroError from "@sutro-effect/core/SutroError"
import * as Retry from "@sutro-effect/protocol/Retry"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as Random from "effect/Random"
import * as RetryPolicy from "../RetryPolicy.js"
import * as compat from "./compat.js"
import type * as options_ from "./options.js"

/** @internal */
export const requestsTotal = Metric.counter("sutro_client_requests_total", {
  description: "list-jobs attempts sent, retries included"
})

/** @internal */
export const retriesTotal = Metric.counter("sutro_client_retries_total", {
  description: "list-jobs attempts retried"
})

/** @internal */
export const retryWaitMillis = Metric.counter("sutro_client_retry_wait_millis_total", {
  description: "time spent waiting before retries, in milliseconds"
})

const serverWait = (error: SutroError.SutroError): number | undefined =>
  error._tag === "RateLimitError" || error._tag === "ServerError" ? error.retryAfterMillis : undefined

/**
 * A request whose connection was reset or closed before any byte of the response arrived, typically
 * a kept-alive connection the server closed just as the client reused it: the server never answered
 * it, and a list-jobs request is a GET, so it is sent again at once, on a new connection, without
 * counting as a retry and without a wait. Once per attempt, so a server that resets every
 * connection sees at most two requests per attempt.
 */
const isResendable = (error: SutroError.SutroError): error is SutroError.TransportError =>
  error._tag === "TransportError" && error.reason === "ConnectionClosed" && error.status === undefined

/**
 * Runs `attempt` (given its 1-based number) until it succeeds, fails with an error that is not
 * retryable, or the policy's retries are spent. An attempt whose connection was closed before any
 * response is sent again at once, once, before that (`isResendable`). The final error carries the
 * attempts made and the cursor of the page, as `shown` (the client's scrub: a cursor is server
 * text) makes it; so does `onRetry`'s event.
 *
 * @internal
 */
export const withRetry = <A>(
  attempt: (n: number) => Effect.Effect<A, SutroError.SutroError>,
  resolved: options_.ResolvedPolicy,
  realCursor: string | undefined,
  shown: (cursor: string) => string = (cursor) => cursor
): Effect.Effect<A, SutroError.SutroError> => {
  const { backoff, maxRetries, maxRetryAfterMillis, onRetry } = resolved
  return Effect.suspend(() => {
    // The backoff steps on every retry, from baseDelay for each new request (a new page starts
    // over), so attempt n waits the backoff's n-th delay even when an earlier wait was the
    // server's; the jitter's random number comes from Effect's `Random` (a test can fix it).
    // No `Schedule` is stepped: the rule is protocol's, and a bundle of the jobs stream carries
    // none of Schedule's combinators.
    let steps = 0
    const nextBackoff = Effect.map(Random.next, (random) => Retry.backoffMillis(backoff, ++steps, random))
    // `resent`: this attempt's request was already sent again once at once (see `isResendable`).
    const loop = (n: number, resent: boolean): Effect.Effect<A, SutroError.SutroError> =>
      compat.catchAll(attempt(n), (error) => {
        if (!resent && isResendable(error)) {
          return Effect.logDebug(
            `sending list-jobs again at once: attempt ${n}'s connection was closed before any response`
          ).pipe(
            Effect.annotateLogs({ attempt: n, reason: error._tag, code: error.code ?? "none" }),
            Effect.andThen(Effect.suspend(() => loop(n, true)))
          )
        }
        // After the attempt: a key effect's key is known only then.
        const cursor = realCursor === undefined ? undefined : shown(realCursor)
        if (!RetryPolicy.isRetryable(error) || n > maxRetries) {
          return Effect.fail(SutroError.withContext(error, { attempts: n, cursor }))
        }
        const hint = serverWait(error)
        if (hint !== undefined && hint > maxRetryAfterMillis) {
          // Waiting less than the server asked would only earn another refusal: fail now, with the
          // server's wait unshortened and the limit it exceeded.
          return Effect.fail(SutroError.withContext(error, { attempts: n, cursor, maxRetryAfterMillis }))
        }
        return Effect.flatMap(nextBackoff, (backoffMillis) => {
          const millis = hint ?? backoffMillis
          const delay = Duration.millis(millis)
          return Effect.logDebug(`retrying list-jobs in ${millis} ms after attempt ${n}: ${error._tag}`).pipe(
            Effect.annotateLogs({
              attempt: n,
              delayMillis: millis,
              reason: error._tag,
              status: error.status ?? "none",
              serverHint: hint !== undefined
            }),
            Effect.andThen(Metric.update(retriesTotal, 1)),
            Effect.andThen(Metric.update(retryWaitMillis, millis)),
            Effect.andThen(onRetry === undefined ? Effect.void : onRetry({ attempt: n, delay, error, cursor })),
            Effect.andThen(Effect.sleep(delay)),
            Effect.andThen(Effect.suspend(() => loop(n + 1, false)))
          )
        })
      })
    return loop(1, false)
  })
}
