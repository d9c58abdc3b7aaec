import { describe, expect, it } from "@effect/vitest"
import { ApiErrorBody } from "@sutro-effect/core"
import * as ErrorBody from "@sutro-effect/protocol/ErrorBody"
import * as Equal from "effect/Equal"
import * as Schema from "effect/Schema"
import * as Arbitraries from "./arbitraries.js"
import { decodeUnknownResult, isFailure, isSuccess, line, success } from "./compat.js"

describe("ApiErrorBody values are the module's classes", () => {
  it("Json and NotJson instances, equal by value", () => {
    const json = ApiErrorBody.fromText(JSON.stringify({ detail: "Invalid cursor", request_id: "req_1" }))
    expect(json).toBeInstanceOf(ApiErrorBody.Json)
    expect(json).toStrictEqual(
      new ApiErrorBody.Json({ detail: "Invalid cursor", issues: [], code: undefined, requestId: "req_1" })
    )
    // Effect 3's Equal compares the `issues` arrays by reference; Effect 4's by value.
    if (line === "effect4") {
      expect(
        Equal.equals(json, ApiErrorBody.fromText(JSON.stringify({ detail: "Invalid cursor", request_id: "req_1" })))
      )
        .toBe(true)
    }
    const page = ApiErrorBody.fromText("<html><title>Bad gateway</title></html>", "text/html")
    expect(page).toBeInstanceOf(ApiErrorBody.NotJson)
    expect(page).toStrictEqual(
      new ApiErrorBody.NotJson({ contentType: "text/html", excerpt: "Bad gateway", length: 39 })
    )
    expect(Equal.equals(page, ApiErrorBody.fromText("<html><title>Bad gateway</title></html>", "text/html"))).toBe(true)
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
    const decode = decodeUnknownResult(ApiErrorBody.JsonErrorBody)
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
      expect(isSuccess(decode(body))).toBe(true)
    }
    expect(isFailure(decode({ message: 1 }))).toBe(true)
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

// The hostile bodies of `excerpt` (linear time, surrogate pairs, bounded prefix) are also tested where it
// lives: packages/protocol/test/ErrorBody.test.ts.
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

// What fromText did when it decoded with the JsonErrorBody schema: the protocol's hand check must
// give the same body for every JSON text.
const decodeJsonBody = decodeUnknownResult(ApiErrorBody.JsonErrorBody)
const issueText = (issue: ApiErrorBody.ValidationIssue): string => {
  const loc = issue.loc.filter((part) => part !== "body" || issue.loc.length === 1).join(".")
  return loc === "" ? issue.msg : `${loc}: ${issue.msg}`
}
const viaSchema = (text: string): ApiErrorBody.ApiErrorBody => {
  const parsed: unknown = JSON.parse(text)
  const none = { issues: [], code: undefined, requestId: undefined }
  if (typeof parsed === "string") return new ApiErrorBody.Json({ detail: ErrorBody.truncate(parsed, 1000), ...none })
  const decoded = decodeJsonBody(parsed)
  if (isFailure(decoded)) return new ApiErrorBody.Json({ detail: ApiErrorBody.excerpt(text), ...none })
  const body = success(decoded)
  let detail: string | undefined
  let issues: ReadonlyArray<ApiErrorBody.ValidationIssue> = []
  if (typeof body.detail === "string") {
    detail = body.detail
  } else if (Array.isArray(body.detail) && body.detail.every((item) => Schema.is(ApiErrorBody.ValidationIssue)(item))) {
    issues = body.detail as ReadonlyArray<ApiErrorBody.ValidationIssue>
    detail = issues.map(issueText).join("; ")
  } else if (body.detail !== undefined && body.detail !== null) {
    detail = ApiErrorBody.excerpt(JSON.stringify(body.detail))
  }
  const text_ = detail ?? body.message
  return new ApiErrorBody.Json({
    detail: text_ === undefined ? undefined : ErrorBody.truncate(text_, 1000),
    issues,
    code: body.code === undefined ? undefined : String(body.code),
    requestId: body.request_id
  })
}

describe("ApiErrorBody.fromText reads JSON as the JsonErrorBody schema does", () => {
  // A key named __proto__ sets a prototype when a decoder assigns it: left out, as in Job.test.ts.
  const key = Arbitraries.filter(Arbitraries.string, (k) => k !== "__proto__")
  const json = Arbitraries.filter(Arbitraries.json, (u) => !JSON.stringify(u).includes("__proto__"))
  // Mostly what FastAPI sends, with every way an issue can be wrong now and then.
  const part = Arbitraries.oneOf<string | number>(Arbitraries.string, Arbitraries.integer)
  const loc = Arbitraries.weighted<unknown>(
    [Arbitraries.array(part, { maxLength: 3 }), 4],
    [Arbitraries.array(Arbitraries.oneOf<unknown>(part, Arbitraries.constantFrom(null)), { minLength: 1 }), 1],
    [Arbitraries.constantFrom("body"), 1]
  )
  const issue = Arbitraries.record({
    loc,
    msg: Arbitraries.weighted<unknown>([Arbitraries.string, 4], [Arbitraries.integer, 1]),
    type: Arbitraries.weighted<unknown>([Arbitraries.string, 3], [Arbitraries.constantFrom(null), 1]),
    input: json
  }, ["msg"])
  const scalar = Arbitraries.oneOf<unknown>(
    Arbitraries.string,
    Arbitraries.integer,
    Arbitraries.boolean,
    Arbitraries.constantFrom(null)
  )
  const body = Arbitraries.map(
    Arbitraries.record({
      detail: Arbitraries.weighted<unknown>(
        [Arbitraries.string, 1],
        [Arbitraries.array(issue, { maxLength: 3 }), 3],
        [json, 1],
        [scalar, 1]
      ),
      message: scalar,
      code: scalar,
      request_id: scalar,
      extra: Arbitraries.dictionary(key, json, { maxKeys: 2 })
    }, []),
    ({ extra, ...known }) => ({ ...extra, ...known })
  )
  const text = Arbitraries.oneOf<string>(
    Arbitraries.map(body, (b) => JSON.stringify(b)),
    Arbitraries.map(json, (u) => JSON.stringify(u)),
    // JSON.parse reads 1e999 as Infinity: no JSON value, but a number for an issue's loc or a code.
    Arbitraries.map(body, (b) => JSON.stringify(b).replace(/(?<=[:\[,])(-?\d+)(?=[,\]}])/, "$1e999"))
  )

  it.prop("on any JSON error body", [text], ([t]) => {
    expect(ApiErrorBody.fromText(t)).toStrictEqual(viaSchema(t))
  }, Arbitraries.runs(2000))

  it("on the shapes at the edges of the schema", () => {
    for (
      const t of [
        "null",
        "5",
        "[1,2]",
        `{"detail": []}`,
        `{"detail": 1e999}`,
        `{"detail": [{"msg": "m", "loc": [1e999]}]}`,
        `{"detail": [{"msg": "m"}, 1e999]}`,
        `{"detail": [{"msg": "m", "type": null}]}`,
        `{"detail": "d", "code": 1e999}`,
        `{"message": null}`
      ]
    ) {
      expect(ApiErrorBody.fromText(t)).toStrictEqual(viaSchema(t))
    }
  })
})
// @generated by scripts/one-source.mjs from packages/effect4/core/test/ApiErrorBody.test.ts: edit that file, then run `pnpm one-source`
