/**
 * Every option of a client and of a call, checked before any request. The rules that do not
 * depend on Effect (the URL, the key text, the User-Agent) are protocol's `Url`; what is left here
 * is the Effect side: `Duration` and `Redacted` inputs, the retry policy and its `Schedule`.
 */
import * as SutroError from "@sutro-effect/core/SutroError"
import * as Options from "@sutro-effect/protocol/Options"
import type * as Retry from "@sutro-effect/protocol/Retry"
import * as Url from "@sutro-effect/protocol/Url"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as RetryPolicy from "../RetryPolicy.js"
import type * as SutroClient from "../SutroClient.js"
import * as compat from "./compat.js"
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
  /** The policy's backoff in milliseconds, for protocol's `Retry.backoffMillis`. */
  readonly backoff: Retry.Backoff
  readonly onRetry: ((event: RetryPolicy.RetryEvent) => Effect.Effect<void>) | undefined
}

const invalid = (detail: string) => new SutroError.ConfigurationError({ reason: "InvalidOption", detail })

/**
 * The list-jobs URL for a base URL, or the `ConfigurationError` that refuses it.
 *
 * @internal
 */
export const listJobsUrl = (
  baseUrl: string,
  allowInsecureHttp: boolean
): compat.Result<string, SutroError.ConfigurationError> => {
  const checked = Url.listJobsUrl(baseUrl, allowInsecureHttp)
  return checked._tag === "Ok"
    ? compat.succeed(checked.url)
    : compat.fail(
      new SutroError.ConfigurationError({ reason: checked.reason, detail: checked.detail, url: checked.url })
    )
}

/**
 * Checks a key and drops surrounding whitespace (a key read from a file often ends in a newline).
 *
 * @internal
 */
export const checkApiKey = (
  key: Redacted.Redacted<string>
): compat.Result<Redacted.Redacted<string>, SutroError.ConfigurationError> => {
  const raw = Redacted.value(key)
  const checked = Url.apiKeyProblem(raw)
  if ("problem" in checked) {
    return compat.fail(new SutroError.ConfigurationError({ reason: "MissingApiKey", detail: checked.problem }))
  }
  return compat.succeed(checked.key === raw ? key : Redacted.make(checked.key))
}

/** @internal */
export const decodeDuration = (
  name: string,
  input: Duration.Input,
  allowInfinite: boolean
): compat.Result<Duration.Duration, SutroError.ConfigurationError> => {
  // A negative amount ("-1 second" too, which Effect 3 reads as 0 and Effect 4 as negative) is refused alike
  // on both lines, instead of waiting 0 ms.
  const negative = Options.negativeDurationProblem(name, input)
  if (negative !== undefined) return compat.fail(invalid(negative))
  const decoded = compat.durationFromInput(input)
  if (Option.isNone(decoded)) return compat.fail(invalid(`${name} is not a duration`))
  const duration = decoded.value
  const millis = Duration.toMillis(duration)
  // Effect 4 keeps negative durations ("-1 second" is -1000 ms, "-Infinity" exists): refused here.
  if (millis < 0 || Number.isNaN(millis)) return compat.fail(invalid(`${name} must not be negative`))
  if (!Duration.isFinite(duration) && !allowInfinite) return compat.fail(invalid(`${name} must be finite`))
  return compat.succeed(duration)
}

/** @internal */
export const resolvePolicy = (
  input: Partial<RetryPolicy.RetryPolicy> | undefined,
  base: RetryPolicy.RetryPolicy = RetryPolicy.defaults
): compat.Result<ResolvedPolicy, SutroError.ConfigurationError> =>
  compat.gen(function*() {
    const shapeProblem = Options.objectProblem("retry", input)
    if (shapeProblem !== undefined) return yield* compat.fail(invalid(shapeProblem))
    const merged: RetryPolicy.RetryPolicy = { ...base }
    if (input !== undefined) {
      for (const [key, value] of Object.entries(input)) if (value !== undefined) (merged as any)[key] = value
    }
    const numberProblem = Options.maxRetriesProblem(merged.maxRetries) ?? Options.factorProblem(merged.factor) ??
      Options.booleanProblem("retry.jitter", merged.jitter) ?? Options.functionProblem("retry.onRetry", merged.onRetry)
    if (numberProblem !== undefined) return yield* compat.fail(invalid(numberProblem))
    const baseDelay = yield* decodeDuration("retry.baseDelay", merged.baseDelay, false)
    const maxDelay = yield* decodeDuration("retry.maxDelay", merged.maxDelay, false)
    const maxRetryAfter = yield* decodeDuration("retry.maxRetryAfter", merged.maxRetryAfter, true)
    return {
      policy: { ...merged, baseDelay, maxDelay, maxRetryAfter },
      maxRetries: merged.maxRetries,
      maxRetryAfterMillis: Duration.toMillis(maxRetryAfter),
      backoff: {
        baseMillis: Duration.toMillis(baseDelay),
        factor: merged.factor,
        maxMillis: Duration.toMillis(maxDelay),
        jitter: merged.jitter
      },
      onRetry: merged.onRetry
    }
  })

/** @internal */
export const checkMaxResponseBytes = (value: number): compat.Result<number, SutroError.ConfigurationError> => {
  const problem = Options.maxResponseBytesProblem(value)
  return problem === undefined ? compat.succeed(value) : compat.fail(invalid(problem))
}

/** @internal */
export const checkUserAgent = (userAgent: string): compat.Result<string, SutroError.ConfigurationError> => {
  const problem = Url.userAgentProblem(userAgent)
  return problem === undefined ? compat.succeed(userAgent) : compat.fail(invalid(problem))
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

const checkTimeout = (input: Duration.Input) =>
  compat.flatMap(
    decodeDuration("timeout", input, true),
    (duration) =>
      Duration.toMillis(duration) === 0 ? compat.fail(invalid("timeout must be positive")) : compat.succeed(duration)
  )

const missingKey = (detail: string) => new SutroError.ConfigurationError({ reason: "MissingApiKey", detail })

const resolveKey = (input: unknown): compat.Result<
  Pick<Settings, "apiKey" | "staticKey">,
  SutroError.ConfigurationError
> => {
  if (Redacted.isRedacted(input)) {
    return compat.map(checkApiKey(input as Redacted.Redacted<string>), (key) => ({
      staticKey: key,
      apiKey: Effect.succeed(key)
    }))
  }
  if (Effect.isEffect(input)) {
    const apiKey = Effect.flatMap(
      input as Effect.Effect<unknown, SutroError.SutroError>,
      (key) =>
        Redacted.isRedacted(key)
          ? compat.fromResult(checkApiKey(key as Redacted.Redacted<string>))
          : Effect.fail(missingKey("the apiKey effect must yield a Redacted string"))
    )
    return compat.succeed({ staticKey: undefined, apiKey })
  }
  return compat.fail(missingKey(
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
export const resolve = (options: SutroClient.Options): compat.Result<Settings, SutroError.ConfigurationError> =>
  compat.gen(function*() {
    // Options come from plain JavaScript too: a value of the wrong type is refused here, typed, not
    // thrown on later (the types of the others are checked by their own rules below).
    const shapeProblem = Options.objectProblem("the options", options ?? null) ??
      Options.booleanProblem("allowInsecureHttp", options.allowInsecureHttp) ??
      Options.functionProblem("transformClient", options.transformClient)
    if (shapeProblem !== undefined) return yield* compat.fail(invalid(shapeProblem))
    const url = yield* listJobsUrl(
      options.baseUrl === undefined ? defaultBaseUrl : options.baseUrl,
      options.allowInsecureHttp === true
    )
    const { apiKey, staticKey } = yield* resolveKey(options.apiKey)
    const policy = yield* resolvePolicy(options.retry)
    const timeout = yield* checkTimeout(options.timeout ?? Duration.millis(Options.defaultTimeoutMillis))
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
): compat.Result<Call, SutroError.ConfigurationError> => {
  const shapeProblem = Options.objectProblem("the call options", call)
  if (shapeProblem !== undefined) return compat.fail(invalid(shapeProblem))
  if (
    call === undefined ||
    (call.retry === undefined && call.timeout === undefined && call.maxResponseBytes === undefined)
  ) {
    return compat.succeed(defaults)
  }
  return compat.gen(function*() {
    return {
      policy: call.retry === undefined ? defaults.policy : yield* resolvePolicy(call.retry, defaults.policy.policy),
      timeout: call.timeout === undefined ? defaults.timeout : yield* checkTimeout(call.timeout),
      maxResponseBytes: call.maxResponseBytes === undefined
        ? defaults.maxResponseBytes
        : yield* checkMaxResponseBytes(call.maxResponseBytes)
    }
  })
}
