/**
 * When a request is worth another attempt and how long to wait before it: the retryable statuses,
 * the server's `Retry-After` (and `retry-after-ms`), and the exponential backoff with jitter.
 *
 * @since 0.1.0
 */

/**
 * HTTP statuses worth another attempt: the request may succeed later unchanged. 408, 429, 500, 502,
 * 503, 504 and Cloudflare's 520-524; never 501 or 505, whose answer will not change.
 *
 * @since 0.1.0
 * @category constants
 */
export const retryableStatuses: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524])

/**
 * Whether a response status is worth another attempt.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryableStatus = (status: number): boolean => retryableStatuses.has(status)

/**
 * The wait, in milliseconds, asked for by a `Retry-After` value: whole or decimal seconds, or an
 * HTTP date (relative to `nowMillis`; a date in the past means no wait). `undefined` when the
 * value is neither.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseRetryAfter = (value: string, nowMillis: number): number | undefined => {
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000)
  // Only a date with a weekday-or-digit start is a date: Date.parse accepts too much otherwise.
  if (!/^[A-Za-z]{3},? |^\d/.test(text)) return undefined
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMillis)
}

/**
 * The wait asked for by a response's headers (names in lower case): `retry-after-ms` (more
 * precise, sent by some gateways) wins over `retry-after`.
 *
 * @since 0.1.0
 * @category parsing
 */
export const retryAfterFromHeaders = (
  headers: { readonly [name: string]: string | undefined },
  nowMillis: number
): number | undefined => {
  const ms = headers["retry-after-ms"]
  if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.ceil(Number(ms))
  const value = headers["retry-after"]
  return value === undefined ? undefined : parseRetryAfter(value, nowMillis)
}

/**
 * An exponential backoff in milliseconds: `baseMillis * factor^(attempt - 1)`, capped at
 * `maxMillis`, scaled by x0.8..1.2 when `jitter` is on (so clients that failed together do not
 * retry together).
 *
 * @since 0.1.0
 * @category models
 */
export interface Backoff {
  readonly baseMillis: number
  readonly factor: number
  readonly maxMillis: number
  readonly jitter: boolean
}

/**
 * The backoff wait before attempt `attempt + 1` (`attempt` is 1-based), in whole milliseconds.
 * `random` is a number in [0, 1) used for jitter; the jittered wait is capped again.
 *
 * @since 0.1.0
 * @category utils
 */
export const backoffMillis = (backoff: Backoff, attempt: number, random: number): number => {
  const max = backoff.maxMillis
  const nominal = Math.min(max, backoff.baseMillis * Math.pow(backoff.factor, attempt - 1))
  return Math.round(backoff.jitter ? Math.min(max, nominal * (0.8 + 0.4 * random)) : nominal)
}
