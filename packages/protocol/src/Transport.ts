/**
 * Transport failures and HTTP/1.1 framing corners the client handles itself: which platform error
 * codes mean a refused TLS certificate (never worth another attempt), which mean a connection the
 * server closed before answering (worth one immediate resend), and where an interim `1xx` response
 * head ends (RFC 9110 §15.2: a client accepts any number of them before the final response).
 *
 * @since 0.1.0
 */

/**
 * The platform error codes (Node's, from OpenSSL, and undici's) of a TLS certificate the client
 * refused, with what each means. The certificate will not change between attempts: never retried.
 *
 * @since 0.1.0
 * @category constants
 */
export const certificateCodes: ReadonlyMap<string, string> = new Map([
  ["DEPTH_ZERO_SELF_SIGNED_CERT", "the certificate is self-signed"],
  ["SELF_SIGNED_CERT_IN_CHAIN", "a self-signed certificate is in the chain"],
  ["CERT_HAS_EXPIRED", "the certificate has expired"],
  ["CERT_NOT_YET_VALID", "the certificate is not yet valid"],
  ["ERR_TLS_CERT_ALTNAME_INVALID", "the certificate is not for this host name"],
  ["HOSTNAME_MISMATCH", "the certificate is not for this host name"],
  ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "the certificate's issuer is unknown"],
  ["UNABLE_TO_GET_ISSUER_CERT", "the certificate's issuer is unknown"],
  ["UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "the certificate's issuer is unknown"],
  ["UNABLE_TO_GET_CRL", "the certificate's revocation list is unavailable"],
  ["UNABLE_TO_DECRYPT_CERT_SIGNATURE", "the certificate's signature cannot be read"],
  ["UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY", "the issuer's public key cannot be read"],
  ["CERT_SIGNATURE_FAILURE", "the certificate's signature is invalid"],
  ["CERT_REVOKED", "the certificate was revoked"],
  ["CERT_UNTRUSTED", "the certificate is not trusted"],
  ["CERT_REJECTED", "the certificate was rejected"],
  ["CERT_CHAIN_TOO_LONG", "the certificate chain is too long"],
  ["INVALID_CA", "an issuer in the chain is not a certificate authority"],
  ["INVALID_PURPOSE", "the certificate is not for a TLS server"],
  ["PATH_LENGTH_EXCEEDED", "the certificate chain is too long"],
  ["ERROR_IN_CERT_NOT_BEFORE_FIELD", "the certificate's validity dates cannot be read"],
  ["ERROR_IN_CERT_NOT_AFTER_FIELD", "the certificate's validity dates cannot be read"],
  ["ERR_TLS_CERT_SIGNATURE_ALGORITHM_UNSUPPORTED", "the certificate's signature algorithm is not supported"]
])

/**
 * What a transport failure means to the retry loop:
 *
 * - `Certificate`: the server's TLS certificate was refused; no attempt will do better;
 * - `ConnectionClosed`: the connection was reset or closed before any response arrived, as when a
 *   server closes a kept-alive connection just as the client reuses it; the request is sent again
 *   at once, once per attempt;
 * - `Other`: anything else (refused connection, DNS failure, ...), retried with backoff.
 *
 * @since 0.1.0
 * @category models
 */
export type Kind = "Certificate" | "ConnectionClosed" | "Other"

/**
 * A transport failure as the client reads it: its kind and the platform's error code, when it has
 * one.
 *
 * @since 0.1.0
 * @category models
 */
export interface Classified {
  readonly kind: Kind
  readonly code: string | undefined
}

const closedCodes: ReadonlySet<string> = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"])

// undici's SocketError: "other side closed", "closed", "socket closed"; not "bad response" etc.
const closedSocketMessage = /\bclosed$/

const codeOf = (error: object): string | undefined => {
  const code = (error as { readonly code?: unknown }).code
  return typeof code === "string" ? code : undefined
}

/**
 * Classifies what a platform transport failure was caused by, following `cause` links (fetch's
 * `TypeError: fetch failed` holds undici's error as its cause). An error with no code is `Other`.
 *
 * @since 0.1.0
 * @category classifying
 */
export const classify = (cause: unknown): Classified => {
  let current: unknown = cause
  let first: string | undefined
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const code = codeOf(current)
    if (code !== undefined) {
      if (certificateCodes.has(code)) return { kind: "Certificate", code }
      if (closedCodes.has(code)) return { kind: "ConnectionClosed", code }
      if (code === "UND_ERR_SOCKET") {
        const message = (current as { readonly message?: unknown }).message
        const closed = typeof message === "string" && closedSocketMessage.test(message)
        return { kind: closed ? "ConnectionClosed" : "Other", code }
      }
      // A wrapper's code (fetch's, an abort's) may say less than its cause's: look further.
      first ??= code
    }
    current = (current as { readonly cause?: unknown }).cause
  }
  return { kind: "Other", code: first }
}

/**
 * Whether a platform error code is a refused TLS certificate.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isCertificateCode = (code: string): boolean => certificateCodes.has(code)

/**
 * The detail of a transport error for a refused certificate: which check failed and what to do.
 *
 * @since 0.1.0
 * @category formatting
 */
export const certificateDetail = (code: string, message: string): string => {
  const why = certificateCodes.get(code) ?? "it failed verification"
  const shown = message.length === 0 || message === code ? code : `${code}: ${message}`
  return `the server's TLS certificate was refused (${why}; ${shown}); not retried, as no attempt can succeed: ` +
    `fix the certificate or the base URL, or trust the issuer (NODE_EXTRA_CA_CERTS)`
}

/** "HTTP/1.1 100" */
const statusLineLength = 12

const isDigit = (byte: number | undefined): boolean => byte !== undefined && byte >= 0x30 && byte <= 0x39

/** The longest interim head read: past it, the bytes are left to the HTTP parser (and its limits). */
export const maxInterimHeadBytes = 16 * 1024

/**
 * Where the interim (`1xx`, but not `101 Switching Protocols`) response head at the start of
 * `bytes` ends: its length, to drop, when it is complete; `"more"` when more bytes are needed to
 * tell; `"final"` when `bytes` do not start with an interim head (a final response, or bytes for the
 * HTTP parser to refuse).
 *
 * @since 0.1.0
 * @category parsing
 */
export const leadingInterimHead = (bytes: Uint8Array): number | "more" | "final" => {
  const prefix = "HTTP/1."
  const known = Math.min(bytes.length, statusLineLength)
  for (let i = 0; i < known; i++) {
    const byte = bytes[i]
    const fits = i < prefix.length
      ? byte === prefix.charCodeAt(i)
      : i === 7 || i === 10 || i === 11
      ? isDigit(byte)
      : i === 8
      ? byte === 0x20
      : byte === 0x31 // i === 9: the status starts with 1
    if (!fits) return "final"
  }
  if (bytes.length < statusLineLength) return "more"
  if (bytes[10] === 0x30 && bytes[11] === 0x31) return "final" // 101: an upgrade is not interim
  const limit = Math.min(bytes.length, maxInterimHeadBytes)
  for (let i = statusLineLength; i < limit; i++) {
    if (bytes[i] === 0x0a) {
      if (bytes[i + 1] === 0x0a) return i + 2
      if (bytes[i + 1] === 0x0d && i + 2 < bytes.length && bytes[i + 2] === 0x0a) return i + 3
      if (i + 1 >= bytes.length || (bytes[i + 1] === 0x0d && i + 2 >= bytes.length)) return "more"
    }
  }
  return bytes.length >= maxInterimHeadBytes ? "final" : "more"
}
