import { describe, expect, it } from "@effect/vitest"
import { SutroError } from "@sutro-effect/core"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import { line } from "./compat.js"

describe("SutroError", () => {
  it("says what to do about an authentication failure, with status and request id", () => {
    const error = new SutroError.AuthenticationError({
      status: 401,
      requestId: "req_9",
      detail: "Invalid API key",
      attempts: 1
    })
    expect(error.message).toBe(
      "Sutro rejected the API key (401 Unauthorized): Invalid API key. Check SUTRO_API_KEY (or the apiKey option) " +
        "and that the key belongs to the deployment at SUTRO_API_URL. [status 401, request id req_9, 1 attempt]"
    )
    expect(error._tag).toBe("AuthenticationError")
    expect(error).toBeInstanceOf(Error)
    // Effect 4 names a schema error class after its identifier (Effect 3 after the tag).
    const name = line === "effect4" ? "@sutro-effect/core/AuthenticationError" : "AuthenticationError"
    expect(error.name).toBe(name)
    expect(String(error)).toBe(`${name}: ${error.message}`)
  })

  it("names the forbidden case apart from the rejected key", () => {
    expect(new SutroError.AuthenticationError({ status: 403 }).message).toBe(
      "Sutro refused access with this API key (403 Forbidden). Check SUTRO_API_KEY (or the apiKey option) " +
        "and that the key belongs to the deployment at SUTRO_API_URL. [status 403]"
    )
  })

  it("tells a 410 to point at the deployment", () => {
    const error = new SutroError.ConfigurationError({ reason: "Gone", status: 410, detail: "no longer supported" })
    expect(error.message).toMatch(/Set SUTRO_API_URL \(or baseUrl\) to your deployment's URL/)
  })

  it("keeps the server's wait on a rate limit, unshortened", () => {
    const error = new SutroError.RateLimitError({
      status: 429,
      retryAfterMillis: 120_000,
      maxRetryAfterMillis: 60_000,
      attempts: 1
    })
    expect(error.message).toMatch(/asked to wait 120 s, longer than the retry policy's maxRetryAfter of 60 s/)
  })

  it("withContext adds attempts and the cursor of the failing page", () => {
    const error = new SutroError.ServerError({ status: 503, detail: "Service Unavailable" })
    const annotated = SutroError.withContext(error, { attempts: 5, cursor: "abc" })
    expect(annotated).toBeInstanceOf(SutroError.ServerError)
    expect(annotated.attempts).toBe(5)
    expect(annotated.cursor).toBe("abc")
    expect(annotated.status).toBe(503)
    expect(annotated.message).toBe(
      "Sutro failed to answer (503): Service Unavailable. [status 503, 5 attempts, cursor abc]"
    )
    expect(error.attempts).toBeUndefined()
  })

  it("withContext copies only the fields the error's class declares", () => {
    const transport = SutroError.withContext(new SutroError.TransportError({ detail: "ECONNRESET" }), {
      attempts: 2,
      maxRetryAfterMillis: 60_000
    })
    expect(transport.attempts).toBe(2)
    expect(Object.keys(transport)).not.toContain("maxRetryAfterMillis")
    expect(transport).toBeInstanceOf(SutroError.TransportError)
    const server = SutroError.withContext(
      new SutroError.ServerError({ status: 503, detail: "busy", retryAfterMillis: 90_000 }),
      {
        maxRetryAfterMillis: 60_000
      }
    )
    expect(server.message).toBe(
      "Sutro failed to answer (503): busy. The server asked to wait 90 s, longer than the retry policy's " +
        "maxRetryAfter of 60 s. [status 503]"
    )
  })

  it("is yieldable and recognised by isSutroError", () => {
    const exit = Effect.runSyncExit(new SutroError.PaginationError({ detail: "next_cursor repeats", pages: 3 }))
    expect(Exit.isFailure(exit)).toBe(true)
    expect(SutroError.isSutroError(new SutroError.TimeoutError({ timeoutMillis: 1500 }))).toBe(true)
    expect(SutroError.isSutroError(new Error("x"))).toBe(false)
    expect(SutroError.isSutroError({ _tag: "ServerError" })).toBe(false)
    const other = Object.assign(new Error("x"), { _tag: "SomethingElse" })
    expect(SutroError.isSutroError(other)).toBe(false)
  })

  it("checks its fields when built, and withContext does not", () => {
    expect(() => new SutroError.PaginationError({ detail: "x", pages: "3" as unknown as number })).toThrow(
      "PaginationError: pages must be a number, got \"3\""
    )
    expect(() => new SutroError.DecodeError({ kind: "Other" as "Schema", detail: "x" })).toThrow(
      "DecodeError: kind must be one of \"NotJson\", \"Schema\", \"TooLarge\", \"Encoding\", got \"Other\""
    )
    expect(() => new SutroError.ServerError({} as { detail: string })).toThrow("ServerError: detail is missing")
    const error = new SutroError.InvalidRequestError({ detail: "bad limit", parameter: "limit", status: 422 })
    expect(SutroError.withContext(error, { requestId: "req_2" }).message).toBe(
      "Sutro rejected the request (422) (limit): bad limit. [status 422, request id req_2]"
    )
  })

  it("round-trips through its schema", () => {
    const error = new SutroError.DecodeError({
      kind: "NotJson",
      detail: "Unexpected token <",
      excerpt: "<html>",
      status: 200
    })
    const encoded = Schema.encodeSync(SutroError.SutroError)(error)
    const decoded = Schema.decodeUnknownSync(SutroError.SutroError)(JSON.parse(JSON.stringify(encoded)))
    expect(encoded).toStrictEqual({
      _tag: "DecodeError",
      kind: "NotJson",
      detail: "Unexpected token <",
      excerpt: "<html>",
      status: 200
    })
    expect(decoded).toBeInstanceOf(SutroError.DecodeError)
    expect(decoded.message).toBe(error.message)
    const again = Schema.decodeUnknownSync(SutroError.SutroError)(Schema.encodeSync(SutroError.SutroError)(error))
    expect(again).toBeInstanceOf(SutroError.DecodeError)
    expect({ ...again }).toStrictEqual({ ...error })
    const timeout = Schema.decodeUnknownSync(SutroError.SutroError)({ _tag: "TimeoutError", timeoutMillis: 1500 })
    expect(timeout).toBeInstanceOf(SutroError.TimeoutError)
    expect(() => Schema.decodeUnknownSync(SutroError.SutroError)({ _tag: "TimeoutError", timeoutMillis: "soon" }))
      .toThrow()
    expect(decoded.message).toBe(
      "Sutro's response is not valid JSON (no content type): Unexpected token <; body starts: \"<html>\". [status 200]"
    )
  })

  it("timeouts read in seconds", () => {
    expect(new SutroError.TimeoutError({ timeoutMillis: 1500, attempts: 2 }).message).toBe(
      "Sutro did not answer within 1.5 s. [2 attempts]"
    )
  })
})
