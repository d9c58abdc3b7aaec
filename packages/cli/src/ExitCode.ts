/**
 * The exit codes of `sutro-jobs`, and the one-line message and hint printed for each failure.
 *
 * | code | meaning |
 * |---|---|
 * | 0 | success |
 * | 1 | unexpected error (a bug: rerun with `--verbose` and report it) |
 * | 2 | usage: a bad flag or value, or a request the server refused (400/422) |
 * | 3 | authentication: the key was refused (401/403) |
 * | 4 | unavailable: network, timeout, server error (5xx, 52x) or rate limit, after retries |
 * | 5 | configuration: no key, a bad URL or config file, an endpoint that is gone (410) or missing (404) |
 * | 6 | data: the response could not be decoded, or pagination looped |
 * | 74 | output: stdout could not be written (a full disk, a closed file); a reader that goes away is not an error |
 * | 10 | `wait`: a job FAILED |
 * | 11 | `wait`: a job was CANCELLED (and none FAILED) |
 * | 12 | `wait`: a job id is not listed |
 * | 13 | `wait`: `--timeout` passed before every job finished |
 * | 130 | interrupted (Ctrl-C) |
 *
 * @since 0.1.0
 */
import type { SutroError } from "@sutro-effect/core"

/**
 * @since 0.1.0
 * @category constants
 */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  auth: 3,
  unavailable: 4,
  configuration: 5,
  data: 6,
  output: 74,
  jobFailed: 10,
  jobCancelled: 11,
  unknownJob: 12,
  timedOut: 13,
  interrupted: 130
} as const

/**
 * @since 0.1.0
 * @category models
 */
export type ExitCode = typeof ExitCode[keyof typeof ExitCode]

/**
 * What to print for a failure, and the code to exit with.
 *
 * @since 0.1.0
 * @category models
 */
export interface Report {
  readonly code: ExitCode
  readonly message: string
  readonly hint: string | undefined
}

/**
 * Context for the hints: the URL the tool tried.
 *
 * @since 0.1.0
 * @category models
 */
export interface Context {
  readonly url?: string | undefined
}

const firstLine = (text: string) => text.split("\n")[0].trim()

// The library's messages name its options (`apiKey`); on the command line, the hint names the
// flag, the variable and the config file instead.
const cliMessage = (error: SutroError.SutroError): string => {
  if (error._tag === "ConfigurationError" && error.reason === "MissingApiKey") return "no API key"
  const line = firstLine(error.message)
  return error._tag === "AuthenticationError"
    ? line.replace(/ Check SUTRO_API_KEY \(or the apiKey option\)[^.]*\./, "")
    : line
}

/**
 * The report for an error of the SDK.
 *
 * @since 0.1.0
 * @category reporting
 */
export const fromSutroError = (error: SutroError.SutroError, context: Context = {}): Report => {
  const message = cliMessage(error)
  const tried = context.url === undefined ? "" : ` (tried ${context.url})`
  switch (error._tag) {
    case "AuthenticationError":
      return {
        code: ExitCode.auth,
        message,
        hint:
          `check the API key (--api-key, SUTRO_API_KEY or api_key in ~/.sutro/config.json) and that it belongs to ` +
          `the deployment at ${context.url ?? "the API URL"}`
      }
    case "ConfigurationError":
      return {
        code: ExitCode.configuration,
        message,
        hint: error.reason === "MissingApiKey"
          ? "pass --api-key, set SUTRO_API_KEY, or put api_key in ~/.sutro/config.json"
          : error.reason === "Gone"
          ? "set SUTRO_API_URL (or --api-url) to your deployment, e.g. https://<deployment>/v1"
          : error.reason === "InvalidOption"
          ? undefined
          : `check SUTRO_API_URL or --api-url${tried}`
      }
    case "InvalidRequestError":
      return { code: ExitCode.usage, message, hint: undefined }
    case "TransportError":
    case "TimeoutError":
      return {
        code: ExitCode.unavailable,
        message,
        hint: `could not get an answer from ${context.url ?? "the API URL"}: check the URL and your network`
      }
    case "ServerError":
      return { code: ExitCode.unavailable, message, hint: `the service failed${tried}; try again later` }
    case "RateLimitError":
      return { code: ExitCode.unavailable, message, hint: "wait a little and try again" }
    case "DecodeError":
      return {
        code: ExitCode.data,
        message,
        hint: `is ${context.url ?? "the API URL"} a Sutro API? Check SUTRO_API_URL or --api-url`
      }
    case "PaginationError":
      return { code: ExitCode.data, message, hint: "the server's pagination looped; try a different --page-size" }
  }
}
