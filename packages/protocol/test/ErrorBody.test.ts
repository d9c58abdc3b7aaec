import { describe, expect, it } from "vitest"
import * as ErrorBody from "../src/ErrorBody.js"

const json = (
  detail: string | undefined,
  rest: Partial<{ issues: ReadonlyArray<ErrorBody.ValidationIssue>; code: string; requestId: string }> = {}
): ErrorBody.Parsed => ({
  _tag: "Json",
  detail,
  issues: rest.issues ?? [],
  code: rest.code,
  requestId: rest.requestId
})

describe("ErrorBody.parse", () => {
  it("reads a FastAPI detail string", () => {
    const body = ErrorBody.parse(
      JSON.stringify({ detail: "Direct Sutro Batch API access is no longer supported" }),
      "application/json"
    )
    expect(body).toStrictEqual(json("Direct Sutro Batch API access is no longer supported"))
    expect(ErrorBody.summary(body)).toBe("Direct Sutro Batch API access is no longer supported")
  })

  it("reads a FastAPI 422 detail list, names each location and keeps only loc, msg and type", () => {
    const body = ErrorBody.parse(JSON.stringify({
      detail: [
        {
          type: "less_than_equal",
          loc: ["query", "limit"],
          msg: "Input should be less than or equal to 100",
          input: "101",
          ctx: { le: 100 }
        },
        { type: "missing", loc: ["header", "authorization"], msg: "Field required", input: null },
        { msg: "no location" },
        { loc: ["body"], msg: "the body alone" },
        { loc: ["body", "items", 0], msg: "in the body" }
      ]
    }))
    expect(body).toStrictEqual(json(
      "query.limit: Input should be less than or equal to 100; header.authorization: Field required; no location; " +
        "body: the body alone; items.0: in the body",
      {
        issues: [
          { loc: ["query", "limit"], msg: "Input should be less than or equal to 100", type: "less_than_equal" },
          { loc: ["header", "authorization"], msg: "Field required", type: "missing" },
          { loc: [], msg: "no location" },
          { loc: ["body"], msg: "the body alone" },
          { loc: ["body", "items", 0], msg: "in the body" }
        ]
      }
    ))
  })

  it("reads code and request_id of newer endpoints", () => {
    const body = ErrorBody.parse(
      JSON.stringify({ detail: "Invalid cursor", code: "invalid_cursor", request_id: "req_1" })
    )
    expect(body).toStrictEqual(json("Invalid cursor", { code: "invalid_cursor", requestId: "req_1" }))
    expect(ErrorBody.summary(body)).toBe("Invalid cursor (code invalid_cursor)")
    expect(ErrorBody.parse(JSON.stringify({ detail: "Slow down", code: 429 }))).toStrictEqual(
      json("Slow down", { code: "429" })
    )
  })

  it("reads the old {message} shape, and prefers detail to message", () => {
    expect(ErrorBody.parse(JSON.stringify({ message: "Unauthorized" }))).toStrictEqual(json("Unauthorized"))
    expect(ErrorBody.parse(JSON.stringify({ detail: "d", message: "m" }))).toStrictEqual(json("d"))
    expect(ErrorBody.parse(JSON.stringify({ detail: null, message: "m" }))).toStrictEqual(json("m"))
  })

  it("keeps an unexpected detail readable", () => {
    expect(ErrorBody.parse(JSON.stringify({ detail: { reason: "quota", limit: 5 } }))).toStrictEqual(
      json(`{"reason":"quota","limit":5}`)
    )
    expect(ErrorBody.parse(JSON.stringify({ detail: [1, "two"] }))).toStrictEqual(json(`[1,"two"]`))
    expect(ErrorBody.parse(JSON.stringify({ detail: 42 }))).toStrictEqual(json("42"))
    expect(ErrorBody.parse(JSON.stringify({ detail: false }))).toStrictEqual(json("false"))
  })

  it("reads a list holding anything but issues as plain JSON", () => {
    const table: ReadonlyArray<readonly [unknown, string]> = [
      [[{ msg: "m" }, 1], `[{"msg":"m"},1]`],
      [[{ msg: 1 }], `[{"msg":1}]`],
      [[{ msg: "m", type: null }], `[{"msg":"m","type":null}]`],
      [[{ msg: "m", loc: "body" }], `[{"msg":"m","loc":"body"}]`],
      [[{ msg: "m", loc: [null] }], `[{"msg":"m","loc":[null]}]`]
    ]
    for (const [detail, text] of table) expect(ErrorBody.parse(JSON.stringify({ detail }))).toStrictEqual(json(text))
    expect(ErrorBody.parse(JSON.stringify({ detail: [] }))).toStrictEqual(json(""))
  })

  it("a JSON body of another shape is JSON with an excerpt of the text as its detail", () => {
    const table: ReadonlyArray<string> = [
      "null",
      "5",
      "true",
      "[1,2]",
      `{"message": null}`,
      `{"message": 5}`,
      `{"code": null}`,
      `{"code": true}`,
      `{"request_id": 7}`,
      // JSON.parse reads 1e999 as Infinity, which is no JSON value.
      `{"detail": 1e999}`,
      `{"detail": {"a": [1e999]}}`,
      `{"detail": [{"msg": "m"}, 1e999]}`
    ]
    for (const text of table) expect([text, ErrorBody.parse(text)]).toStrictEqual([text, json(ErrorBody.excerpt(text))])
    // ...but an issue's location may hold any number, and a code any number too.
    expect(ErrorBody.parse(`{"detail": [{"msg": "m", "loc": [1e999]}]}`)).toStrictEqual(
      json("Infinity: m", { issues: [{ loc: [Infinity], msg: "m" }] })
    )
    expect(ErrorBody.parse(`{"detail": "d", "code": 1e999}`)).toStrictEqual(json("d", { code: "Infinity" }))
  })

  it("ignores keys it does not know, and a JSON string is its own detail", () => {
    expect(ErrorBody.parse(JSON.stringify({ error: "x", detail: "d", extra: [1e9] }))).toStrictEqual(json("d"))
    expect(ErrorBody.parse(JSON.stringify({}))).toStrictEqual(json(undefined))
    expect(ErrorBody.summary(json(undefined))).toBe("no detail given")
    expect(ErrorBody.parse(JSON.stringify("just text"))).toStrictEqual(json("just text"))
    expect(ErrorBody.parse(JSON.stringify("s".repeat(5000)))).toStrictEqual(json("s".repeat(999) + "…"))
  })

  it("tells a Cloudflare HTML page apart and keeps its title", () => {
    const html = `<!DOCTYPE html><html><head><title>api.sutro.sh | 524: A timeout occurred</title>
      <style>body{}</style></head><body><h1>A timeout occurred</h1><p>Cloudflare Ray ID: 8f1</p></body></html>`
    const body = ErrorBody.parse(html, "text/html; charset=UTF-8")
    expect(body).toStrictEqual({
      _tag: "NotJson",
      contentType: "text/html; charset=UTF-8",
      excerpt: "api.sutro.sh | 524: A timeout occurred",
      length: html.length
    })
    expect(ErrorBody.summary(body)).toBe(
      `non-JSON body (text/html; charset=UTF-8): "api.sutro.sh | 524: A timeout occurred"`
    )
  })

  it("tells truncated JSON and empty bodies apart", () => {
    expect(ErrorBody.parse(`{"detail": "Inval`)._tag).toBe("NotJson")
    expect(ErrorBody.summary(ErrorBody.parse(""))).toBe("empty body")
    expect(ErrorBody.summary(ErrorBody.parse("oops"))).toBe(`non-JSON body (no content type): "oops"`)
  })

  it("shortens long plain text to one line", () => {
    const body = ErrorBody.parse("upstream connect error\n".repeat(50), "text/plain")
    if (body._tag !== "NotJson") throw new Error("expected NotJson")
    expect(body.excerpt.length).toBeLessThanOrEqual(200)
    expect(body.excerpt).not.toContain("\n")
    expect(body.length).toBe(23 * 50)
  })

  it("a 1 MB JSON detail becomes a bounded one", () => {
    const body = ErrorBody.parse(JSON.stringify({ detail: "d".repeat(1 << 20) }))
    expect(body._tag === "Json" && body.detail?.length).toBe(ErrorBody.maxDetail)
    expect(ErrorBody.maxDetail).toBe(1000)
  })
})

describe("ErrorBody.isValidationIssue", () => {
  it("accepts an issue with its location, and nothing else", () => {
    for (const u of [{ loc: [], msg: "m" }, { loc: ["a", 1], msg: "m", type: "t" }, { loc: [], msg: "m", x: 1 }]) {
      expect(ErrorBody.isValidationIssue(u)).toBe(true)
    }
    for (
      const u of [null, "m", [], { msg: "m" }, { loc: [], msg: 1 }, { loc: [null], msg: "m" }, {
        loc: [],
        msg: "m",
        type: 1
      }]
    ) {
      expect(ErrorBody.isValidationIssue(u)).toBe(false)
    }
  })
})

describe("ErrorBody.truncate", () => {
  it("cuts to the limit with an ellipsis, never inside a surrogate pair", () => {
    expect(ErrorBody.truncate("abc", 3)).toBe("abc")
    expect(ErrorBody.truncate("abcd", 3)).toBe("ab…")
    expect(ErrorBody.truncate("a😀b", 3)).toBe("a…")
    expect(ErrorBody.truncate("ab😀", 4)).toBe("ab😀")
  })
})

describe("ErrorBody.excerpt on hostile bodies", () => {
  const MB = 1 << 20

  it("reads 1 MB of `<` as text, cut to 200 characters", () => {
    expect(ErrorBody.excerpt("<".repeat(MB))).toBe("<".repeat(199) + "…")
  })

  it("finds no title in repeated `<title` without `>`, and keeps the text", () => {
    const out = ErrorBody.excerpt("<title".repeat(MB / 6))
    expect(out).toBe(("<title".repeat(40)).slice(0, 199) + "…")
  })

  it("keeps an unclosed tag's text and strips closed ones", () => {
    expect(ErrorBody.excerpt("<b>bold</b> <div class=\"x" + "a".repeat(MB))).toBe(
      ("bold <div class=\"x" + "a".repeat(200)).slice(0, 199) + "…"
    )
  })

  it("reads only a bounded prefix: deep nesting ends in nothing, a late title is not found", () => {
    // 8192 characters hold 1638 whole `<div>` tags and the start of the next one.
    expect(ErrorBody.excerpt("<div>".repeat(200_000) + "deep" + "</div>".repeat(200_000))).toBe("<d")
    const late = "x ".repeat(ErrorBody.excerptScanLength) + "<title>late</title>"
    expect(ErrorBody.excerpt(late)).not.toContain("late")
    expect(ErrorBody.excerptScanLength).toBe(8192)
  })

  it("skips script and style elements, and many unclosed ones stay linear and readable", () => {
    expect(ErrorBody.excerpt("<script>var key = 1</script><p>Bad gateway</p><style>p{}</style>")).toBe(
      "Bad gateway"
    )
    expect(ErrorBody.excerpt("<script>x".repeat(MB / 9))).toBe(("x ".repeat(100)).trim().slice(0, 199) + "…")
  })

  it("never cuts a surrogate pair in multi-byte text", () => {
    for (const text of ["😀".repeat(MB / 2), "a" + "😀".repeat(MB / 2), "日本語のエラー".repeat(MB / 7)]) {
      const out = ErrorBody.excerpt(text)
      expect(out.length).toBeLessThanOrEqual(200)
      expect(out.endsWith("…")).toBe(true)
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
    }
  })

  it("decodes &nbsp; and &amp;, folds whitespace and honours a shorter limit", () => {
    expect(ErrorBody.excerpt("<p>Bad&nbsp;gateway &amp; more</p>\n\n  <p>x</p>")).toBe("Bad gateway & more x")
    expect(ErrorBody.excerpt("abcdefghij", 5)).toBe("abcd…")
  })
})
