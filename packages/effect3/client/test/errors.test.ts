import { describe, expect, it } from "@effect/vitest"
import * as Secrets from "@sutro-effect/protocol/Secrets"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as decoders from "../src/internal/decode.js"
import * as errors from "../src/internal/errors.js"
import { flip, getOrThrow, platformErrors, succeed } from "./compat.js"

// The mapping from what came back to a SutroError, as pure functions: no client, no HTTP.

const url = "https://api.sutro.sh/list-jobs"
const now = Date.UTC(2024, 5, 1)
const none: errors.Scrub = (text) => text
const received = (status: number, text: string, headers: Record<string, string> = {}): errors.Received => ({
  status,
  headers,
  text
})
const fastapi = (detail: string) => JSON.stringify({ detail })
const cloudflare = "<html><head><title>api.sutro.sh | 522: Connection timed out</title></head><body>…</body></html>"

describe("errors.fromStatus: a table of statuses and bodies", () => {
  const table: ReadonlyArray<[number, string, Record<string, string>, Record<string, unknown>]> = [
    [401, fastapi("Invalid API key"), {}, { _tag: "AuthenticationError", detail: "Invalid API key" }],
    [403, fastapi("Forbidden"), { "x-request-id": "req_1" }, { _tag: "AuthenticationError", requestId: "req_1" }],
    [404, fastapi("Not Found"), {}, { _tag: "ConfigurationError", reason: "NotFound", url }],
    [410, fastapi("Direct access is no longer supported"), {}, { _tag: "ConfigurationError", reason: "Gone" }],
    [400, fastapi("Invalid cursor"), {}, { _tag: "InvalidRequestError", detail: "Invalid cursor" }],
    [
      422,
      JSON.stringify({ detail: [{ loc: ["query", "limit"], msg: "Input should be less than or equal to 100" }] }),
      {},
      { _tag: "InvalidRequestError", detail: "query.limit: Input should be less than or equal to 100" }
    ],
    [429, fastapi("Slow down"), { "retry-after": "3" }, { _tag: "RateLimitError", retryAfterMillis: 3000 }],
    [429, "", { "retry-after-ms": "1500", "retry-after": "9" }, { _tag: "RateLimitError", retryAfterMillis: 1500 }],
    [408, "", {}, { _tag: "ServerError", status: 408 }],
    [500, fastapi("Internal Server Error"), {}, { _tag: "ServerError", detail: "Internal Server Error" }],
    [503, "", { "retry-after": "Sat, 01 Jun 2024 00:00:02 GMT" }, { _tag: "ServerError", retryAfterMillis: 2000 }],
    [
      522,
      cloudflare,
      { "content-type": "text/html" },
      {
        _tag: "ServerError",
        contentType: "text/html",
        detail: `non-JSON body (text/html): "api.sutro.sh | 522: Connection timed out"`
      }
    ],
    [304, "", {}, { _tag: "ServerError", detail: "unexpected status 304: empty body" }]
  ]
  for (const [status, body, headers, expected] of table) {
    it(`${status} ${body.slice(0, 30)} -> ${expected._tag}`, () => {
      expect(errors.fromStatus(received(status, body, headers), url, now, none)).toMatchObject({ status, ...expected })
    })
  }

  it("scrubs the key out of every server text before it enters the error", () => {
    const scrub = Secrets.scrubberFor("sk_secret")
    const error = errors.fromStatus(
      received(401, fastapi("bad Key sk_secret"), { "x-request-id": "sk_secret", "content-type": "sk_secret" }),
      url,
      now,
      scrub
    )
    expect(error).toMatchObject({ detail: "bad Key [redacted]", requestId: "[redacted]" })
  })
})

describe("errors.decodeBody", () => {
  it("decodes a page", () => {
    const page = errors.decodeBody(received(200, `{"jobs":[],"next_cursor":null}`), decoders.page, none)
    expect(page).toStrictEqual(succeed({ jobs: [], next_cursor: null }))
  })

  it("tells an empty body, truncated JSON and an HTML page apart", () => {
    const decode = (text: string, headers: Record<string, string> = {}) =>
      getOrThrow(flip(errors.decodeBody(received(200, text, headers), decoders.page, none)))
    expect(decode("")).toMatchObject({ kind: "NotJson", detail: "the body is empty" })
    expect(decode(`{"jobs": [`)).toMatchObject({ kind: "NotJson", excerpt: `{"jobs": [` })
    expect(decode(cloudflare, { "content-type": "text/html" })).toMatchObject({
      kind: "NotJson",
      contentType: "text/html",
      excerpt: "api.sutro.sh | 522: Connection timed out"
    })
  })

  it("names the path of a schema mismatch", () => {
    const error = flip(
      errors.decodeBody(received(200, `{"jobs":{},"next_cursor":null}`), decoders.page, none)
    )
    expect(getOrThrow(error)).toMatchObject({ kind: "Schema", detail: expect.stringMatching(/^at jobs: /) })
  })

  it("names an index in the path as [i] and a field after it with a dot", () => {
    const body = JSON.stringify({ jobs: [{ job_id: 42 }], next_cursor: null })
    const error = getOrThrow(flip(errors.decodeBody(received(200, body), decoders.page, none)))
    expect(error.detail).toMatch(/^at jobs\[0\]\.\w+: /)
  })
})

describe("errors.fromHttpClientError: each kind of platform error", () => {
  const cause = new Error("socket hang up near sk_secret")
  const errorsOf = platformErrors(url, cause)
  const table: Array<[string, HttpClientError.HttpClientError, Record<string, unknown>]> = [
    ["Transport", errorsOf.Transport, { _tag: "TransportError", detail: "socket hang up near [redacted]", url }],
    ["Encode", errorsOf.Encode, { _tag: "TransportError", detail: "socket hang up near [redacted]" }],
    [
      "InvalidUrl",
      platformErrors(url, new Error("Invalid URL sk_secret")).InvalidUrl,
      { _tag: "ConfigurationError", reason: "InvalidBaseUrl", detail: "Invalid URL [redacted]" }
    ],
    [
      "Decode",
      errorsOf.Decode,
      { _tag: "TransportError", status: 200, detail: "the response body was cut off: socket hang up near [redacted]" }
    ],
    [
      "EmptyBody",
      errorsOf.EmptyBody,
      { _tag: "TransportError", status: 200, detail: expect.stringMatching(/^the response body was cut off: /) }
    ],
    ["StatusCode", errorsOf.StatusCode, { _tag: "TransportError", status: 200 }]
  ]
  const coded = (message: string, code: string) => Object.assign(new Error(message), { code })
  table.push(
    [
      "Transport: a refused certificate",
      platformErrors(url, coded("certificate has expired", "CERT_HAS_EXPIRED")).Transport,
      {
        _tag: "TransportError",
        reason: "Certificate",
        code: "CERT_HAS_EXPIRED",
        detail: expect.stringMatching(/^the server's TLS certificate was refused \(the certificate has expired; /)
      }
    ],
    [
      "Transport: a reset",
      platformErrors(url, coded("read ECONNRESET", "ECONNRESET")).Transport,
      { _tag: "TransportError", reason: "ConnectionClosed", code: "ECONNRESET", detail: "read ECONNRESET" }
    ],
    [
      "Transport: refused",
      platformErrors(url, coded("connect ECONNREFUSED", "ECONNREFUSED")).Transport,
      { _tag: "TransportError", code: "ECONNREFUSED", detail: "connect ECONNREFUSED" }
    ]
  )
  for (const [name, platformError, expected] of table) {
    it(`${name} -> ${expected._tag}`, () => {
      const error = errors.fromHttpClientError(platformError, url, Secrets.scrubberFor("sk_secret"))
      expect(error).toMatchObject(expected)
      expect(JSON.stringify(error)).not.toContain("sk_secret")
    })
  }
})

describe("Secrets.scrubberFor", () => {
  it("removes the key as sent, URL-encoded and JSON-escaped, and leaves other text alone", () => {
    const scrub = Secrets.scrubberFor("sk/a+b\"c")
    expect(scrub(`Key sk/a+b"c | sk%2Fa%2Bb%22c | sk/a+b\\"c | sk/a`)).toBe(
      "Key [redacted] | [redacted] | [redacted] | sk/a"
    )
  })
})
// @generated by scripts/one-source.mjs from packages/effect4/client/test/errors.test.ts: edit that file, then run `pnpm one-source`
