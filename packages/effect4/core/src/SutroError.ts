/**
 * The typed errors of the SDK: one tagged union, `SutroError`, with a member per way a call can
 * fail. Every member has a `message` a person can act on, and carries what a program needs:
 * the HTTP `status` and the server's `requestId` when there was a response, the number of
 * `attempts` made, and the `cursor` of the page that failed (absent for the first page), so a
 * pipeline can resume from it. No member ever holds the API key.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
import * as ErrorText from "@sutro-effect/protocol/ErrorText"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { Literals, tagOf, unchecked, Union } from "./internal/compat.js"

const context = {
  status: Schema.optional(Schema.Number),
  requestId: Schema.optional(Schema.String),
  attempts: Schema.optional(Schema.Number),
  cursor: Schema.optional(Schema.String)
}

type Context = ErrorText.Context

type WaitHint = ErrorText.WaitHint

/**
 * The server refused the API key (401) or the key may not do this (403). Never retried.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category errors
 */
export class AuthenticationError
  extends Schema.TaggedError<AuthenticationError>("@sutro-effect/core/AuthenticationError")(
    "AuthenticationError",
    { ...context, detail: Schema.optional(Schema.String) }
  )
{
  /**
   * @since 1.0.0 (Effect 3: 0.1.0)
   */
  override get message(): string {
    return ErrorText.authentication(this)
  }
}

/**
 * Why a configuration is wrong.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export const ConfigurationReason = Literals([
  "MissingApiKey",
  "InvalidBaseUrl",
  "InsecureHttp",
  "InvalidOption",
  "Gone",
  "NotFound"
])

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export type ConfigurationReason = typeof ConfigurationReason.Type

/**
 * The client is not set up to reach a working endpoint: no API key, an unusable base URL or option,
 * or a server that says the endpoint is gone (410) or does not exist (404). Never retried: the
 * fix is in the configuration.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category errors
 */
export class ConfigurationError extends Schema.TaggedError<ConfigurationError>("@sutro-effect/core/ConfigurationError")(
  "ConfigurationError",
  { ...context, reason: ConfigurationReason, detail: Schema.String, url: Schema.optional(Schema.String) }
) {
  /**
   * @since 1.0.0 (Effect 3: 0.1.0)
   */
  override get message(): string {
    return ErrorText.configuration(this)
  }
}

/**
 * The server, or the client before sending, rejected the parameters: a page size outside 1..100,
 * a malformed or unknown cursor (400), a validation failure (422). Never retried.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category errors
 */
export class InvalidRequestError
  extends Schema.TaggedError<InvalidRequestError>("@sutro-effect/core/InvalidRequestError")(
    "InvalidRequestError",
    { ...context, detail: Schema.String, parameter: Schema.optional(Schema.String) }
  )
{
  /**
   * @since 1.0.0 (Effect 3: 0.1.0)
   */
  override get message(): string {
    return ErrorText.invalidRequest(this)
  }
}

/**
 * Too many requests (429), when the retries are used up or the server asks for a wait longer than
 * the retry policy allows. `retryAfterMillis` is the server's hint, unshortened.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category errors
 */
export class RateLimitError extends Schema.TaggedError<RateLimitError>("@sutro-effect/core/RateLimitError")(
  "RateLimitError",
  {
    ...context,
    detail: Schema.optional(Schema.String),
    retryAfterMillis: Schema.optional(Schema.Number),
    maxRetryAfterMillis: Schema.optional(Schema.Number)
  }
) {
  /**
   * @since 1.0.0 (Effect 3: 0.1.0)
   */
  override get message(): string {
    return ErrorText.rateLimit(this)
  }
}

/**
 * The server or a proxy in front of it failed (5xx, Cloudflare 520-524). Retried by default; this
 * error is what remains when the retries are used up.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category errors
 */
export class ServerError extends Schema.TaggedError<ServerError>("@sutro-effect/core/ServerError")(
  "ServerError",
  {
    ...context,
    detail: Schema.String,
    contentType: Schema.optional(Schema.String),
    retryAfterMillis: Schema.optional(Schema.Number),
    maxRetryAfterMillis: Schema.optional(Schema.Number)
  }
) {
  /**
   * @since 1.0.0 (Effect 3: 0.1.0)
   */
  override get message(): string {
    return ErrorText.server(this)
  }
}

/**
 * What the client knows a {@link TransportError} to be, when it knows: `Certificate`, the server's
 * TLS certificate was refused (never retried: no attempt can do better); `ConnectionClosed`, the
 * connection was reset or closed before any response arrived (sent again at once, once per attempt,
 * then retried as usual).
 *
 * @since 1.0.0 (Effect 3: 0.2.0)
 * @category models
 */
export const TransportReason = Literals(["Certificate", "ConnectionClosed"])

/**
 * No response: DNS, connection refused or reset, TLS, a body cut off mid-stream. `code` is the
 * platform's error code when it gave one (`ECONNRESET`, `CERT_HAS_EXPIRED`, `UND_ERR_SOCKET`, ...);
 * `reason` says when the failure is a refused certificate or a connection closed before an answer.
 * Retried, except a refused certificate.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category errors
 */
export class TransportError extends Schema.TaggedError<TransportError>("@sutro-effect/core/TransportError")(
  "TransportError",
  {
    ...context,
    detail: Schema.String,
    url: Schema.optional(Schema.String),
    code: Schema.optional(Schema.String),
    reason: Schema.optional(TransportReason)
  }
) {
  /**
   * @since 1.0.0 (Effect 3: 0.1.0)
   */
  override get message(): string {
    return ErrorText.transport(this)
  }
}

/**
 * An attempt took longer than the per-attempt timeout.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category errors
 */
export class TimeoutError extends Schema.TaggedError<TimeoutError>("@sutro-effect/core/TimeoutError")(
  "TimeoutError",
  { ...context, timeoutMillis: Schema.Number, url: Schema.optional(Schema.String) }
) {
  /**
   * @since 1.0.0 (Effect 3: 0.1.0)
   */
  override get message(): string {
    return ErrorText.timeout(this)
  }
}

/**
 * What a {@link DecodeError} could not read. `Encoding` (since 1.1.0, Effect 3: 0.2.0): a body
 * whose `Content-Encoding` the client does not know, or whose compressed data is corrupt.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export const DecodeKind = Literals(["NotJson", "Schema", "TooLarge", "Encoding"])

/**
 * A response whose body could not be read: not JSON (an HTML page, truncated JSON), JSON of the
 * wrong shape (`detail` names the path), or larger than the client's `maxResponseBytes`
 * (`TooLarge`, with the limit in `limitBytes`; nothing past the limit was buffered, and for a
 * compressed body the limit counts decoded bytes), or compressed in a way the client cannot undo
 * (`Encoding`: an unknown `Content-Encoding`, named in `detail`, or corrupt compressed data). Never
 * retried.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category errors
 */
export class DecodeError extends Schema.TaggedError<DecodeError>("@sutro-effect/core/DecodeError")(
  "DecodeError",
  {
    ...context,
    kind: DecodeKind,
    detail: Schema.String,
    contentType: Schema.optional(Schema.String),
    excerpt: Schema.optional(Schema.String),
    limitBytes: Schema.optional(Schema.Number)
  }
) {
  /**
   * @since 1.0.0 (Effect 3: 0.1.0)
   */
  override get message(): string {
    return ErrorText.decode(this)
  }
}

/**
 * The server's pagination went wrong: a `next_cursor` that was already used (which would loop
 * forever).
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category errors
 */
export class PaginationError extends Schema.TaggedError<PaginationError>("@sutro-effect/core/PaginationError")(
  "PaginationError",
  { ...context, detail: Schema.String, pages: Schema.Number }
) {
  /**
   * @since 1.0.0 (Effect 3: 0.1.0)
   */
  override get message(): string {
    return ErrorText.pagination(this)
  }
}

/**
 * Every error the SDK fails with.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export type SutroError =
  | AuthenticationError
  | ConfigurationError
  | InvalidRequestError
  | RateLimitError
  | ServerError
  | TransportError
  | TimeoutError
  | DecodeError
  | PaginationError

/**
 * The union as a schema, to serialize errors (e.g. across workers or into logs).
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category schemas
 */
export const SutroError = Union([
  AuthenticationError,
  ConfigurationError,
  InvalidRequestError,
  RateLimitError,
  ServerError,
  TransportError,
  TimeoutError,
  DecodeError,
  PaginationError
])

const tags: ReadonlySet<unknown> = new Set<unknown>(SutroError.members.map(tagOf))

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category guards
 */
export const isSutroError = (u: unknown): u is SutroError =>
  Predicate.hasProperty(u, "_tag") && typeof u._tag === "string" && tags.has(u._tag) && u instanceof Error

/**
 * A copy of an error with more context: the attempts made, the cursor of the failing page and, for
 * {@link RateLimitError} and {@link ServerError}, the server's wait and the policy's limit. Fields
 * already set are kept unless given again; a field the error's class does not declare is ignored.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category combinators
 */
export const withContext = <E extends SutroError>(error: E, extra: Context & WaitHint): E => {
  const Ctor = error.constructor as (new(props: unknown, options?: typeof unchecked) => E) & {
    readonly fields: Record<string, unknown>
  }
  const fields: Record<string, unknown> = {}
  for (const key of Object.keys(Ctor.fields)) {
    if (key === "_tag") continue
    const value = (extra as Record<string, unknown>)[key] ?? (error as unknown as Record<string, unknown>)[key]
    if (value !== undefined) fields[key] = value
  }
  return new Ctor(fields, unchecked)
}
