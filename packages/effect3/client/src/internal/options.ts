import { SutroError } from "@sutro-effect/core"
import * as Options from "@sutro-effect/protocol/Options"
import * as Url from "@sutro-effect/protocol/Url"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Schedule from "effect/Schedule"
import * as RetryPolicy from "../RetryPolicy.js"
import type * as SutroClient from "../SutroClient.js"
import { defaultMaxResponseBytes } from "./response.js"
import * as PackageVersion from "./version.js"

/** @internal */
export const defaultBaseUrl: string = Url.defaultBaseUrl

/** @internal */
export const defaultUserAgent = `sutro-effect/${PackageVersion.version}`

/** @internal */
export interface ResolvedPolicy {
  readonly policy: RetryPolicy.RetryPolicy
  readonly maxRetries: number
  readonly maxRetryAfterMillis: number
  readonly backoff: Schedule.Schedule<Duration.Duration>
  readonly onRetry: ((event: RetryPolicy.RetryEvent) => Effect.Effect<void>) | undefined
}

const invalid = (detail: string) => new SutroError.ConfigurationError({ reason: "InvalidOption", detail })

/**
 * The list-jobs URL for a base URL (`Url.listJobsUrl`); a refused base URL is a `ConfigurationError`
 * showing it as `Url.safeUrl` does.
 *
 * @internal
 */
export const listJobsUrl = (
  baseUrl: string,
  allowInsecureHttp: boolean
): Either.Either<string, SutroError.ConfigurationError> => {
  const result = Url.listJobsUrl(baseUrl, allowInsecureHttp)
  return result._tag === "Ok"
    ? Either.right(result.url)
    : Either.left(new SutroError.ConfigurationError({ reason: result.reason, detail: result.detail, url: result.url }))
}

/**
 * Checks a key (`Url.apiKeyProblem`) and drops surrounding whitespace (a key read from a file
 * often ends in a newline), keeping it `Redacted`.
 *
 * @internal
 */
export const checkApiKey = (
  key: Redacted.Redacted<string>
): Either.Either<Redacted.Redacted<string>, SutroError.ConfigurationError> => {
  const checked = Url.apiKeyProblem(Redacted.value(key))
  if ("problem" in checked) {
    return Either.left(new SutroError.ConfigurationError({ reason: "MissingApiKey", detail: checked.problem }))
  }
  return Either.right(checked.key === Redacted.value(key) ? key : Redacted.make(checked.key))
}

/** @internal */
export const decodeDuration = (
  name: string,
  input: Duration.DurationInput,
  allowInfinite: boolean
): Either.Either<Duration.Duration, SutroError.ConfigurationError> => {
  // A negative amount ("-1 second" too, which Effect 3 reads as 0 and Effect 4 as negative) is refused alike
  // on both lines, instead of waiting 0 ms.
  const negative = Options.negativeDurationProblem(name, input)
  if (negative !== undefined) return Either.left(invalid(negative))
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
      backoff: RetryPolicy.schedule({ baseDelay, factor: merged.factor, maxDelay, jitter: merged.jitter }),
      onRetry: merged.onRetry
    }
  })

/** @internal */
export const checkMaxResponseBytes = (value: number): Either.Either<number, SutroError.ConfigurationError> =>
  value === Infinity || (Number.isInteger(value) && value > 0)
    ? Either.right(value)
    : Either.left(invalid(`maxResponseBytes must be a whole number of bytes > 0, got ${String(value)}`))

/** @internal */
export const checkUserAgent = (userAgent: string): Either.Either<string, SutroError.ConfigurationError> => {
  const problem = Url.userAgentProblem(userAgent)
  return problem === undefined ? Either.right(userAgent) : Either.left(invalid(problem))
}

/** What one call runs with: the client's settings with the call's overrides. */
export interface Call {
  readonly policy: ResolvedPolicy
  readonly timeout: Duration.Duration
  readonly maxResponseBytes: number
}

/** The client's settings, checked. */
export interface Settings {
  readonly url: string
  /** The key when it is fixed; undefined when `apiKey` is an effect run per attempt. */
  readonly staticKey: Redacted.Redacted<string> | undefined
  readonly apiKey: Effect.Effect<Redacted.Redacted<string>, SutroError.SutroError>
  readonly userAgent: string | null
  readonly defaults: Call
}

const checkTimeout = (input: Duration.DurationInput) =>
  Either.flatMap(
    decodeDuration("timeout", input, true),
    (duration) =>
      Duration.toMillis(duration) === 0 ? Either.left(invalid("timeout must be positive")) : Either.right(duration)
  )

const missingKey = (detail: string) => new SutroError.ConfigurationError({ reason: "MissingApiKey", detail })

const resolveKey = (input: unknown) => {
  if (Redacted.isRedacted(input)) {
    return Either.map(checkApiKey(input as Redacted.Redacted<string>), (key) => ({
      staticKey: key as Redacted.Redacted<string> | undefined,
      apiKey: Effect.succeed(key) as Effect.Effect<Redacted.Redacted<string>, SutroError.SutroError>
    }))
  }
  if (Effect.isEffect(input)) {
    const apiKey = Effect.flatMap(
      input as Effect.Effect<unknown, SutroError.SutroError>,
      (key) =>
        Redacted.isRedacted(key)
          ? checkApiKey(key as Redacted.Redacted<string>)
          : Effect.fail(missingKey("the apiKey effect must yield a Redacted string"))
    )
    return Either.right({ staticKey: undefined, apiKey })
  }
  return Either.left(missingKey(
    input === undefined
      ? "no apiKey given"
      : "apiKey must be a Redacted string (Redacted.make(key)) or an Effect yielding one"
  ))
}

/**
 * Checks every option of a client, so that a bad one fails before any request.
 *
 * @internal
 */
export const resolve = (options: SutroClient.Options): Either.Either<Settings, SutroError.ConfigurationError> =>
  Either.gen(function*() {
    const url = yield* listJobsUrl(options.baseUrl ?? defaultBaseUrl, options.allowInsecureHttp === true)
    const { apiKey, staticKey } = yield* resolveKey(options.apiKey)
    const policy = yield* resolvePolicy(options.retry)
    const timeout = yield* checkTimeout(options.timeout ?? Duration.seconds(60))
    const maxResponseBytes = yield* checkMaxResponseBytes(options.maxResponseBytes ?? defaultMaxResponseBytes)
    const userAgent = options.userAgent === null ? null : yield* checkUserAgent(options.userAgent ?? defaultUserAgent)
    return { url, apiKey, staticKey, userAgent, defaults: { policy, timeout, maxResponseBytes } }
  })

/**
 * A call's settings: the client's, with what the call overrides.
 *
 * @internal
 */
export const resolveCall = (
  call: SutroClient.CallOptions | undefined,
  defaults: Call
): Either.Either<Call, SutroError.ConfigurationError> => {
  if (
    call === undefined ||
    (call.retry === undefined && call.timeout === undefined && call.maxResponseBytes === undefined)
  ) {
    return Either.right(defaults)
  }
  return Either.gen(function*() {
    return {
      policy: call.retry === undefined ? defaults.policy : yield* resolvePolicy(call.retry, defaults.policy.policy),
      timeout: call.timeout === undefined ? defaults.timeout : yield* checkTimeout(call.timeout),
      maxResponseBytes: call.maxResponseBytes === undefined
        ? defaults.maxResponseBytes
        : yield* checkMaxResponseBytes(call.maxResponseBytes)
    }
  })
}
