// docs/migration.md: each pair of example programs, src/migration-*.ts of packages/examples (Effect 3 line) and
// of this package (Effect 4 line), run as programs against the same server. A pair prints the same, or
// differs exactly where the guide says the lines differ.
import { describe, expect, it } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import { PageSize, SutroError, Timestamp } from "@sutro-effect/core"
import * as Generator from "@sutro-effect/emulator/Generator"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import { emulator, envFor, headerRecorder, type Line, runProgram } from "./helpers.js"

// Two Node processes per pair, each loading the SDK and the platform: seconds on a busy 2-core machine.
const timeout = 120_000

/** Runs `src/<file>` of both lines; fails on a non-zero exit or anything on stderr. */
const runBoth = (file: string, env: Record<string, string>) =>
  Effect.gen(function*() {
    const run = (line: Line) =>
      Effect.map(runProgram(`src/${file}`, env, line), (result) => {
        expect(result.stderr, `${line} ${file}`).toBe("")
        expect(result.code, `${line} ${file}`).toBe(0)
        return result.stdout
      })
    const [effect3, effect4] = yield* Effect.all([run("effect3"), run("effect4")], { concurrency: 2 })
    return { effect3, effect4 }
  })

describe("docs/migration.md: the pairs of examples", () => {
  it.live(
    "decoding: Either and ParseError on the Effect 3 line, Result and SchemaError on the Effect 4 line",
    () =>
      Effect.gen(function*() {
        const server = yield* emulator({ jobs: 40, seed: 4 })
        const ids = (yield* Effect.promise(() => server.jobs())).slice(0, 3).map((job) => job.job_id).join(" ")
        const { effect3, effect4 } = yield* runBoth("migration-decode.ts", envFor(server))
        expect(effect3).toBe(
          `${ids}\n` +
            "ParseError: JobsPage\n" +
            "└─ [\"jobs\"]\n" +
            "   └─ ReadonlyArray<Job>\n" +
            "      └─ [0]\n" +
            "         └─ Job\n" +
            "            └─ [\"job_id\"]\n" +
            "               └─ Expected string, actual 7\n" +
            "true true\ntrue\n"
        )
        expect(effect4).toBe(`${ids}\nSchemaError: Expected string\n  at ["jobs"][0]["job_id"]\ntrue true\ntrue\n`)
      }),
    timeout
  )

  it.live(
    "transformClient: an extra header, and the platform span back on (trace headers sent)",
    () =>
      Effect.gen(function*() {
        const server = yield* headerRecorder({ jobs: Generator.generateJobs(5, 2), next_cursor: null })
        const { effect3, effect4 } = yield* runBoth("migration-http-client.ts", {
          SUTRO_API_KEY: "sk_headers",
          SUTRO_API_URL: server.url
        })
        expect(effect3).toBe("5 jobs, then 5 jobs\n")
        expect(effect4).toBe(effect3)
        // Each line sent two requests: its own first (x-team), then its own second (trace context), in any
        // interleaving with the other line's.
        expect(server.headers).toHaveLength(4)
        const team = server.headers.filter((headers) => headers["x-team"] === "reports")
        const traced = server.headers.filter((headers) => headers.traceparent !== undefined)
        expect(team).toHaveLength(2)
        expect(traced).toHaveLength(2)
        for (const headers of team) {
          expect(headers.traceparent).toBeUndefined()
          expect(headers.b3).toBeUndefined()
        }
        for (const headers of traced) expect(headers["x-team"]).toBeUndefined()
      }),
    timeout
  )

  it.live(
    "layerConfig: the same options from your own variables; a ConfigError reads differently",
    () =>
      Effect.gen(function*() {
        const server = yield* emulator({ jobs: 40, apiKeys: ["sk_reports"] })
        const env = { REPORTS_SUTRO_KEY: "sk_reports", SUTRO_API_URL: server.url }
        const read = yield* runBoth("migration-layer-config.ts", env)
        expect(read.effect3).toBe("5 jobs\n")
        expect(read.effect4).toBe("5 jobs\n")
        const log = yield* Effect.promise(() => server.requestLog())
        expect(log.map((request) => [request.authorized, request.status])).toEqual([[true, 200], [true, 200]])

        const unreadable = yield* runBoth("migration-layer-config.ts", { ...env, REPORTS_SUTRO_TIMEOUT: "soon" })
        expect(unreadable.effect3).toBe("unreadable config: Expected a duration but received \"soon\"\n")
        expect(unreadable.effect4).toBe(
          "unreadable config: SchemaError(Expected a valid Duration string\n  at [\"REPORTS_SUTRO_TIMEOUT\"])\n"
        )
      }),
    timeout
  )

  it.live(
    "errors: `name` on the Effect 3 line is `_tag` on the Effect 4 line (the same line printed)",
    () =>
      Effect.gen(function*() {
        const server = yield* emulator({ jobs: 5, apiKeys: ["sk_right"] })
        const { effect3, effect4 } = yield* runBoth("migration-errors.ts", {
          SUTRO_API_KEY: "sk_wrong",
          SUTRO_API_URL: server.url
        })
        expect(effect3).toBe("{\"error\":\"AuthenticationError\",\"status\":401}\n")
        expect(effect4).toBe(effect3)
        const error = new SutroError.AuthenticationError({ status: 401 })
        expect([error._tag, error.name]).toEqual(["AuthenticationError", "@sutro-effect/core/AuthenticationError"])
        expect(String(error)).toMatch(/^@sutro-effect\/core\/AuthenticationError: Sutro rejected the API key/)
        expect(Cause.pretty(Cause.fail(error))).toMatch(/^@sutro-effect\/core\/AuthenticationError: Sutro rejected/)
      }),
    timeout
  )

  it.live(
    "errors: Effect.runPromise rejects with a FiberFailure on the Effect 3 line, the error itself on the Effect 4 line",
    () =>
      Effect.gen(function*() {
        const env = { SUTRO_API_URL: "http://127.0.0.1:9" }
        const [effect3, effect4] = yield* Effect.all([
          runProgram("src/readme.ts", env, "effect3"),
          runProgram("src/readme.ts", env, "effect4")
        ], { concurrency: 2 })
        expect(effect3.code).not.toBe(0)
        expect(effect4.code).not.toBe(0)
        expect(effect3.stderr).toContain("name: '(FiberFailure) ConfigurationError'")
        expect(effect4.stderr).not.toContain("FiberFailure")
        expect(effect4.stderr).toContain("ConfigurationError [@sutro-effect/core/ConfigurationError]: No Sutro API key")
      }),
    timeout
  )

  it.live(
    "Stream.runCollect: a Chunk, then an array; a timestamp's instant: epochMillis, then epochMilliseconds",
    () =>
      Effect.gen(function*() {
        const server = yield* emulator({ jobs: 40, seed: 6 })
        const expected = (yield* Effect.promise(() => server.jobs())).slice(0, 5).map((job) =>
          `${job.job_id} ${job.datetime_created === null ? "-" : Timestamp.parseMillis(job.datetime_created)}\n`
        ).join("")
        const { effect3, effect4 } = yield* runBoth("migration-collect.ts", envFor(server))
        expect(effect3).toBe(expected)
        expect(effect4).toBe(expected)
      }),
    timeout
  )

  it.live(
    "types: Duration.Input and Metric.Counter name what Duration.DurationInput and Metric.Metric.Counter did",
    () =>
      Effect.gen(function*() {
        const server = yield* emulator({ jobs: 40 })
        const { effect3, effect4 } = yield* runBoth("migration-types.ts", envFor(server))
        expect(effect3).toBe("10 jobs in 1 request\n")
        expect(effect4).toBe(effect3)
      }),
    timeout
  )
})

describe("docs/migration.md: what differs on the Effect 4 line with no code to change", () => {
  /** A client over an HttpClient that answers every request with `body` (status 200). */
  const answering = (body: unknown, options: Partial<SutroClient.Options> = {}) =>
    SutroClient.layer({ apiKey: Redacted.make("sk_migration"), ...options }).pipe(
      Layer.provide(Layer.succeed(
        HttpClient.HttpClient,
        HttpClient.make((request) =>
          Effect.succeed(HttpClientResponse.fromWeb(
            request,
            new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } })
          ))
        )
      ))
    )

  it("PageSize.decode and Cursor.decode: the message is the problem alone", () => {
    const result = PageSize.decode(500)
    expect(Result.isFailure(result) && result.failure.message).toBe(
      "a page size is a whole number from 1 to 100, got 500"
    )
  })

  // docs/migration.md: the client's own page decoder, so the same detail as on the Effect 3 line (core's schemas,
  // used directly, keep each line's wording: modules.test.ts)
  it.effect("a 2xx body of the wrong shape: a DecodeError whose detail is the path, what was expected and what was found", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flatMap(SutroClient.SutroClient, (sutro) => sutro.listJobs()).pipe(
        Effect.flip,
        Effect.provide(answering({ jobs: [{ job_id: 7 }], next_cursor: null }))
      )
      expect(error).toMatchObject({
        _tag: "DecodeError",
        kind: "Schema",
        detail: "at jobs[0].job_id: Expected string, got 7"
      })
    }))

  it.effect("a negative duration in the retry policy fails the layer (Effect 4 keeps the sign)", () =>
    Effect.gen(function*() {
      for (const name of ["baseDelay", "maxDelay", "maxRetryAfter"] as const) {
        const error = yield* Effect.flip(
          Effect.provide(SutroClient.SutroClient, answering({}, { retry: { [name]: "-1 second" } }))
        )
        expect(error).toMatchObject({
          _tag: "ConfigurationError",
          reason: "InvalidOption",
          detail: `retry.${name} must not be negative`
        })
      }
    }))
})
