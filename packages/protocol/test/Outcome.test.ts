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

  it("formatPath reads like code", () => {
    expect(Outcome.formatPath(["jobs", 0, "status"])).toBe("jobs[0].status")
    expect(Outcome.formatPath([{ key: "jobs" }, { key: 1 }])).toBe("jobs[1]")
    expect(Outcome.formatPath([])).toBe("(root)")
  })
})
