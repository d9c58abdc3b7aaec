import { describe, expect, it } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import { SutroError } from "@sutro-effect/core"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import { version } from "../src/internal/version.js"
import {
  configDuration,
  configFromEnv,
  configFromJson,
  configRedacted,
  configUnavailable,
  isConfigError,
  line,
  platformSpanName,
  platformTracingOn,
  recordingTracer
} from "./compat.js"
import { apiKey, clientFor, fakeHttp, job, json, listServer, page, text } from "./helpers.js"

const okPage = () => json(page([job(1)], null))

describe("requests", () => {
  it.effect("sends Authorization: Key <key>, Accept and User-Agent to <baseUrl>/list-jobs?limit=100", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(okPage)
      const client = yield* make
      const result = yield* client.listJobs()
      expect(result.jobs.map((j) => j.job_id)).toEqual(["job_1"])
      expect(result.cursor).toBeNull()
      expect(result.index).toBe(0)
      expect(requests).toHaveLength(1)
      const [request] = requests
      expect(request.url.toString()).toBe("https://api.sutro.sh/list-jobs?limit=100")
      expect(request.headers["authorization"]).toBe(`Key ${apiKey}`)
      expect(request.headers["accept"]).toBe("application/json")
      expect(request.headers["user-agent"]).toBe(`sutro-effect/${version}`)
    }))

  it.effect("uses a custom User-Agent", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(okPage, { userAgent: "my-app/2.0" })
      yield* Effect.flatMap(make, (c) => c.listJobs())
      expect(requests[0].headers["user-agent"]).toBe("my-app/2.0")
    }))

  const joins: ReadonlyArray<[string, string]> = [
    ["https://api.sutro.sh", "https://api.sutro.sh/list-jobs"],
    ["https://api.sutro.sh/", "https://api.sutro.sh/list-jobs"],
    ["https://acme.example/v1", "https://acme.example/v1/list-jobs"],
    ["https://acme.example/v1/", "https://acme.example/v1/list-jobs"],
    ["https://acme.example/v1//", "https://acme.example/v1/list-jobs"],
    ["https://acme.example:8443/v1/list-jobs/", "https://acme.example:8443/v1/list-jobs"],
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080/list-jobs"],
    ["http://127.1.2.3:1/v1", "http://127.1.2.3:1/v1/list-jobs"],
    ["http://localhost:3000/", "http://localhost:3000/list-jobs"],
    ["http://[::1]:3000", "http://[::1]:3000/list-jobs"]
  ]
  for (const [baseUrl, expected] of joins) {
    it.effect(`joins ${baseUrl} to ${expected}`, () =>
      Effect.gen(function*() {
        const { make, requests } = clientFor(okPage, { baseUrl })
        yield* Effect.flatMap(make, (c) => c.listJobs({ limit: 5 }))
        expect(`${requests[0].url.origin}${requests[0].url.pathname}`).toBe(expected)
        expect(requests[0].url.searchParams.get("limit")).toBe("5")
      }))
  }

  it.effect("URL-encodes the cursor and sends limit and cursor", () =>
    Effect.gen(function*() {
      const cursor = "eyJ0IjoiMjAyNC0wMS0xNVQxMDozMDowMFoiLCJpIjoiYmF0Y2hfam9iXzEyMzQ1In0+/a&b=c%"
      const { make, requests } = clientFor(okPage)
      const result = yield* Effect.flatMap(make, (c) => c.listJobs({ limit: 20, cursor }))
      expect(requests[0].url.search).toBe(`?limit=20&cursor=${encodeURIComponent(cursor)}`)
      expect(requests[0].url.searchParams.get("cursor")).toBe(cursor)
      expect(result.cursor).toBe(cursor)
    }))

  it.effect("a null cursor means the first page", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(okPage)
      yield* Effect.flatMap(make, (c) => c.listJobs({ cursor: null }))
      expect(requests[0].url.searchParams.has("cursor")).toBe(false)
    }))

  it.effect("listAllJobs sends no limit and decodes the unpaginated shape", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(() =>
        json({ message: "Jobs retrieved successfully.", jobs: [job(1), job(2)] })
      )
      const all = yield* Effect.flatMap(make, (c) => c.listAllJobs())
      expect(all.message).toBe("Jobs retrieved successfully.")
      expect(all.jobs.map((j) => j.job_id)).toEqual(["job_1", "job_2"])
      expect(requests[0].url.search).toBe("")
      expect(requests[0].headers["authorization"]).toBe(`Key ${apiKey}`)
    }))

  it.effect("evaluates an apiKey effect per request, so a rotated key is used", () =>
    Effect.gen(function*() {
      const counter = yield* Ref.make(0)
      const rotating = Ref.updateAndGet(counter, (n) => n + 1).pipe(Effect.map((n) => Redacted.make(`sk_short_${n}`)))
      const { make, requests } = clientFor(okPage, { apiKey: rotating })
      const client = yield* make
      yield* client.listJobs()
      yield* client.listJobs()
      expect(requests.map((r) => r.headers["authorization"])).toEqual(["Key sk_short_1", "Key sk_short_2"])
    }))

  it.effect("trims whitespace around a key (a key file ends in a newline)", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(okPage, { apiKey: Redacted.make(`  ${apiKey}\n`) })
      yield* Effect.flatMap(make, (c) => c.listJobs())
      expect(requests[0].headers["authorization"]).toBe(`Key ${apiKey}`)
    }))
})

describe("option validation", () => {
  const refused: ReadonlyArray<[string, Partial<SutroClient.Options>, SutroError.ConfigurationReason]> = [
    ["a blank key", { apiKey: Redacted.make("   ") }, "MissingApiKey"],
    ["an empty key", { apiKey: Redacted.make("") }, "MissingApiKey"],
    ["a key with inner spaces", { apiKey: Redacted.make("sk abc") }, "MissingApiKey"],
    ["a plain-string key", { apiKey: "sk_plain" as any }, "MissingApiKey"],
    ["http:// to a remote host", { baseUrl: "http://api.sutro.sh" }, "InsecureHttp"],
    ["http:// to a host that only starts like loopback", { baseUrl: "http://127.0.0.1.evil.example" }, "InsecureHttp"],
    ["a relative URL", { baseUrl: "api.sutro.sh" }, "InvalidBaseUrl"],
    ["an empty URL", { baseUrl: "" }, "InvalidBaseUrl"],
    ["another scheme", { baseUrl: "ftp://api.sutro.sh" }, "InvalidBaseUrl"],
    ["a query string", { baseUrl: "https://api.sutro.sh/?x=1" }, "InvalidBaseUrl"],
    ["credentials in the URL", { baseUrl: "https://user:pw@api.sutro.sh" }, "InvalidBaseUrl"],
    ["a negative timeout", { timeout: -5 }, "InvalidOption"],
    ["a zero timeout", { timeout: 0 }, "InvalidOption"],
    ["negative maxRetries", { retry: { maxRetries: -1 } }, "InvalidOption"],
    ["fractional maxRetries", { retry: { maxRetries: 1.5 } }, "InvalidOption"],
    ["a factor below 1", { retry: { factor: 0.5 } }, "InvalidOption"],
    ["a userAgent with a newline", { userAgent: "a\nb" }, "InvalidOption"]
  ]
  for (const [name, options, reason] of refused) {
    it.effect(`refuses ${name} with ConfigurationError ${reason} before any request`, () =>
      Effect.gen(function*() {
        const { make, requests } = clientFor(okPage, options)
        const error = yield* Effect.flip(make)
        expect(error).toBeInstanceOf(SutroError.ConfigurationError)
        expect(error.reason).toBe(reason)
        expect(requests).toHaveLength(0)
        expect(error.message).not.toContain("sk_")
      }))
  }

  it.effect("allows plain http:// to a remote host with allowInsecureHttp", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(okPage, { baseUrl: "http://jobs.internal:8080/v1", allowInsecureHttp: true })
      yield* Effect.flatMap(make, (c) => c.listJobs())
      expect(requests[0].url.toString()).toBe("http://jobs.internal:8080/v1/list-jobs?limit=100")
    }))

  it.effect("refuses a blank key yielded by an apiKey effect, without a request", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(okPage, { apiKey: Effect.succeed(Redacted.make(" ")) })
      const error = yield* Effect.flip(Effect.flatMap(make, (c) => c.listJobs()))
      expect(error._tag).toBe("ConfigurationError")
      expect((error as SutroError.ConfigurationError).reason).toBe("MissingApiKey")
      expect(requests).toHaveLength(0)
    }))

  it.effect("fails with the apiKey effect's own error", () =>
    Effect.gen(function*() {
      const denied = new SutroError.AuthenticationError({ status: 401, detail: "session expired" })
      const { make, requests } = clientFor(okPage, { apiKey: Effect.fail(denied) })
      const error = yield* Effect.flip(Effect.flatMap(make, (c) => c.listJobs()))
      expect(error._tag).toBe("AuthenticationError")
      expect(requests).toHaveLength(0)
    }))

  const badParams: ReadonlyArray<[string, { limit?: number; cursor?: string }, string]> = [
    ["limit 0", { limit: 0 }, "limit"],
    ["limit 101", { limit: 101 }, "limit"],
    ["limit 2.5", { limit: 2.5 }, "limit"],
    ["an empty cursor", { cursor: "" }, "cursor"],
    ["a cursor with a space", { cursor: "ab cd" }, "cursor"]
  ]
  for (const [name, params, parameter] of badParams) {
    it.effect(`refuses ${name} with InvalidRequestError(${parameter}) before sending`, () =>
      Effect.gen(function*() {
        const { make, requests } = clientFor(okPage)
        const error = yield* Effect.flip(Effect.flatMap(make, (c) => c.listJobs(params)))
        expect(error).toBeInstanceOf(SutroError.InvalidRequestError)
        expect((error as SutroError.InvalidRequestError).parameter).toBe(parameter)
        expect(requests).toHaveLength(0)
      }))
  }

  it.effect("the limit error says what is allowed", () =>
    Effect.gen(function*() {
      const { make } = clientFor(okPage)
      const error = yield* Effect.flip(Effect.flatMap(make, (c) => c.listJobs({ limit: 500 })))
      expect(error.message).toContain("a page size is a whole number from 1 to 100, got 500")
    }))
})

describe("responses", () => {
  const noRetry = { retry: { maxRetries: 0 } }
  const run = (response: () => Response) =>
    Effect.flip(Effect.flatMap(clientFor(response, noRetry).make, (c) => c.listJobs()))

  it.effect("401 becomes AuthenticationError with the server's detail and the request id header", () =>
    Effect.gen(function*() {
      const error = yield* run(() => json({ detail: "Invalid API key" }, 401, { "x-request-id": "req_1" }))
      expect(error).toBeInstanceOf(SutroError.AuthenticationError)
      expect(error).toMatchObject({ status: 401, requestId: "req_1", detail: "Invalid API key", attempts: 1 })
      expect(error.message).not.toContain(apiKey)
      expect(JSON.stringify(error)).not.toContain(apiKey)
    }))

  it.effect("403 becomes AuthenticationError", () =>
    Effect.gen(function*() {
      const error = yield* run(() => json({ detail: "Forbidden" }, 403))
      expect(error).toMatchObject({ _tag: "AuthenticationError", status: 403 })
    }))

  it.effect("410 becomes ConfigurationError Gone with the detail", () =>
    Effect.gen(function*() {
      const detail = "Direct Sutro Batch API access is no longer supported"
      const error = yield* run(() => json({ detail }, 410))
      expect(error).toMatchObject({ _tag: "ConfigurationError", reason: "Gone", status: 410, detail })
      expect(error.message).toContain("https://api.sutro.sh/list-jobs")
    }))

  it.effect("404 becomes ConfigurationError NotFound", () =>
    Effect.gen(function*() {
      const error = yield* run(() => json({ detail: "Not Found" }, 404))
      expect(error).toMatchObject({ _tag: "ConfigurationError", reason: "NotFound", status: 404 })
    }))

  it.effect("400 becomes InvalidRequestError with the detail and body request_id", () =>
    Effect.gen(function*() {
      const error = yield* run(() => json({ detail: "Invalid cursor", code: "bad_cursor", request_id: "req_b" }, 400))
      expect(error).toMatchObject({ _tag: "InvalidRequestError", status: 400, requestId: "req_b" })
      expect((error as SutroError.InvalidRequestError).detail).toContain("Invalid cursor")
      expect((error as SutroError.InvalidRequestError).detail).toContain("bad_cursor")
    }))

  it.effect("422 lists the validation problems", () =>
    Effect.gen(function*() {
      const error = yield* run(() =>
        json({
          detail: [{
            loc: ["query", "limit"],
            msg: "Input should be less than or equal to 100",
            type: "less_than_equal"
          }]
        }, 422)
      )
      expect(error).toMatchObject({
        _tag: "InvalidRequestError",
        status: 422,
        detail: "query.limit: Input should be less than or equal to 100"
      })
    }))

  it.effect("an old {message} body gives the detail", () =>
    Effect.gen(function*() {
      const error = yield* run(() => json({ message: "bad things" }, 400))
      expect(error).toMatchObject({ _tag: "InvalidRequestError", detail: "bad things" })
    }))

  it.effect("429 becomes RateLimitError with the server's wait", () =>
    Effect.gen(function*() {
      const error = yield* run(() => json({ detail: "Too many requests" }, 429, { "retry-after": "3" }))
      expect(error).toMatchObject({ _tag: "RateLimitError", status: 429, retryAfterMillis: 3000, attempts: 1 })
    }))

  it.effect("500 becomes ServerError", () =>
    Effect.gen(function*() {
      const error = yield* run(() => json({ detail: "Internal Server Error" }, 500))
      expect(error).toMatchObject({ _tag: "ServerError", status: 500, detail: "Internal Server Error" })
    }))

  it.effect("a Cloudflare 524 HTML page becomes ServerError showing content type and title", () =>
    Effect.gen(function*() {
      const html = "<!DOCTYPE html><html><head><title>api.sutro.sh | 524: A timeout occurred</title></head>" +
        "<body><h1>A timeout occurred</h1></body></html>"
      const error = yield* run(() => text(html, 524, { "content-type": "text/html; charset=UTF-8" }))
      expect(error).toMatchObject({ _tag: "ServerError", status: 524, contentType: "text/html; charset=UTF-8" })
      expect(error.message).toContain("api.sutro.sh | 524: A timeout occurred")
      expect(error.message).toContain("text/html")
    }))

  it.effect("an HTML 200 becomes DecodeError NotJson with content type and excerpt", () =>
    Effect.gen(function*() {
      const html = "<html><head><title>Just a moment...</title></head><body>checking your browser</body></html>"
      const error = yield* run(() => text(html, 200, { "content-type": "text/html" }))
      expect(error).toMatchObject({
        _tag: "DecodeError",
        kind: "NotJson",
        contentType: "text/html",
        excerpt: "Just a moment...",
        attempts: 1
      })
    }))

  it.effect("a truncated JSON body becomes DecodeError NotJson", () =>
    Effect.gen(function*() {
      const body = JSON.stringify(page([job(1)], null)).slice(0, 60)
      const error = yield* run(() => text(body, 200, { "content-type": "application/json" }))
      expect(error).toMatchObject({ _tag: "DecodeError", kind: "NotJson", contentType: "application/json" })
    }))

  it.effect("an empty 200 body becomes DecodeError NotJson", () =>
    Effect.gen(function*() {
      const error = yield* run(() => text("", 200))
      expect(error).toMatchObject({ _tag: "DecodeError", kind: "NotJson", detail: "the body is empty" })
    }))

  it.effect("JSON of the wrong shape becomes DecodeError Schema naming the path", () =>
    Effect.gen(function*() {
      const bad = { ...job(2), job_id: 42 }
      const error = yield* run(() => json(page([job(1), bad as any], null), 200, { "x-request-id": "req_s" }))
      expect(error).toMatchObject({ _tag: "DecodeError", kind: "Schema", requestId: "req_s" })
      expect((error as SutroError.DecodeError).detail).toMatch(/^at jobs\[1\]\.job_id: /)
    }))

  it.effect("names what it expected and what it found, and where", () =>
    Effect.gen(function*() {
      const bad = { ...job(2), sampling_params: { top_k: 1.5 } }
      const error = yield* run(() => json(page([job(1), bad as any], null)))
      expect(error).toMatchObject({
        _tag: "DecodeError",
        kind: "Schema",
        detail: "at jobs[1].sampling_params.top_k: Expected an integer or null, got 1.5"
      })
    }))

  it.effect("a __proto__ key inside a job is data: kept as an own key, no prototype set", () =>
    Effect.gen(function*() {
      const body = JSON.stringify(page([job(1)], null)).replace(
        `"json_schema":null`,
        `"json_schema":{"__proto__":{"polluted":true},"type":"object"}`
      )
      expect(body).toContain("polluted")
      const client = yield* clientFor(() => text(body, 200, { "content-type": "application/json" }), noRetry).make
      const [decoded] = (yield* client.listJobs()).jobs
      const schema = decoded.json_schema as Record<string, unknown>
      expect(Object.keys(schema)).toStrictEqual(["__proto__", "type"])
      expect(Object.getOwnPropertyDescriptor(schema, "__proto__")?.value).toStrictEqual({ polluted: true })
      expect(Object.getPrototypeOf(schema)).toBe(Object.prototype)
      expect(schema.polluted).toBeUndefined()
    }))

  it.effect("decodes the documented example page, tolerating unknown fields and statuses", () =>
    Effect.gen(function*() {
      const wire = { ...job(1), status: "succeeded", run_type: "FULL", brand_new_field: { x: 1 } }
      const { make } = clientFor(() => json(page([wire, { ...job(2), status: "PAUSED" }], "next+1")))
      const result = yield* Effect.flatMap(make, (c) => c.listJobs())
      expect(result.jobs[0].status).toBe("SUCCEEDED")
      expect(String(result.jobs[1].status)).toBe("PAUSED")
      expect(result.next_cursor).toBe("next+1")
    }))
})

describe("layerConfig", () => {
  const withEnv = configFromEnv

  it.effect("reads SUTRO_API_KEY and SUTRO_API_URL", () =>
    Effect.gen(function*() {
      const http = fakeHttp(listServer([job(1)]))
      const layer = SutroClient.layerConfig().pipe(
        Layer.provide(http.layer),
        Layer.provide(withEnv({ SUTRO_API_KEY: "sk_env", SUTRO_API_URL: "https://acme.example/v1/" }))
      )
      yield* Effect.flatMap(SutroClient.SutroClient, (c) => c.listJobs()).pipe(Effect.provide(layer))
      expect(http.requests[0].url.toString()).toBe("https://acme.example/v1/list-jobs?limit=100")
      expect(http.requests[0].headers["authorization"]).toBe("Key sk_env")
    }))

  it.effect("defaults the URL (also when SUTRO_API_URL is empty)", () =>
    Effect.gen(function*() {
      const http = fakeHttp(listServer([job(1)]))
      const layer = SutroClient.layerConfig().pipe(
        Layer.provide(http.layer),
        Layer.provide(withEnv({ SUTRO_API_KEY: "sk_env", SUTRO_API_URL: "" }))
      )
      yield* Effect.flatMap(SutroClient.SutroClient, (c) => c.listJobs()).pipe(Effect.provide(layer))
      expect(http.requests[0].url.origin).toBe("https://api.sutro.sh")
    }))

  it.effect("fails with a ConfigurationError naming SUTRO_API_KEY when it is missing (as when it is blank)", () =>
    Effect.gen(function*() {
      const http = fakeHttp(listServer([job(1)]))
      const layer = SutroClient.layerConfig().pipe(Layer.provide(http.layer), Layer.provide(withEnv({})))
      const error = yield* Effect.flip(Effect.provide(SutroClient.SutroClient, layer))
      expect(error).toMatchObject({ _tag: "ConfigurationError", reason: "MissingApiKey" })
      expect(error.message).toContain("SUTRO_API_KEY is not set")
      expect(http.requests).toHaveLength(0)
    }))

  it.effect("other unreadable config stays a ConfigError", () =>
    Effect.gen(function*() {
      const http = fakeHttp(listServer([job(1)]))
      const layer = SutroClient.layerConfig({ timeout: configDuration("MY_TIMEOUT") }).pipe(
        Layer.provide(http.layer),
        Layer.provide(withEnv({ SUTRO_API_KEY: "sk_env", MY_TIMEOUT: "soon" }))
      )
      const error = yield* Effect.flip(Effect.provide(SutroClient.SutroClient, layer))
      expect(isConfigError(error)).toBe(true)
    }))

  it.effect("a config source that cannot be read is a ConfigError, not a missing key, and shows no key", () =>
    Effect.gen(function*() {
      const http = fakeHttp(listServer([job(1)]))
      const layer = SutroClient.layerConfig().pipe(
        Layer.provide(http.layer),
        Layer.provide(configUnavailable("vault sealed"))
      )
      const error = yield* Effect.flip(Effect.provide(SutroClient.SutroClient, layer))
      expect(isConfigError(error)).toBe(true)
      expect(String(error)).toContain("vault sealed")
      expect(http.requests).toHaveLength(0)
    }))

  it.effect("a SUTRO_API_KEY that holds a group rather than text is missing; such a SUTRO_API_URL is the default", () =>
    Effect.gen(function*() {
      const http = fakeHttp(listServer([job(1)]))
      const layer = SutroClient.layerConfig().pipe(
        Layer.provide(http.layer),
        Layer.provide(
          configFromJson({ SUTRO_API_KEY: { old: "sk_old" }, SUTRO_API_URL: { backup: "https://b.example" } })
        )
      )
      const error = yield* Effect.flip(Effect.provide(SutroClient.SutroClient, layer))
      expect(error).toMatchObject({ _tag: "ConfigurationError", reason: "MissingApiKey" })
      const withKey = SutroClient.layerConfig({ apiKey: Config.succeed(Redacted.make("sk_given")) }).pipe(
        Layer.provide(http.layer),
        Layer.provide(configFromJson({ SUTRO_API_URL: { backup: "https://b.example" } }))
      )
      yield* Effect.flatMap(SutroClient.SutroClient, (c) => c.listJobs()).pipe(Effect.provide(withKey))
      expect(http.requests[0].url.origin).toBe("https://api.sutro.sh")
    }))

  // Effect 4 decodes "-1 second" to -1000 ms: a negative wait must be refused. Effect 3's Config.duration reads it
  // as 0 ms before the client sees it, so there only the timeout (which must be positive) can be refused.
  for (
    const [name, options] of [
      ["timeout", { timeout: configDuration("MY_DURATION") }],
      ...(line === "effect3" ? [] : [
        ["retry.baseDelay", { retry: { baseDelay: configDuration("MY_DURATION") } }],
        ["retry.maxRetryAfter", { retry: { maxRetryAfter: configDuration("MY_DURATION") } }]
      ] as const)
    ] as const
  ) {
    it.effect(`a ${name} of "-1 second" from config is a ConfigurationError, before any request`, () =>
      Effect.gen(function*() {
        const http = fakeHttp(listServer([job(1)]))
        const layer = SutroClient.layerConfig(options).pipe(
          Layer.provide(http.layer),
          Layer.provide(withEnv({ SUTRO_API_KEY: "sk_env", MY_DURATION: "-1 second" }))
        )
        const error = yield* Effect.flip(Effect.provide(SutroClient.SutroClient, layer))
        expect(error).toBeInstanceOf(SutroError.ConfigurationError)
        // Effect 3's Config.duration reads "-1 second" as 0 ms, which is refused as zero rather than negative.
        expect(error).toMatchObject({
          reason: "InvalidOption",
          detail: line === "effect3" ? expect.stringMatching(`^${name} must `) : `${name} must not be negative`
        })
        expect(http.requests).toHaveLength(0)
      }))
  }

  it.effect("reads a key held as a plain string by a JSON-shaped provider, kept Redacted", () =>
    Effect.gen(function*() {
      // Config.Redacted reads text; Schema.Redacted, by contrast, now decodes only a Redacted value.
      const http = fakeHttp(listServer([job(1)]))
      const layer = SutroClient.layerConfig().pipe(
        Layer.provide(http.layer),
        Layer.provide(configFromJson({ SUTRO_API_KEY: "sk_json" }))
      )
      yield* Effect.flatMap(SutroClient.SutroClient, (c) => c.listJobs()).pipe(Effect.provide(layer))
      expect(http.requests[0].headers["authorization"]).toBe("Key sk_json")
    }))

  it.effect("takes functions as plain values next to Config data", () =>
    Effect.gen(function*() {
      const http = fakeHttp(listServer([job(1)]))
      const retried: Array<number> = []
      const layer = SutroClient.layerConfig({
        retry: { maxRetries: Config.succeed(1), jitter: Config.succeed(false), baseDelay: Config.succeed(1) },
        onRetry: (event) => Effect.sync(() => retried.push(event.attempt)),
        transformClient: HttpClient.mapRequest(HttpClientRequest.setHeader("x-team", "data"))
      }).pipe(Layer.provide(http.layer), Layer.provide(withEnv({ SUTRO_API_KEY: "sk_env" })))
      yield* Effect.flatMap(SutroClient.SutroClient, (c) => c.listJobs()).pipe(Effect.provide(layer))
      expect(http.requests[0].headers["x-team"]).toBe("data")
      expect(retried).toEqual([])
    }))

  it.effect("refuses a blank SUTRO_API_KEY with ConfigurationError", () =>
    Effect.gen(function*() {
      const http = fakeHttp(listServer([job(1)]))
      const layer = SutroClient.layerConfig().pipe(
        Layer.provide(http.layer),
        Layer.provide(withEnv({ SUTRO_API_KEY: " " }))
      )
      const error = yield* Effect.flip(Effect.provide(SutroClient.SutroClient, layer))
      expect(error).toMatchObject({ _tag: "ConfigurationError", reason: "MissingApiKey" })
    }))

  it.effect("takes overrides as Config values", () =>
    Effect.gen(function*() {
      const http = fakeHttp(listServer([job(1)]))
      const layer = SutroClient.layerConfig({
        apiKey: configRedacted("MY_KEY"),
        userAgent: Config.succeed("cfg/1")
      }).pipe(Layer.provide(http.layer), Layer.provide(withEnv({ MY_KEY: "sk_mine" })))
      yield* Effect.flatMap(SutroClient.SutroClient, (c) => c.listJobs()).pipe(Effect.provide(layer))
      expect(http.requests[0].headers["authorization"]).toBe("Key sk_mine")
      expect(http.requests[0].headers["user-agent"]).toBe("cfg/1")
    }))
})

describe("transformClient and tracing", () => {
  it.effect("transformClient adapts the HttpClient", () =>
    Effect.gen(function*() {
      const { make, requests } = clientFor(okPage, {
        transformClient: HttpClient.mapRequest(HttpClientRequest.setHeader("x-team", "data"))
      })
      yield* Effect.flatMap(make, (c) => c.listJobs())
      expect(requests[0].headers["x-team"]).toBe("data")
    }))

  it.effect("a transformClient that fails non-2xx responses still yields the matching error", () =>
    Effect.gen(function*() {
      const { make } = clientFor(() => json({ detail: "Invalid API key" }, 401), {
        transformClient: HttpClient.filterStatusOk
      })
      const error = yield* Effect.flip(Effect.flatMap(make, (c) => c.listJobs()))
      expect(error).toMatchObject({ _tag: "AuthenticationError", status: 401, detail: "Invalid API key" })
    }))

  it.effect("records a span per request with limit, attempt, status and request id, never the key", () =>
    Effect.gen(function*() {
      const { spans, tracer } = recordingTracer()
      const { make } = clientFor(() => json(page([job(1)], null), 200, { "x-request-id": "req_t" }))
      yield* Effect.flatMap(make, (c) => c.listJobs({ limit: 9 })).pipe(Effect.withTracer(tracer))
      const request = spans.find((s) => s.name === "SutroClient.request")
      expect(request?.kind).toBe("client")
      expect(Object.fromEntries(request!.attributes)).toMatchObject({
        "http.request.method": "GET",
        "server.address": "api.sutro.sh",
        "url.full": "https://api.sutro.sh/list-jobs?limit=9",
        "sutro.limit": 9,
        "sutro.attempt": 1,
        "http.response.status_code": 200,
        "sutro.request_id": "req_t"
      })
      const listJobs = spans.find((s) => s.name === "SutroClient.listJobs")
      expect(listJobs).toBeDefined()
      expect(request!.parent._tag === "Some" && request!.parent.value.spanId).toBe(listJobs!.spanId)
      expect(JSON.stringify(spans.map((s) => Object.fromEntries(s.attributes)))).not.toContain(apiKey)
    }))

  it.effect("sends no trace context to Sutro and records no duplicate platform client span, unless transformClient asks", () =>
    Effect.gen(function*() {
      const { spans, tracer } = recordingTracer()
      const { make, requests } = clientFor(() => json(page([job(1)], null)))
      yield* Effect.flatMap(make, (c) => c.listJobs()).pipe(Effect.withSpan("user"), Effect.withTracer(tracer))
      const names = spans.map((s) => s.name)
      expect(names).toContain("SutroClient.request")
      expect(names).not.toContain(platformSpanName)
      const sent = Object.keys(requests[0].headers)
      expect(sent).not.toContain("traceparent")
      expect(sent).not.toContain("b3")
      spans.length = 0
      const optedIn = clientFor(() => json(page([job(1)], null)), {
        transformClient: platformTracingOn
      })
      yield* Effect.flatMap(optedIn.make, (c) => c.listJobs()).pipe(Effect.withSpan("user"), Effect.withTracer(tracer))
      const platform = spans.find((s) => s.name === platformSpanName)
      expect(platform?.kind).toBe("client")
      // Its parent is SutroClient.request, which stays the one span per attempt.
      const request = spans.find((s) => s.name === "SutroClient.request")
      expect(platform!.parent._tag === "Some" && platform!.parent.value.spanId).toBe(request!.spanId)
      expect(Object.keys(optedIn.requests[0].headers)).toContain("traceparent")
    }))
})
// @generated by scripts/one-source.mjs from packages/effect4/client/test/SutroClient.test.ts: edit that file, then run `pnpm one-source`
