import { describe, expect, it } from "vitest"
import * as ErrorText from "../src/ErrorText.js"

describe("ErrorText", () => {
  it("the context suffix names what is known, in a fixed order", () => {
    expect(ErrorText.suffix({})).toBe("")
    expect(ErrorText.suffix({ status: 503, requestId: "r1", attempts: 1, cursor: "c2" })).toBe(
      " [status 503, request id r1, 1 attempt, cursor c2]"
    )
    expect(ErrorText.suffix({ attempts: 5 })).toBe(" [5 attempts]")
  })

  it("seconds for a person", () => {
    expect(ErrorText.seconds(2000)).toBe("2 s")
    expect(ErrorText.seconds(1500)).toBe("1.5 s")
    expect(ErrorText.seconds(40)).toBe("0.04 s")
  })

  it.each([
    [
      ErrorText.authentication({ status: 403, detail: "no" }),
      "Sutro refused access with this API key (403 Forbidden): no. Check SUTRO_API_KEY (or the apiKey option) and that the key belongs to the deployment at SUTRO_API_URL. [status 403]"
    ],
    [
      ErrorText.configuration({ reason: "Gone", detail: "moved", url: "https://x/list-jobs", status: 410 }),
      "This Sutro endpoint is gone (https://x/list-jobs): moved. Set SUTRO_API_URL (or baseUrl) to your deployment's URL, such as https://<deployment>/v1. [status 410]"
    ],
    [
      ErrorText.configuration({ reason: "MissingApiKey", detail: "the API key is blank" }),
      "No Sutro API key: the API key is blank. Set SUTRO_API_KEY or pass the apiKey option."
    ],
    [
      ErrorText.invalidRequest({ detail: "bad", parameter: "limit" }),
      "Invalid request (limit): bad."
    ],
    [
      ErrorText.rateLimit({ status: 429, retryAfterMillis: 3_600_000, maxRetryAfterMillis: 60_000, attempts: 1 }),
      "Sutro is rate limiting requests (429). The server asked to wait 3600 s, longer than the retry policy's maxRetryAfter of 60 s. Try again later or raise maxRetryAfter. [status 429, 1 attempt]"
    ],
    [
      ErrorText.server({ status: 522, detail: "timed out", retryAfterMillis: 1500 }),
      "Sutro failed to answer (522): timed out. The server asked to wait 1.5 s. [status 522]"
    ],
    [ErrorText.transport({ detail: "reset", url: "https://x" }), "Could not reach Sutro at https://x: reset."],
    [ErrorText.timeout({ timeoutMillis: 3000 }), "Sutro did not answer within 3 s."],
    [
      ErrorText.decode({
        kind: "NotJson",
        detail: "Unexpected token",
        contentType: "text/html",
        excerpt: "Bad gateway"
      }),
      "Sutro's response is not valid JSON (text/html): Unexpected token; body starts: \"Bad gateway\"."
    ],
    [
      ErrorText.decode({ kind: "TooLarge", detail: "Content-Length is 20 bytes", limitBytes: 10 }),
      "Sutro's response is larger than the client's maxResponseBytes of 10 bytes (Content-Length is 20 bytes). If responses this large are expected, raise the maxResponseBytes option of the client or of the call."
    ],
    [
      ErrorText.decode({ kind: "Encoding", detail: "unknown Content-Encoding \"lzma\"" }),
      "Sutro's response could not be decoded: unknown Content-Encoding \"lzma\". The body's Content-Encoding is unknown to the client or its compressed data is corrupt; not retried."
    ],
    [ErrorText.pagination({ detail: "led back", pages: 1 }), "Pagination stopped after 1 page: led back."]
  ])("%s", (actual, expected) => {
    expect(actual).toBe(expected)
  })
})
