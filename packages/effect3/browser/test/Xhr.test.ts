// The XMLHttpRequest layers (`@sutro-effect/browser/Xhr`), which exist on the Effect 3 line only:
// @effect/platform-browser has no Effect 4 release. The shared tests run the fetch layers on both lines, and
// chromium.test.ts walks over XMLHttpRequest in a real browser through the line's transports (test/compat.ts).
import * as BrowserHttpClient from "@effect/platform-browser/BrowserHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Xhr from "@sutro-effect/browser/Xhr"
import { SutroClient } from "@sutro-effect/client"
import * as Generator from "@sutro-effect/emulator/Generator"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { app, bundle, xhrInputs } from "./bundler.js"

const apiKey = "sk_browser_test_5d2c9e"
const baseUrl = "https://acme.example/v1"
const jobs = Generator.generateJobs(5, 3)
const options = { apiKey: Redacted.make(apiKey), baseUrl, userAgent: "my-app/1.0", retry: { maxRetries: 0 } }
const listJobs = Effect.flatMap(SutroClient.SutroClient, (sutro) => sutro.listJobs({ limit: 2 }))

/**
 * Just enough of XMLHttpRequest for `BrowserHttpClient`: records what the client does with it and
 * completes every request at once with `status` and `body`.
 */
class FakeXhr {
  static readonly opened: Array<{ method: string; url: string; headers: Record<string, string> }> = []
  static status = 200
  static body = ""
  readyState = 0
  status = 0
  statusText = ""
  responseText = ""
  responseType = ""
  onreadystatechange: (() => void) | null = null
  onerror: (() => void) | null = null
  private headers: Record<string, string> = {}
  open(method: string, url: string) {
    FakeXhr.opened.push({ method, url, headers: this.headers })
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value
  }
  send() {
    this.readyState = 4
    this.status = FakeXhr.status
    this.responseText = FakeXhr.body
    this.onreadystatechange?.()
  }
  get response() {
    return this.responseText
  }
  getAllResponseHeaders() {
    return "content-type: application/json"
  }
  abort() {}
  addEventListener() {}
  removeEventListener() {}
}

describe("Xhr (the @sutro-effect/browser/Xhr entry point)", () => {
  const overXhr = <A, E>(effect: Effect.Effect<A, E, SutroClient.SutroClient>, layer: typeof Xhr.layer = Xhr.layer) =>
    effect.pipe(
      Effect.provide(layer(options)),
      Effect.provideService(
        BrowserHttpClient.XMLHttpRequest,
        () => new FakeXhr() as unknown as XMLHttpRequest
      )
    )

  it.effect("layer: sends the request through XMLHttpRequest, with Authorization and no User-Agent", () =>
    Effect.gen(function*() {
      FakeXhr.opened.length = 0
      FakeXhr.status = 200
      FakeXhr.body = JSON.stringify({ jobs: jobs.slice(0, 2), next_cursor: null })
      const page = yield* overXhr(listJobs)
      expect(page.jobs.map((job) => job.job_id)).toEqual(jobs.slice(0, 2).map((job) => job.job_id))
      expect(FakeXhr.opened).toHaveLength(1)
      expect(FakeXhr.opened[0]).toMatchObject({ method: "GET", url: `${baseUrl}/list-jobs?limit=2` })
      expect(FakeXhr.opened[0].headers.authorization).toBe(`Key ${apiKey}`)
      // XMLHttpRequest refuses User-Agent with a console error: it must never be set.
      expect(Object.keys(FakeXhr.opened[0].headers)).not.toContain("user-agent")
    }))

  it.effect("layer: a 401 is an AuthenticationError", () =>
    Effect.gen(function*() {
      FakeXhr.status = 401
      FakeXhr.body = JSON.stringify({ detail: "Invalid API key" })
      const error = yield* Effect.flip(overXhr(listJobs))
      expect(error).toMatchObject({ _tag: "AuthenticationError", status: 401 })
    }))

  it.effect("layer and layerConfig check the options before any request", () =>
    Effect.gen(function*() {
      const blank = yield* Effect.flip(
        Effect.provide(SutroClient.SutroClient, Xhr.layer({ apiKey: Redacted.make(" ") }))
      )
      expect(blank).toMatchObject({ _tag: "ConfigurationError", reason: "MissingApiKey" })
      const env = ConfigProvider.fromMap(new Map([["SUTRO_API_KEY", apiKey], ["SUTRO_API_URL", "ftp://nope"]]))
      const badUrl = yield* Effect.flip(
        Effect.provide(SutroClient.SutroClient, Xhr.layerConfig().pipe(Layer.provide(Layer.setConfigProvider(env))))
      )
      expect(badUrl._tag).toBe("ConfigurationError")
    }))
})

describe("Xhr in a browser bundle", () => {
  it("an app that imports @sutro-effect/browser/Xhr gets the XHR client (bundle.test.ts's checks have teeth)", async () => {
    const result = await bundle(app(`import * as Xhr from "@sutro-effect/browser/Xhr"`, "Xhr.layer"))
    expect(result.inputs.some((input) => input.includes("packages/effect3/browser/src/Xhr.ts"))).toBe(true)
    expect(result.inputs.some((input) => input.includes("@effect/platform-browser"))).toBe(true)
    expect(xhrInputs(result.inputs).length).toBeGreaterThan(0)
    expect(result.code).toContain("XMLHttpRequest")
    expect(result.imports).toEqual([])
  })
})
