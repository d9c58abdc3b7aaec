import { SutroError } from "@sutro-effect/core"
import * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as RetryPolicy from "../RetryPolicy.js"
import * as PackageVersion from "./version.js"

/** @internal */
export const defaultBaseUrl = "https://api.sutro.sh"

/** @internal */
export const defaultUserAgent = `sutro-effect/${PackageVersion.version}`

/** @internal */
export interface ResolvedPolicy {
  readonly policy: RetryPolicy.RetryPolicy
  readonly maxRetries: number
  readonly maxRetryAfterMillis: number
  readonly onRetry: ((event: RetryPolicy.RetryEvent) => Effect.Effect<void>) | undefined
}

const invalid = (detail: string) => new SutroError.ConfigurationError({ reason: "InvalidOption", detail })

const isLoopback = (hostname: string): boolean =>
  hostname === "localhost" || hostname.endsWith(".localhost") || hostname === "[::1]" ||
  /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)

/**
 * The list-jobs URL for a base URL: `<baseUrl>/list-jobs`, whatever trailing slashes the base has.
 * A base that already ends in `/list-jobs` is taken as the endpoint itself.
 *
 * @internal
 */
export const listJobsUrl = (
  baseUrl: string,
  allowInsecureHttp: boolean
): Either.Either<string, SutroError.ConfigurationError> => {
  const fail = (reason: "InvalidBaseUrl" | "InsecureHttp", detail: string) =>
    Either.left(new SutroError.ConfigurationError({ reason, detail, url: baseUrl }))
  if (baseUrl.trim() === "") return fail("InvalidBaseUrl", "the base URL is empty")
  let url: URL
  try {
    url = new URL(baseUrl.trim())
  } catch {
    return fail("InvalidBaseUrl", "not an absolute URL")
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return fail("InvalidBaseUrl", `unsupported scheme ${url.protocol}`)
  }
  // Credentials in the URL would end up in error messages and spans; the key goes in a header.
  if (url.username !== "" || url.password !== "") return fail("InvalidBaseUrl", "credentials do not belong in the URL")
  if (url.search !== "" || url.hash !== "") return fail("InvalidBaseUrl", "a base URL has no query string or fragment")
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) {
    return fail("InsecureHttp", `${url.hostname} is not a loopback host`)
  }
  const path = url.pathname.replace(/\/+$/, "")
  return Either.right(`${url.origin}${path.endsWith("/list-jobs") ? path : `${path}/list-jobs`}`)
}

/**
 * Checks a key and drops surrounding whitespace (a key read from a file often ends in a newline).
 * A blank key, or one with inner whitespace or control characters, could never authenticate.
 *
 * @internal
 */
export const checkApiKey = (
  key: Redacted.Redacted<string>
): Either.Either<Redacted.Redacted<string>, SutroError.ConfigurationError> => {
  const raw = Redacted.value(key)
  if (typeof raw !== "string" || raw.trim() === "") {
    return Either.left(new SutroError.ConfigurationError({ reason: "MissingApiKey", detail: "the API key is blank" }))
  }
  const trimmed = raw.trim()
  if (!/^[\x21-\x7e]+$/.test(trimmed)) {
    return Either.left(
      new SutroError.ConfigurationError({
        reason: "MissingApiKey",
        detail: "the API key contains spaces, control or non-ASCII characters"
      })
    )
  }
  return Either.right(trimmed === raw ? key : Redacted.make(trimmed))
}

/** @internal */
export const decodeDuration = (
  name: string,
  input: Duration.DurationInput,
  allowInfinite: boolean
): Either.Either<Duration.Duration, SutroError.ConfigurationError> => {
  const decoded = Duration.decodeUnknown(input)
  if (Option.isNone(decoded)) return Either.left(invalid(`${name} is not a duration`))
  const duration = decoded.value
  if (!Duration.isFinite(duration) && !allowInfinite) return Either.left(invalid(`${name} must be finite`))
  if (Duration.toMillis(duration) < 0 || Number.isNaN(Duration.toMillis(duration))) {
    return Either.left(invalid(`${name} must not be negative`))
  }
  return Either.right(duration)
}

/** @internal */
export const resolvePolicy = (
  input: Partial<RetryPolicy.RetryPolicy> | undefined,
  base: RetryPolicy.RetryPolicy = RetryPolicy.defaults
): Either.Either<ResolvedPolicy, SutroError.ConfigurationError> =>
  Either.gen(function*() {
    const merged: RetryPolicy.RetryPolicy = { ...base }
    if (input !== undefined) {
      for (const [key, value] of Object.entries(input)) if (value !== undefined) (merged as any)[key] = value
    }
    if (!Number.isInteger(merged.maxRetries) || merged.maxRetries < 0) {
      return yield* Either.left(invalid(`retry.maxRetries must be a whole number >= 0, got ${merged.maxRetries}`))
    }
    if (!Number.isFinite(merged.factor) || merged.factor < 1) {
      return yield* Either.left(invalid(`retry.factor must be a number >= 1, got ${merged.factor}`))
    }
    const baseDelay = yield* decodeDuration("retry.baseDelay", merged.baseDelay, false)
    const maxDelay = yield* decodeDuration("retry.maxDelay", merged.maxDelay, false)
    const maxRetryAfter = yield* decodeDuration("retry.maxRetryAfter", merged.maxRetryAfter, true)
    return {
      policy: { ...merged, baseDelay, maxDelay, maxRetryAfter },
      maxRetries: merged.maxRetries,
      maxRetryAfterMillis: Duration.toMillis(maxRetryAfter),
      onRetry: merged.onRetry
    }
  })

/** @internal */
export const checkUserAgent = (userAgent: string): Either.Either<string, SutroError.ConfigurationError> =>
  /^[\x20-\x7e]+$/.test(userAgent) && userAgent.trim() !== ""
    ? Either.right(userAgent)
    : Either.left(invalid("userAgent must be non-empty printable ASCII"))
