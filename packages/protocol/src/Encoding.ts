/**
 * Content codings (RFC 9110 §8.4): what a client asks for (`Accept-Encoding`), how it reads a
 * response's `Content-Encoding`, which coding a server picks for a request (the emulator does as
 * Cloudflare does), and which errors mean that a compressed body could not be decoded.
 *
 * @since 0.1.0
 */

/**
 * A content coding the SDK decodes. `zstd` only where the runtime has a zstd decoder (Node.js from
 * 22.15 / 23.8).
 *
 * @since 0.1.0
 * @category models
 */
export type Coding = "gzip" | "br" | "deflate" | "zstd"

/**
 * The most codings a response may stack (as undici, curl and urllib3 allow): more is refused
 * rather than decoded, so that a response cannot make the client build a long chain of decoders.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxCodings = 5

/**
 * The `Accept-Encoding` a client sends: `gzip, br`, and `zstd` where it can decode it. `deflate` is
 * decoded when a server sends it anyway, but not asked for (servers disagree on what it means).
 *
 * @since 0.1.0
 * @category requests
 */
export const acceptEncoding = (zstd: boolean): string => zstd ? "gzip, br, zstd" : "gzip, br"

/**
 * A response's `Content-Encoding`, read:
 *
 * - `Identity`: nothing to decode (no header, empty, or only `identity`);
 * - `Decode`: the codings to undo, in the order to undo them (the last one applied first);
 * - `Unsupported`: a coding the client cannot decode (`coding` names it), or more than
 *   {@link maxCodings} of them.
 *
 * @since 0.1.0
 * @category models
 */
export type ContentEncoding =
  | { readonly _tag: "Identity" }
  | { readonly _tag: "Decode"; readonly codings: ReadonlyArray<Coding> }
  | { readonly _tag: "Unsupported"; readonly coding: string }

const aliases: Readonly<Record<string, Coding>> = { gzip: "gzip", "x-gzip": "gzip", br: "br", deflate: "deflate" }

/**
 * Reads a `Content-Encoding` header (repeated field lines as an array, joined as RFC 9110 §5.3
 * allows). Names are case-insensitive; `x-gzip` is `gzip`; `zstd` is decoded only when `zstd` is
 * true.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseContentEncoding = (
  header: string | ReadonlyArray<string> | undefined,
  zstd: boolean
): ContentEncoding => {
  if (header === undefined) return { _tag: "Identity" }
  const text = typeof header === "string" ? header : header.join(",")
  const codings: Array<Coding> = []
  for (const part of text.split(",")) {
    const name = part.trim().toLowerCase()
    if (name === "" || name === "identity") continue
    const coding = name === "zstd" && zstd ? "zstd" : aliases[name]
    if (coding === undefined) return { _tag: "Unsupported", coding: name }
    codings.push(coding)
  }
  if (codings.length === 0) return { _tag: "Identity" }
  if (codings.length > maxCodings) return { _tag: "Unsupported", coding: `${codings.length} stacked codings` }
  return { _tag: "Decode", codings: codings.reverse() }
}

/**
 * The coding a server compresses a response with, given the request's `Accept-Encoding`, as
 * Cloudflare does: `br` when it is accepted, else `gzip`, else none (no header: none). A coding
 * with `q=0` is refused; `*` accepts every coding not named.
 *
 * @since 0.1.0
 * @category responses
 */
export const chooseEncoding = (accept: string | undefined): "br" | "gzip" | undefined => {
  if (accept === undefined) return undefined
  const weights = new Map<string, number>()
  for (const part of accept.split(",")) {
    const [name, ...params] = part.split(";")
    const coding = name.trim().toLowerCase()
    if (coding === "") continue
    let q = 1
    for (const param of params) {
      const match = /^\s*q\s*=\s*(.*?)\s*$/i.exec(param)
      // A weight that is not a number refuses the coding rather than guessing.
      if (match !== null) q = /^[0-9.]+$/.test(match[1]) ? Number(match[1]) : 0
    }
    weights.set(coding === "x-gzip" ? "gzip" : coding, Number.isFinite(q) ? q : 0)
  }
  const accepted = (coding: string): boolean => (weights.get(coding) ?? weights.get("*") ?? 0) > 0
  if (accepted("br")) return "br"
  if (accepted("gzip")) return "gzip"
  return undefined
}

/**
 * The code of the error a layer reports for a body it cannot decode: a coding it does not know, or
 * a decoder's failure (the decoder's error is its `cause`).
 *
 * @since 0.1.0
 * @category constants
 */
export const decodeFailedCode = "ERR_SUTRO_CONTENT_DECODING"

// zlib's (gzip, deflate), brotli's and zstd's error codes in Node.js.
const decoderCode = /^(?:Z_[A-Z_]+|ERR__ERROR_[A-Z0-9_]+|ZSTD_error_\w+)$/

const codeOf = (error: object): string | undefined => {
  const code = (error as { readonly code?: unknown }).code
  return typeof code === "string" ? code : undefined
}

/** An error's message, or `fallback` when it has none. */
const messageOr = (error: object, fallback: string): string => {
  const message = (error as { readonly message?: unknown }).message
  return typeof message === "string" && message !== "" ? message : fallback
}

/** The first of an error and its causes (at most 8 deep) for which `find` gives a value. */
const inCauses = <A>(cause: unknown, find: (error: object) => A | undefined): A | undefined => {
  let current: unknown = cause
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const found = find(current)
    if (found !== undefined) return found
    current = (current as { readonly cause?: unknown }).cause
  }
  return undefined
}

/**
 * A compressed body that could not be decoded, as an error (or one of its causes) reports it: the
 * layer's own {@link decodeFailedCode} (with the response's `status` when the layer refused the
 * response before handing it over), or a zlib, brotli or zstd decoder's code (Node's fetch reports
 * those as the cause of its `terminated`).
 *
 * @since 0.1.0
 * @category models
 */
export interface DecodeFailure {
  readonly detail: string
  readonly status: number | undefined
}

/**
 * The {@link DecodeFailure} an error (or one of its causes) reports, or undefined when it reports
 * none. Data that does not decode will not decode on a second attempt either; a connection cut
 * mid-body is not this.
 *
 * @since 0.1.0
 * @category predicates
 */
export const decodeFailure = (cause: unknown): DecodeFailure | undefined =>
  inCauses(cause, (error) => {
    const code = codeOf(error)
    if (code === undefined || (code !== decodeFailedCode && !decoderCode.test(code))) return undefined
    const status = (error as { readonly status?: unknown }).status
    return { detail: messageOr(error, code), status: typeof status === "number" ? status : undefined }
  })

/**
 * A transport that bounds the bodies it hands over: the request header the client sets on each
 * request, to a transport marked with {@link markBoundedTransport} only, with the most bytes it
 * will read of the body (decoded, when the body is compressed). The transport removes the header
 * before the request is written, so no server sees it, and fails a body that passes it with an
 * error whose `code` is {@link tooLargeCode}, having buffered nothing past it. The client then
 * reads the body whole rather than counting it chunk by chunk.
 *
 * @since 0.1.0
 * @category transport
 */
export const bodyLimitHeader = "x-sutro-effect-body-limit"

const boundedTransport: unique symbol = Symbol.for("@sutro-effect/protocol/Encoding/boundedTransport")

/**
 * Marks `client` (an HTTP client object that a layer built and owns) as one whose transport honours
 * {@link bodyLimitHeader}, and returns it. A client derived from it (a `transformClient`, say) is a
 * new object and is not marked: the header is then never sent, and bodies are counted as they are
 * read.
 *
 * @since 0.1.0
 * @category transport
 */
export const markBoundedTransport = <A extends object>(client: A): A => {
  if (!isBoundedTransport(client)) Object.defineProperty(client, boundedTransport, { value: true, enumerable: false })
  return client
}

/**
 * Whether `client` itself (not its prototype) was marked with {@link markBoundedTransport}.
 *
 * @since 0.1.0
 * @category transport
 */
export const isBoundedTransport = (client: unknown): boolean =>
  typeof client === "object" && client !== null && Object.prototype.hasOwnProperty.call(client, boundedTransport)

/**
 * The limit a {@link bodyLimitHeader} value names: a whole number of bytes from 0 to 2^53 - 1
 * written in decimal digits, or undefined for anything else (the transport then sets no limit of
 * its own; the header is removed all the same).
 *
 * @since 0.1.0
 * @category transport
 */
export const parseBodyLimit = (header: string | ReadonlyArray<string> | undefined): number | undefined => {
  if (typeof header !== "string" || !/^\d{1,16}$/.test(header)) return undefined
  const limit = Number(header)
  return Number.isSafeInteger(limit) ? limit : undefined
}

/**
 * The code of the error a bounded transport fails a body with when it passes the request's
 * {@link bodyLimitHeader}.
 *
 * @since 0.1.0
 * @category constants
 */
export const tooLargeCode = "ERR_SUTRO_BODY_TOO_LARGE"

/**
 * The message of a {@link tooLargeCode} error an error (or one of its causes) is, or undefined
 * when it is none.
 *
 * @since 0.1.0
 * @category predicates
 */
export const bodyTooLarge = (cause: unknown): string | undefined =>
  inCauses(cause, (error) => codeOf(error) === tooLargeCode ? messageOr(error, tooLargeCode) : undefined)

/**
 * What a body over the limit is said to be, by the client counting it and by a bounded transport
 * alike: `more than <limit> bytes received, reading stopped`.
 *
 * @since 0.1.0
 * @category transport
 */
export const tooLargeDetail = (limit: number): string => `more than ${limit} bytes received, reading stopped`
