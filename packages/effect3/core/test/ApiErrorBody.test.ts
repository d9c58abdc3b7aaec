import { describe, expect, it } from "@effect/vitest"
import { ApiErrorBody } from "@sutro-effect/core"
import * as ErrorBody from "@sutro-effect/protocol/ErrorBody"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"

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

// The hostile bodies of `excerpt` (linear time, surrogate pairs, bounded prefix) are tested where it
// lives: packages/protocol/test/ErrorBody.test.ts.
describe("ApiErrorBody.excerpt", () => {
  it("reads only a bounded prefix: deep nesting ends in nothing, a late title is not found", () => {
    expect(ApiErrorBody.excerpt("<div>".repeat(200_000) + "deep" + "</div>".repeat(200_000))).toBe("<d")
    const late = "x ".repeat(ApiErrorBody.excerptScanLength) + "<title>late</title>"
    expect(ApiErrorBody.excerpt(late)).not.toContain("late")
  })

  it("a 1 MB JSON detail becomes a bounded one", () => {
    const body = ApiErrorBody.fromText(JSON.stringify({ detail: "d".repeat(1 << 20) }))
    expect(body._tag === "Json" && body.detail?.length).toBe(1000)
  })
})

// What fromText did when it decoded with the JsonErrorBody schema: the protocol's hand check must
// give the same body for every JSON text.
const decodeJsonBody = Schema.decodeUnknownEither(ApiErrorBody.JsonErrorBody)
const issueText = (issue: ApiErrorBody.ValidationIssue): string => {
  const loc = issue.loc.filter((part) => part !== "body" || issue.loc.length === 1).join(".")
  return loc === "" ? issue.msg : `${loc}: ${issue.msg}`
}
const viaSchema = (text: string): ApiErrorBody.ApiErrorBody => {
  const parsed: unknown = JSON.parse(text)
  const none = { issues: [], code: undefined, requestId: undefined }
  if (typeof parsed === "string") return new ApiErrorBody.Json({ detail: ErrorBody.truncate(parsed, 1000), ...none })
  const decoded = decodeJsonBody(parsed)
  if (Either.isLeft(decoded)) return new ApiErrorBody.Json({ detail: ApiErrorBody.excerpt(text), ...none })
  const body = decoded.right
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
  const key = FastCheck.string().filter((k) => k !== "__proto__")
  const json = FastCheck.jsonValue().filter((u) => !JSON.stringify(u).includes("__proto__"))
  // Mostly what FastAPI sends, with every way an issue can be wrong now and then.
  const part = FastCheck.oneof(FastCheck.string(), FastCheck.integer())
  const loc = FastCheck.oneof(
    { arbitrary: FastCheck.array(part, { maxLength: 3 }), weight: 4 },
    { arbitrary: FastCheck.array(FastCheck.oneof(part, FastCheck.constant(null)), { minLength: 1 }), weight: 1 },
    { arbitrary: FastCheck.constant("body"), weight: 1 }
  )
  const issue = FastCheck.record({
    loc,
    msg: FastCheck.oneof({ arbitrary: FastCheck.string(), weight: 4 }, { arbitrary: FastCheck.integer(), weight: 1 }),
    type: FastCheck.oneof({ arbitrary: FastCheck.string(), weight: 3 }, {
      arbitrary: FastCheck.constant(null),
      weight: 1
    }),
    input: json
  }, { requiredKeys: ["msg"] })
  const scalar = FastCheck.oneof(FastCheck.string(), FastCheck.integer(), FastCheck.boolean(), FastCheck.constant(null))
  const body = FastCheck.record({
    detail: FastCheck.oneof(
      FastCheck.string(),
      { arbitrary: FastCheck.array(issue, { maxLength: 3 }), weight: 3 },
      json,
      scalar
    ),
    message: scalar,
    code: scalar,
    request_id: scalar,
    extra: FastCheck.dictionary(key, json, { maxKeys: 2 })
  }, { requiredKeys: [] }).map(({ extra, ...known }) => ({ ...extra, ...known }))
  const text = FastCheck.oneof(
    body.map((b) => JSON.stringify(b)),
    json.map((u) => JSON.stringify(u)),
    // JSON.parse reads 1e999 as Infinity: no JSON value, but a number for an issue's loc or a code.
    body.map((b) => JSON.stringify(b).replace(/(?<=[:\[,])(-?\d+)(?=[,\]}])/, "$1e999"))
  )

  it.prop("on any JSON error body", [text], ([t]) => {
    expect(ApiErrorBody.fromText(t)).toStrictEqual(viaSchema(t))
  }, { fastCheck: { numRuns: 2000 } })

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
