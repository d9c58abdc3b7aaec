/**
 * The client's configuration text: the base URL and the list-jobs URL made from it, loopback
 * hosts (where plain `http:` is allowed), URLs fit for messages, the API key's and the user
 * agent's text.
 *
 * @since 0.1.0
 */
import { typeOf } from "./Options.js"

/**
 * The base URL of Sutro's API.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl = "https://api.sutro.sh"

/**
 * Whether a URL's hostname is a loopback host: literal loopback addresses and `localhost` itself.
 * A name under `.localhost` is only loopback where a resolver makes it so, which a client cannot
 * know.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isLoopback = (hostname: string): boolean =>
  hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)

/**
 * A URL as it may appear in a message: user info and query values replaced by `***`, whatever the
 * input (it may not even parse).
 *
 * @since 0.1.0
 * @category formatting
 */
export const safeUrl = (input: string): string => {
  const text = input.trim()
  try {
    const url = new URL(text)
    if (url.username !== "" || url.password !== "") {
      url.username = url.username === "" ? "" : "***"
      url.password = url.password === "" ? "" : "***"
    }
    for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, "***")
    return url.href.replaceAll("%2A%2A%2A", "***")
  } catch {
    // Not a URL: keep the part before any user info or query, which is all a reader needs.
    const query = text.search(/[?#]/)
    const head = query === -1 ? text : `${text.slice(0, query)}?***`
    const scheme = head.indexOf("://")
    const at = head.lastIndexOf("@")
    return at > scheme && scheme !== -1 ? `${head.slice(0, scheme + 3)}***@${head.slice(at + 1)}` : head
  }
}

/**
 * The list-jobs URL made from a base URL, or why the base URL is refused (with the base URL as
 * {@link safeUrl} shows it).
 *
 * @since 0.1.0
 * @category models
 */
export type ListJobsUrl =
  | { readonly _tag: "Ok"; readonly url: string }
  | {
    readonly _tag: "Refused"
    readonly reason: "InvalidBaseUrl" | "InsecureHttp"
    readonly detail: string
    readonly url: string
  }

/**
 * The list-jobs URL for a base URL: `<baseUrl>/list-jobs`, whatever trailing slashes the base has.
 * A base that already ends in `/list-jobs` is taken as the endpoint itself. Refused: an empty or
 * relative URL, a scheme other than `https:` and `http:`, credentials, a query or fragment, and
 * `http:` to a host that is not loopback unless `allowInsecureHttp`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const listJobsUrl = (baseUrl: string, allowInsecureHttp: boolean): ListJobsUrl => {
  // Options come from plain JavaScript too: `baseUrl: 8080` is refused, not thrown on.
  if (typeof baseUrl !== "string") {
    return {
      _tag: "Refused",
      reason: "InvalidBaseUrl",
      detail: `the base URL must be a string, got ${typeOf(baseUrl)}`,
      url: ""
    }
  }
  const refuse = (reason: "InvalidBaseUrl" | "InsecureHttp", detail: string): ListJobsUrl => ({
    _tag: "Refused",
    reason,
    detail,
    url: safeUrl(baseUrl)
  })
  if (baseUrl.trim() === "") return refuse("InvalidBaseUrl", "the base URL is empty")
  let url: URL
  try {
    url = new URL(baseUrl.trim())
  } catch {
    return refuse("InvalidBaseUrl", "not an absolute URL")
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return refuse("InvalidBaseUrl", `unsupported scheme ${url.protocol}`)
  }
  // Credentials in the URL would end up in error messages and spans; the key goes in a header.
  if (url.username !== "" || url.password !== "") {
    return refuse("InvalidBaseUrl", "credentials do not belong in the URL")
  }
  if (url.search !== "" || url.hash !== "") {
    return refuse("InvalidBaseUrl", "a base URL has no query string or fragment")
  }
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) {
    return refuse("InsecureHttp", `${url.hostname} is not a loopback host`)
  }
  const path = url.pathname.replace(/\/+$/, "")
  return { _tag: "Ok", url: `${url.origin}${path.endsWith("/list-jobs") ? path : `${path}/list-jobs`}` }
}

/**
 * Checks an API key's text and drops surrounding whitespace (a key read from a file often ends in
 * a newline). A blank key, or one with inner whitespace, control or non-ASCII characters, could
 * never authenticate.
 *
 * @since 0.1.0
 * @category validation
 */
export const apiKeyProblem = (raw: unknown): { readonly key: string } | { readonly problem: string } => {
  if (typeof raw !== "string" || raw.trim() === "") return { problem: "the API key is blank" }
  const key = raw.trim()
  return /^[\x21-\x7e]+$/.test(key)
    ? { key }
    : { problem: "the API key contains spaces, control or non-ASCII characters" }
}

/**
 * What is wrong with a `User-Agent` text, or undefined: it must be non-empty printable ASCII (a
 * header value with anything else is refused by fetch or sent garbled).
 *
 * @since 0.1.0
 * @category validation
 */
export const userAgentProblem = (userAgent: string): string | undefined =>
  typeof userAgent !== "string"
    ? `userAgent must be a string or null, got ${typeOf(userAgent)}`
    : /^[\x20-\x7e]+$/.test(userAgent) && userAgent.trim() !== ""
    ? undefined
    : "userAgent must be non-empty printable ASCII"

/**
 * The headers every list-jobs request carries: `accept: application/json`, and the `User-Agent`
 * unless it is `null` (a browser's fetch sends its own).
 *
 * @since 0.1.0
 * @category requests
 */
export const listJobsHeaders = (userAgent: string | null): Readonly<Record<string, string>> =>
  userAgent === null ? { accept: "application/json" } : { accept: "application/json", "user-agent": userAgent }

/**
 * The `Authorization` header's value for a key: Sutro reads `Key <key>`, not `Bearer <key>`.
 *
 * @since 0.1.0
 * @category requests
 */
export const authorization = (key: string): string => `Key ${key}`

/**
 * The query of a list-jobs request, in order: `limit`, then `cursor` when there is one.
 *
 * @since 0.1.0
 * @category requests
 */
export const listJobsQuery = (limit: number, cursor: string | null): ReadonlyArray<readonly [string, string]> =>
  cursor === null ? [["limit", String(limit)]] : [["limit", String(limit)], ["cursor", cursor]]

/**
 * A list-jobs request's full URL as errors and spans show it: the cursor goes through `shown`
 * (a scrub that removes the key) before it is percent-encoded.
 *
 * @since 0.1.0
 * @category requests
 */
export const shownListJobsUrl = (
  url: string,
  limit: number,
  cursor: string | null,
  shown: (text: string) => string = (text) => text
): string =>
  cursor === null ? `${url}?limit=${limit}` : `${url}?limit=${limit}&cursor=${encodeURIComponent(shown(cursor))}`
