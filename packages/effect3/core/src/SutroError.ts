/**
 * The typed errors of the SDK: one tagged union, `SutroError`, with a member per way a call can
 * fail. Every member has a `message` a person can act on, and carries what a program needs:
 * the HTTP `status` and the server's `requestId` when there was a response, the number of
 * `attempts` made, and the `cursor` of the page that failed (absent for the first page), so a
 * pipeline can resume from it. No member ever holds the API key.
 *
 * @since 0.1.0
 */
import * as ErrorText from "@sutro-effect/protocol/ErrorText"
import type * as Cause from "effect/Cause"
import * as Data from "effect/Data"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { asCodec, errorName, isUnchecked, Literals, transform, unchecked, Union } from "./internal/compat.js"

// The members are plain tagged errors (`Data.TaggedError`), not schema classes: the client builds them on
// every failure, and a schema class would bring the Schema module into every bundle that uses the client.
// Each class checks its fields when built, as a schema class did, against a small spec; the union's schema
// (`SutroError`, below) is built from the same specs, only when a program uses it.

/** A field's type: a string, a number, or one of some strings. */
type FieldType = "string" | "number" | ReadonlyArray<string>

/** A field: its type, and whether it may be absent. */
type Field = readonly [type: FieldType, optional: boolean]

type Spec = Readonly<Record<string, Field>>

type TypeOf<T extends FieldType> = T extends "string" ? string
  : T extends "number" ? number
  : T extends ReadonlyArray<infer L> ? L
  : never

type Simplify<A> = { [K in keyof A]: A[K] } & {}

/**
 * The fields of a class built from `S`: the optional ones may be absent or `undefined`.
 *
 * @since 0.1.0
 * @category models
 */
export type Fields<S extends Spec> = Simplify<
  & { readonly [K in keyof S as S[K][1] extends true ? K : never]?: TypeOf<S[K][0]> | undefined }
  & { readonly [K in keyof S as S[K][1] extends true ? never : K]: TypeOf<S[K][0]> }
>

const required = <const T extends FieldType>(type: T) => [type, false] as const
const optional = <const T extends FieldType>(type: T) => [type, true] as const

const context = {
  status: optional("number"),
  requestId: optional("string"),
  attempts: optional("number"),
  cursor: optional("string")
}

const specs = new Map<string, Spec>()
const tagOfClass = new WeakMap<object, string>()

const shown = (value: unknown): string => typeof value === "string" ? JSON.stringify(value) : String(value)

/** Throws a `TypeError` naming the first field of `props` that does not match `spec`. */
const check = (tag: string, spec: Spec, props: unknown): void => {
  if (typeof props !== "object" || props === null) throw new TypeError(`${tag}: expected an object of fields`)
  for (const [key, [type, isOptional]] of Object.entries(spec)) {
    const value = (props as Record<string, unknown>)[key]
    if (value === undefined) {
      if (isOptional) continue
      throw new TypeError(`${tag}: ${key} is missing`)
    }
    const ok = typeof type === "string" ? typeof value === type : type.includes(value as string)
    if (!ok) {
      const expected = typeof type === "string" ? `a ${type}` : `one of ${type.map(shown).join(", ")}`
      throw new TypeError(`${tag}: ${key} must be ${expected}, got ${shown(value)}`)
    }
  }
}

/**
 * The class of the members tagged `Tag` with the fields of `S`: a `Data.TaggedError` that checks its
 * fields when built (unless told not to, as `withContext` does).
 */
const Tagged = <const Tag extends string, const S extends Spec>(
  tag: Tag,
  spec: S
): new(props: Fields<S>, options?: Schema.MakeOptions) => Cause.YieldableError & { readonly _tag: Tag } & Fields<S> => {
  specs.set(tag, spec)
  class Base extends Data.TaggedError(tag)<Record<string, unknown>> {
    constructor(props: Record<string, unknown>, options?: Schema.MakeOptions) {
      if (!isUnchecked(options)) check(tag, spec, props)
      super(props)
    }
  }
  Object.defineProperty(Base.prototype, "name", { value: errorName(tag), writable: true, configurable: true })
  tagOfClass.set(Base, tag)
  return Base as never
}

type Context = ErrorText.Context

type WaitHint = ErrorText.WaitHint

/**
 * The server refused the API key (401) or the key may not do this (403). Never retried.
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthenticationError extends Tagged("AuthenticationError", { ...context, detail: optional("string") }) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return ErrorText.authentication(this)
  }
}

const ConfigurationReasons = [
  "MissingApiKey",
  "InvalidBaseUrl",
  "InsecureHttp",
  "InvalidOption",
  "Gone",
  "NotFound"
] as const

/**
 * Why a configuration is wrong.
 *
 * @since 0.1.0
 * @category models
 */
export const ConfigurationReason = /* @__PURE__ */ Literals(ConfigurationReasons)

/**
 * @since 0.1.0
 * @category models
 */
export type ConfigurationReason = typeof ConfigurationReasons[number]

/**
 * The client is not set up to reach a working endpoint: no API key, an unusable base URL or option,
 * or a server that says the endpoint is gone (410) or does not exist (404). Never retried: the
 * fix is in the configuration.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConfigurationError extends Tagged("ConfigurationError", {
  ...context,
  reason: required(ConfigurationReasons),
  detail: required("string"),
  url: optional("string")
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return ErrorText.configuration(this)
  }
}

/**
 * The server, or the client before sending, rejected the parameters: a page size outside 1..100,
 * a malformed or unknown cursor (400), a validation failure (422). Never retried.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRequestError
  extends Tagged("InvalidRequestError", { ...context, detail: required("string"), parameter: optional("string") })
{
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return ErrorText.invalidRequest(this)
  }
}

/**
 * Too many requests (429), when the retries are used up or the server asks for a wait longer than
 * the retry policy allows. `retryAfterMillis` is the server's hint, unshortened.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimitError extends Tagged("RateLimitError", {
  ...context,
  detail: optional("string"),
  retryAfterMillis: optional("number"),
  maxRetryAfterMillis: optional("number")
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return ErrorText.rateLimit(this)
  }
}

/**
 * The server or a proxy in front of it failed (5xx, Cloudflare 520-524). Retried by default; this
 * error is what remains when the retries are used up.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerError extends Tagged("ServerError", {
  ...context,
  detail: required("string"),
  contentType: optional("string"),
  retryAfterMillis: optional("number"),
  maxRetryAfterMillis: optional("number")
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return ErrorText.server(this)
  }
}

const TransportReasons = ["Certificate", "ConnectionClosed"] as const

/**
 * What the client knows a {@link TransportError} to be, when it knows: `Certificate`, the server's
 * TLS certificate was refused (never retried: no attempt can do better); `ConnectionClosed`, the
 * connection was reset or closed before any response arrived (sent again at once, once per attempt,
 * then retried as usual).
 *
 * @since 0.1.0
 * @category models
 */
export const TransportReason = /* @__PURE__ */ Literals(TransportReasons)

/**
 * No response: DNS, connection refused or reset, TLS, a body cut off mid-stream. `code` is the
 * platform's error code when it gave one (`ECONNRESET`, `CERT_HAS_EXPIRED`, `UND_ERR_SOCKET`, ...);
 * `reason` says when the failure is a refused certificate or a connection closed before an answer.
 * Retried, except a refused certificate.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Tagged("TransportError", {
  ...context,
  detail: required("string"),
  url: optional("string"),
  code: optional("string"),
  reason: optional(TransportReasons)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return ErrorText.transport(this)
  }
}

/**
 * An attempt took longer than the per-attempt timeout.
 *
 * @since 0.1.0
 * @category errors
 */
export class TimeoutError
  extends Tagged("TimeoutError", { ...context, timeoutMillis: required("number"), url: optional("string") })
{
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return ErrorText.timeout(this)
  }
}

const DecodeKinds = ["NotJson", "Schema", "TooLarge", "Encoding"] as const

/**
 * What a {@link DecodeError} could not read. `Encoding` (since 1.1.0, Effect 3: 0.2.0): a body
 * whose `Content-Encoding` the client does not know, or whose compressed data is corrupt.
 *
 * @since 0.1.0
 * @category models
 */
export const DecodeKind = /* @__PURE__ */ Literals(DecodeKinds)

/**
 * A response whose body could not be read: not JSON (an HTML page, truncated JSON), JSON of the
 * wrong shape (`detail` names the path), or larger than the client's `maxResponseBytes`
 * (`TooLarge`, with the limit in `limitBytes`; nothing past the limit was buffered, and for a
 * compressed body the limit counts decoded bytes), or compressed in a way the client cannot undo
 * (`Encoding`: an unknown `Content-Encoding`, named in `detail`, or corrupt compressed data). Never
 * retried.
 *
 * @since 0.1.0
 * @category errors
 */
export class DecodeError extends Tagged("DecodeError", {
  ...context,
  kind: required(DecodeKinds),
  detail: required("string"),
  contentType: optional("string"),
  excerpt: optional("string"),
  limitBytes: optional("number")
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return ErrorText.decode(this)
  }
}

/**
 * The server's pagination went wrong: a `next_cursor` that was already used (which would loop
 * forever).
 *
 * @since 0.1.0
 * @category errors
 */
export class PaginationError
  extends Tagged("PaginationError", { ...context, detail: required("string"), pages: required("number") })
{
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return ErrorText.pagination(this)
  }
}

/**
 * Every error the SDK fails with.
 *
 * @since 0.1.0
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

const members = [
  AuthenticationError,
  ConfigurationError,
  InvalidRequestError,
  RateLimitError,
  ServerError,
  TransportError,
  TimeoutError,
  DecodeError,
  PaginationError
] as const

type Member = typeof members[number]

/**
 * A member as it is serialized: its `_tag` and its fields.
 *
 * @since 0.1.0
 * @category models
 */
export type SutroErrorEncoded =
  | EncodedOf<typeof AuthenticationError>
  | EncodedOf<typeof ConfigurationError>
  | EncodedOf<typeof InvalidRequestError>
  | EncodedOf<typeof RateLimitError>
  | EncodedOf<typeof ServerError>
  | EncodedOf<typeof TransportError>
  | EncodedOf<typeof TimeoutError>
  | EncodedOf<typeof DecodeError>
  | EncodedOf<typeof PaginationError>

type EncodedOf<C extends new(props: never, options?: Schema.MakeOptions) => { readonly _tag: string }> = Simplify<
  { readonly _tag: InstanceType<C>["_tag"] } & ConstructorParameters<C>[0]
>

const fieldSchema = ([type, isOptional]: Field) => {
  const schema = type === "string"
    ? Schema.String
    : type === "number"
    ? Schema.Number
    : Literals(type as readonly [string, ...Array<string>])
  return isOptional ? Schema.optional(schema) : schema
}

const memberSchema = (Member: Member) => {
  const tag = tagOfClass.get(Object.getPrototypeOf(Member))!
  const fields: Record<string, ReturnType<typeof fieldSchema>> = { _tag: Literals([tag]) }
  for (const [key, field] of Object.entries(specs.get(tag)!)) fields[key] = fieldSchema(field)
  return transform(Schema.Struct(fields), Schema.instanceOf(Member as new(...args: Array<any>) => SutroError), {
    decode: ({ _tag, ...props }) => new Member(props as never, unchecked) as SutroError,
    encode: (error) => ({ ...error }) as never
  })
}

// Built in a function, called under a pure annotation: every call in it is left out with it.
// (Its type is left to asCodec, which names the line's own schema type: a written type would name the seam.)
function unionSchema() {
  return asCodec<SutroError, SutroErrorEncoded>(Union(members.map(memberSchema)) as never)
}

/**
 * The union as a schema, to serialize errors (e.g. across workers or into logs): it encodes a member as
 * its `_tag` and fields, and decodes that back to the member's class. A bundle that does not use it
 * leaves it (and the Schema module it needs) out.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SutroError = /* @__PURE__ */ unionSchema()

const tags: ReadonlySet<unknown> = new Set<unknown>(specs.keys())

/**
 * @since 0.1.0
 * @category guards
 */
export const isSutroError = (u: unknown): u is SutroError =>
  Predicate.hasProperty(u, "_tag") && typeof u._tag === "string" && tags.has(u._tag) && u instanceof Error

/**
 * A copy of an error with more context: the attempts made, the cursor of the failing page and, for
 * {@link RateLimitError} and {@link ServerError}, the server's wait and the policy's limit. Fields
 * already set are kept unless given again; a field the error's class does not declare is ignored.
 *
 * @since 0.1.0
 * @category combinators
 */
export const withContext = <E extends SutroError>(error: E, extra: Context & WaitHint): E => {
  const Ctor = error.constructor as new(props: unknown, options?: Schema.MakeOptions) => E
  const fields: Record<string, unknown> = {}
  for (const key of Object.keys(specs.get(error._tag)!)) {
    const value = (extra as Record<string, unknown>)[key] ?? (error as unknown as Record<string, unknown>)[key]
    if (value !== undefined) fields[key] = value
  }
  return new Ctor(fields, unchecked)
}
// @generated by scripts/one-source.mjs from packages/effect4/core/src/SutroError.ts: edit that file, then run `pnpm one-source`
