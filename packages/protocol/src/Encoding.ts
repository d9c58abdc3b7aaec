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
export const decodeFailure = (cause: unknown): DecodeFailure | undefined => {
  let current: unknown = cause
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const code = codeOf(current)
    if (code !== undefined && (code === decodeFailedCode || decoderCode.test(code))) {
      const message = (current as { readonly message?: unknown }).message
      const status = (current as { readonly status?: unknown }).status
      return {
        detail: typeof message === "string" && message !== "" ? message : code,
        status: typeof status === "number" ? status : undefined
      }
    }
    current = (current as { readonly cause?: unknown }).cause
  }
  return undefined
}
