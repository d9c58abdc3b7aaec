import { describe, expect, it } from "@effect/vitest"
import { ApiErrorBody } from "@sutro-effect/core"
import * as Equal from "effect/Equal"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

describe("ApiErrorBody values are the module's classes", () => {
  it("Json and NotJson instances, equal by value", () => {
    const json = ApiErrorBody.fromText(JSON.stringify({ detail: "Invalid cursor", request_id: "req_1" }))
    expect(json).toBeInstanceOf(ApiErrorBody.Json)
    expect(json).toStrictEqual(
      new ApiErrorBody.Json({ detail: "Invalid cursor", issues: [], code: undefined, requestId: "req_1" })
    )
    expect(Equal.equals(json, ApiErrorBody.fromText(JSON.stringify({ detail: "Invalid cursor", request_id: "req_1" }))))
      .toBe(true)
    const page = ApiErrorBody.fromText("<html><title>Bad gateway</title></html>", "text/html")
    expect(page).toBeInstanceOf(ApiErrorBody.NotJson)
    expect(page).toStrictEqual(
      new ApiErrorBody.NotJson({ contentType: "text/html", excerpt: "Bad gateway", length: 39 })
    )
  })

  it("a 422's issues decode with the ValidationIssue schema", () => {
    const body = ApiErrorBody.fromText(JSON.stringify({ detail: [{ loc: ["query", "limit"], msg: "too big" }] }))
    if (body._tag !== "Json") throw new Error("expected JSON")
    expect(body.issues).toStrictEqual([{ loc: ["query", "limit"], msg: "too big" }])
    expect(Schema.decodeUnknownSync(ApiErrorBody.ValidationIssue)(body.issues[0])).toStrictEqual(body.issues[0])
    expect(Schema.decodeUnknownSync(ApiErrorBody.ValidationIssue)({ msg: "no loc" })).toStrictEqual({
      loc: [],
      msg: "no loc"
    })
  })

  it("JsonErrorBody accepts every documented shape and refuses a wrong type", () => {
    const decode = Schema.decodeUnknownResult(ApiErrorBody.JsonErrorBody)
    for (
      const body of [
        { detail: "x" },
        { detail: [{ loc: ["body"], msg: "m", type: "t" }] },
        { detail: { reason: "quota" } },
        { message: "Unauthorized" },
        { detail: "x", code: 3, request_id: "r" },
        {}
      ]
    ) {
      expect(Result.isSuccess(decode(body))).toBe(true)
    }
    expect(Result.isFailure(decode({ message: 1 }))).toBe(true)
  })
})

describe("ApiErrorBody.fromText", () => {
  it("reads a FastAPI detail string", () => {
    const body = ApiErrorBody.fromText(
      JSON.stringify({ detail: "Direct Sutro Batch API access is no longer supported" }),
      "application/json"
    )
    expect(body._tag).toBe("Json")
    expect(ApiErrorBody.summary(body)).toBe("Direct Sutro Batch API access is no longer supported")
  })

  it("reads a FastAPI 422 detail list and names each location", () => {
    const body = ApiErrorBody.fromText(JSON.stringify({
      detail: [
        {
          type: "less_than_equal",
          loc: ["query", "limit"],
          msg: "Input should be less than or equal to 100",
          input: "101",
          ctx: { le: 100 }
        },
        { type: "missing", loc: ["header", "authorization"], msg: "Field required", input: null }
      ]
    }))
    if (body._tag !== "Json") throw new Error("expected JSON")
    expect(body.issues).toHaveLength(2)
    expect(body.detail).toBe(
      "query.limit: Input should be less than or equal to 100; header.authorization: Field required"
    )
  })

  it("reads code and request_id of newer endpoints", () => {
    const body = ApiErrorBody.fromText(
      JSON.stringify({ detail: "Invalid cursor", code: "invalid_cursor", request_id: "req_1" })
    )
    if (body._tag !== "Json") throw new Error("expected JSON")
    expect(body.code).toBe("invalid_cursor")
    expect(body.requestId).toBe("req_1")
    expect(ApiErrorBody.summary(body)).toBe("Invalid cursor (code invalid_cursor)")
  })

  it("reads the old {message} shape", () => {
    const body = ApiErrorBody.fromText(JSON.stringify({ message: "Unauthorized" }))
    expect(body._tag === "Json" && body.detail).toBe("Unauthorized")
  })

  it("tells a Cloudflare HTML page apart and keeps its title", () => {
    const html = `<!DOCTYPE html><html><head><title>api.sutro.sh | 524: A timeout occurred</title>
      <style>body{}</style></head><body><h1>A timeout occurred</h1><p>Cloudflare Ray ID: 8f1</p></body></html>`
    const body = ApiErrorBody.fromText(html, "text/html; charset=UTF-8")
    if (body._tag !== "NotJson") throw new Error("expected NotJson")
    expect(body.excerpt).toBe("api.sutro.sh | 524: A timeout occurred")
    expect(ApiErrorBody.summary(body)).toBe(
      `non-JSON body (text/html; charset=UTF-8): "api.sutro.sh | 524: A timeout occurred"`
    )
  })

  it("tells truncated JSON and empty bodies apart", () => {
    expect(ApiErrorBody.fromText(`{"detail": "Inval`)._tag).toBe("NotJson")
    expect(ApiErrorBody.summary(ApiErrorBody.fromText(""))).toBe("empty body")
  })

  it("keeps an unexpected detail readable", () => {
    const body = ApiErrorBody.fromText(JSON.stringify({ detail: { reason: "quota", limit: 5 } }))
    expect(body._tag === "Json" && body.detail).toBe(`{"reason":"quota","limit":5}`)
  })

  it("shortens long plain text to one line", () => {
    const body = ApiErrorBody.fromText("upstream connect error\n".repeat(50), "text/plain")
    if (body._tag !== "NotJson") throw new Error("expected NotJson")
    expect(body.excerpt.length).toBeLessThanOrEqual(200)
    expect(body.excerpt).not.toContain("\n")
  })
})

describe("ApiErrorBody.excerpt on hostile bodies", () => {
  const MB = 1 << 20

  it("reads 1 MB of `<` as text, cut to 200 characters", () => {
    expect(ApiErrorBody.excerpt("<".repeat(MB))).toBe("<".repeat(199) + "…")
  })

  it("finds no title in repeated `<title` without `>`, and keeps the text", () => {
    const out = ApiErrorBody.excerpt("<title".repeat(MB / 6))
    expect(out).toBe(("<title".repeat(40)).slice(0, 199) + "…")
  })

  it("keeps an unclosed tag's text and strips closed ones", () => {
    expect(ApiErrorBody.excerpt("<b>bold</b> <div class=\"x" + "a".repeat(MB))).toBe(
      ("bold <div class=\"x" + "a".repeat(200)).slice(0, 199) + "…"
    )
  })

  it("reads only a bounded prefix: deep nesting ends in nothing, a late title is not found", () => {
    // 8192 characters hold 1638 whole `<div>` tags and the start of the next one.
    expect(ApiErrorBody.excerpt("<div>".repeat(200_000) + "deep" + "</div>".repeat(200_000))).toBe("<d")
    const late = "x ".repeat(ApiErrorBody.excerptScanLength) + "<title>late</title>"
    expect(ApiErrorBody.excerpt(late)).not.toContain("late")
  })

  it("skips script and style elements, and many unclosed ones stay linear and readable", () => {
    expect(ApiErrorBody.excerpt("<script>var key = 1</script><p>Bad gateway</p><style>p{}</style>")).toBe(
      "Bad gateway"
    )
    expect(ApiErrorBody.excerpt("<script>x".repeat(MB / 9))).toBe(("x ".repeat(100)).trim().slice(0, 199) + "…")
  })

  it("never cuts a surrogate pair in multi-byte text", () => {
    for (const text of ["😀".repeat(MB / 2), "a" + "😀".repeat(MB / 2), "日本語のエラー".repeat(MB / 7)]) {
      const out = ApiErrorBody.excerpt(text)
      expect(out.length).toBeLessThanOrEqual(200)
      expect(out.endsWith("…")).toBe(true)
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
    }
  })

  it("a 1 MB JSON detail becomes a bounded one", () => {
    const body = ApiErrorBody.fromText(JSON.stringify({ detail: "d".repeat(MB) }))
    expect(body._tag === "Json" && body.detail?.length).toBe(1000)
  })
})
