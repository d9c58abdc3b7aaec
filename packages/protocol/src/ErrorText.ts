/**
 * The messages of the SDK's errors: one text per member of the `SutroError` union, built from the
 * error's plain fields, so that both lines' error classes say exactly the same thing.
 *
 * @since 0.1.0
 */

/**
 * What every error may carry.
 *
 * @since 0.1.0
 * @category models
 */
export interface Context {
  readonly status?: number | undefined
  readonly requestId?: string | undefined
  readonly attempts?: number | undefined
  readonly cursor?: string | undefined
}

/**
 * A server's requested wait, and the limit of the retry policy when it was longer.
 *
 * @since 0.1.0
 * @category models
 */
export interface WaitHint {
  readonly retryAfterMillis?: number | undefined
  readonly maxRetryAfterMillis?: number | undefined
}

/**
 * ` [status 503, request id r1, 5 attempts, cursor c2]`, or "" when there is nothing to say.
 *
 * @since 0.1.0
 * @category formatting
 */
export const suffix = (self: Context): string => {
  const parts: Array<string> = []
  if (self.status !== undefined) parts.push(`status ${self.status}`)
  if (self.requestId !== undefined) parts.push(`request id ${self.requestId}`)
  if (self.attempts !== undefined) parts.push(`${self.attempts} attempt${self.attempts === 1 ? "" : "s"}`)
  if (self.cursor !== undefined) parts.push(`cursor ${self.cursor}`)
  return parts.length === 0 ? "" : ` [${parts.join(", ")}]`
}

/**
 * Milliseconds as seconds for a person: `2 s`, `1.5 s`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const seconds = (millis: number): string =>
  millis % 1000 === 0 ? `${millis / 1000} s` : `${(millis / 1000).toFixed(3).replace(/0+$/, "")} s`

const waitText = (self: WaitHint): string => {
  if (self.retryAfterMillis === undefined) return ""
  const longer = self.maxRetryAfterMillis !== undefined && self.retryAfterMillis > self.maxRetryAfterMillis
    ? `, longer than the retry policy's maxRetryAfter of ${seconds(self.maxRetryAfterMillis)}`
    : ""
  return `. The server asked to wait ${seconds(self.retryAfterMillis)}${longer}`
}

/**
 * @since 0.1.0
 * @category messages
 */
export const authentication = (self: Context & { readonly detail?: string | undefined }): string => {
  const what = self.status === 403
    ? "Sutro refused access with this API key (403 Forbidden)"
    : "Sutro rejected the API key (401 Unauthorized)"
  return `${what}${self.detail ? `: ${self.detail}` : ""}. ` +
    `Check SUTRO_API_KEY (or the apiKey option) and that the key belongs to the deployment at SUTRO_API_URL.` +
    suffix(self)
}

/**
 * Why a configuration is wrong.
 *
 * @since 0.1.0
 * @category models
 */
export type ConfigurationReason =
  | "MissingApiKey"
  | "InvalidBaseUrl"
  | "InsecureHttp"
  | "InvalidOption"
  | "Gone"
  | "NotFound"

/**
 * @since 0.1.0
 * @category messages
 */
export const configuration = (
  self: Context & { readonly reason: ConfigurationReason; readonly detail: string; readonly url?: string | undefined }
): string => {
  const at = self.url === undefined ? "" : ` (${self.url})`
  switch (self.reason) {
    case "MissingApiKey":
      return `No Sutro API key: ${self.detail}. Set SUTRO_API_KEY or pass the apiKey option.`
    case "InvalidBaseUrl":
      return `Invalid Sutro base URL${at}: ${self.detail}. Set SUTRO_API_URL (or baseUrl) to an https:// URL such as https://api.sutro.sh or your deployment's URL.`
    case "InsecureHttp":
      return `Refusing plain http:// to a non-loopback host${at}: ${self.detail}. Use https://, or set allowInsecureHttp: true if you really mean it.`
    case "InvalidOption":
      return `Invalid client option: ${self.detail}.`
    case "Gone":
      return `This Sutro endpoint is gone${at}: ${self.detail}. Set SUTRO_API_URL (or baseUrl) to your deployment's URL, such as https://<deployment>/v1.` +
        suffix(self)
    case "NotFound":
      return `No list-jobs endpoint here${at}: ${self.detail}. Check SUTRO_API_URL (or baseUrl).` + suffix(self)
  }
}

/**
 * @since 0.1.0
 * @category messages
 */
export const invalidRequest = (
  self: Context & { readonly detail: string; readonly parameter?: string | undefined }
): string => {
  const where = self.status === undefined ? "Invalid request" : `Sutro rejected the request (${self.status})`
  const param = self.parameter === undefined ? "" : ` (${self.parameter})`
  return `${where}${param}: ${self.detail}.` + suffix(self)
}

/**
 * @since 0.1.0
 * @category messages
 */
export const rateLimit = (self: Context & WaitHint & { readonly detail?: string | undefined }): string => {
  const detail = self.detail ? `: ${self.detail}` : ""
  return `Sutro is rate limiting requests (429)${detail}${waitText(self)}. Try again later or raise maxRetryAfter.` +
    suffix(self)
}

/**
 * @since 0.1.0
 * @category messages
 */
export const server = (self: Context & WaitHint & { readonly detail: string }): string =>
  `Sutro failed to answer (${self.status ?? "no status"}): ${self.detail}${waitText(self)}.` + suffix(self)

/**
 * @since 0.1.0
 * @category messages
 */
export const transport = (self: Context & { readonly detail: string; readonly url?: string | undefined }): string =>
  `Could not reach Sutro${self.url === undefined ? "" : ` at ${self.url}`}: ${self.detail}.` + suffix(self)

/**
 * @since 0.1.0
 * @category messages
 */
export const timeout = (
  self: Context & { readonly timeoutMillis: number; readonly url?: string | undefined }
): string =>
  `Sutro did not answer within ${seconds(self.timeoutMillis)}${self.url === undefined ? "" : ` (${self.url})`}.` +
  suffix(self)

/**
 * What a decode error could not read.
 *
 * @since 0.1.0
 * @category models
 */
export type DecodeKind = "NotJson" | "Schema" | "TooLarge" | "Encoding"

/**
 * @since 0.1.0
 * @category messages
 */
export const decode = (
  self: Context & {
    readonly kind: DecodeKind
    readonly detail: string
    readonly contentType?: string | undefined
    readonly excerpt?: string | undefined
    readonly limitBytes?: number | undefined
  }
): string => {
  if (self.kind === "TooLarge") {
    const limit = self.limitBytes === undefined ? "" : ` of ${self.limitBytes} bytes`
    return `Sutro's response is larger than the client's maxResponseBytes${limit} (${self.detail}). ` +
      "If responses this large are expected, raise the maxResponseBytes option of the client or of the call." +
      suffix(self)
  }
  if (self.kind === "Encoding") {
    return `Sutro's response could not be decoded: ${self.detail}. ` +
      "The body's Content-Encoding is unknown to the client or its compressed data is corrupt; not retried." +
      suffix(self)
  }
  const what = self.kind === "NotJson"
    ? `Sutro's response is not valid JSON (${self.contentType ?? "no content type"})`
    : "Sutro's response does not match the list-jobs schema"
  const excerpt = self.excerpt === undefined ? "" : `; body starts: ${JSON.stringify(self.excerpt)}`
  return `${what}: ${self.detail}${excerpt}.` + suffix(self)
}

/**
 * @since 0.1.0
 * @category messages
 */
export const pagination = (self: Context & { readonly detail: string; readonly pages: number }): string =>
  `Pagination stopped after ${self.pages} page${self.pages === 1 ? "" : "s"}: ${self.detail}.` + suffix(self)
