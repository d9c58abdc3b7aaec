import { describe, expect, it } from "vitest"
import * as Outcome from "../src/Outcome.js"
import * as Secrets from "../src/Secrets.js"

const scrub = Secrets.scrubberFor("sk_outcome_secret")
const url = "https://api.example/list-jobs"
const received = (status: number, text: string, headers: Record<string, string> = {}) => ({ status, headers, text })

describe("Outcome.fromStatus", () => {
  it.each(
    [
      [401, "AuthenticationError"],
      [403, "AuthenticationError"],
      [404, "ConfigurationError"],
      [410, "ConfigurationError"],
      [400, "InvalidRequestError"],
      [422, "InvalidRequestError"],
      [429, "RateLimitError"],
      [408, "ServerError"],
      [500, "ServerError"],
      [501, "ServerError"],
      [522, "ServerError"],
      [302, "ServerError"]
    ] as const
  )("%s -> %s", (status, tag) => {
    expect(Outcome.fromStatus(received(status, "{\"detail\":\"x\"}"), url, 0, scrub)._tag).toBe(tag)
  })

  it("takes the server's detail, request id and wait, with the key scrubbed", () => {
    const outcome = Outcome.fromStatus(
      received(429, "{\"detail\":\"slow down, sk_outcome_secret\"}", { "retry-after": "2", "x-request-id": "r1" }),
      url,
      0,
      scrub
    )
    expect(outcome).toEqual({
      _tag: "RateLimitError",
      status: 429,
      requestId: "r1",
      detail: "slow down, [redacted]",
      retryAfterMillis: 2000
    })
  })

  it("a 410 is Gone, a 404 NotFound, both with the URL", () => {
    expect(Outcome.fromStatus(received(410, ""), url, 0, scrub)).toMatchObject({ reason: "Gone", url })
    expect(Outcome.fromStatus(received(404, ""), url, 0, scrub)).toMatchObject({ reason: "NotFound", url })
  })

  it("an HTML page from a proxy keeps its content type and title", () => {
    const outcome = Outcome.fromStatus(
      received(502, "<html><title>502 Bad Gateway</title></html>", { "content-type": "text/html" }),
      url,
      0,
      scrub
    )
    expect(outcome).toMatchObject({ _tag: "ServerError", contentType: "text/html" })
    expect(outcome.detail).toContain("502 Bad Gateway")
  })
})

describe("Outcome.fromStatus scrubs what it read from the body, after decoding it", () => {
  it("a JSON detail whose escapes spell out the key, letters included", () => {
    const body = JSON.stringify({ detail: "Key sk_outcome_secret", request_id: "req sk_outcome_secret" })
      .replace(/sk_outcome_secret/g, "\\u0073k_outcome_secret")
    for (const status of [401, 429, 500, 400, 404]) {
      const outcome = Outcome.fromStatus(received(status, body, { "content-type": "application/json" }), url, 0, scrub)
      expect(JSON.stringify(outcome)).not.toContain("sk_outcome_secret")
      expect(outcome.detail).toContain("[redacted]")
    }
    const withId = Outcome.fromStatus(received(500, body, { "content-type": "application/json" }), url, 0, scrub)
    expect(withId.requestId).toBe("req [redacted]")
  })
})

describe("Outcome for 2xx bodies", () => {
  it("notJson: an empty body says so; otherwise the parser's message and an excerpt", () => {
    expect(Outcome.notJson(received(200, ""), new SyntaxError("Unexpected end"), scrub).detail).toBe(
      "the body is empty"
    )
    const fields = Outcome.notJson(
      received(200, "<h1>sk_outcome_secret</h1>"),
      new SyntaxError("Unexpected token"),
      scrub
    )
    expect(fields).toMatchObject({ kind: "NotJson", status: 200, detail: "Unexpected token" })
    expect(fields.excerpt).toBe("[redacted]")
  })

  it("undecodable: kind Encoding, the detail scrubbed", () => {
    const fields = Outcome.undecodable(received(200, ""), "gzip data is corrupt near sk_outcome_secret", scrub)
    expect(fields).toMatchObject({ kind: "Encoding", status: 200, detail: "gzip data is corrupt near [redacted]" })
  })

  it("notJson: V8's message quotes the start of what it failed on (a cut-off key); the quote goes", () => {
    const parseError = (text: string): unknown => {
      try {
        JSON.parse(text)
      } catch (cause) {
        return cause
      }
      throw new Error("expected JSON.parse to fail")
    }
    for (const text of ["sk_outcome_secret is not a page", "Key sk_outcome_secret", "{\"a\": sk_outcome_secret}"]) {
      const cause = parseError(text)
      const fields = Outcome.notJson(received(200, text), cause, scrub)
      // The cut-off key: the first characters of the key, which a scrub for the whole key cannot see.
      expect(fields.detail).not.toMatch(/sk_out|_outco|outcome/)
      expect(fields.detail).toMatch(/^Unexpected token/)
      expect(fields.excerpt).toContain("[redacted]")
    }
    expect(Outcome.parseFailureMessage(new SyntaxError("Unexpected token 'U', \"Unauthoriz\"... is not valid JSON")))
      .toBe("Unexpected token 'U'")
    expect(Outcome.parseFailureMessage(new SyntaxError("Unexpected token 'x', ...\"tail of it\"... is not valid JSON")))
      .toBe("Unexpected token 'x'")
    expect(Outcome.parseFailureMessage(new SyntaxError("\"[object Object]\" is not valid JSON"))).toBe("not valid JSON")
    expect(Outcome.parseFailureMessage(new SyntaxError("Unterminated string in JSON at position 4")))
      .toBe("Unterminated string in JSON at position 4")
  })

  it("notJson: the excerpt is scrubbed after it decodes entities", () => {
    const fields = Outcome.notJson(received(200, "<p>sk_outcome&#95;secret</p>"), new SyntaxError("x"), scrub)
    expect(fields.excerpt).toBe("[redacted]")
  })

  it("formatPath reads like code", () => {
    expect(Outcome.formatPath(["jobs", 0, "status"])).toBe("jobs[0].status")
    expect(Outcome.formatPath([{ key: "jobs" }, { key: 1 }])).toBe("jobs[1]")
    expect(Outcome.formatPath([])).toBe("(root)")
  })
})
