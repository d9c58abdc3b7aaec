// The example programs of the README (unchanged on this line) and the Effect 4 line's READMEs, run as programs
// (tsx, a process of their own) with SUTRO_API_KEY and SUTRO_API_URL pointing at an emulator on loopback:
// the same assertions as packages/examples/test/programs.test.ts makes on the Effect 3 line.
import { describe, expect, it } from "@effect/vitest"
import * as Generator from "@sutro-effect/emulator/Generator"
import * as Effect from "effect/Effect"
import { daysAgo, emulator, envFor, jobsWith, runProgram } from "./helpers.js"

// A program starts a Node process that loads the SDK and the platform: seconds on a busy 2-core machine.
const timeout = 120_000

describe("example programs", () => {
  it.live(
    "README 'Using it' prints the jobs that failed in the last 7 days, newest first",
    () =>
      Effect.gen(function*() {
        const server = yield* emulator({
          apiKeys: ["sk_readme_example"],
          data: jobsWith([
            { id: "job_new_failed", status: "FAILED", created: daysAgo(0.5), reason: "out of memory" },
            { id: "job_new_ok", status: "SUCCEEDED", created: daysAgo(1) },
            { id: "job_mid_failed", status: "failed", created: daysAgo(3), reason: "bad input" },
            { id: "job_old_failed", status: "FAILED", created: daysAgo(8), reason: "too old to list" },
            { id: "job_older_ok", status: "SUCCEEDED", created: daysAgo(20) }
          ])
        })
        const run = yield* runProgram("src/readme.ts", envFor(server))
        expect(run.stderr).toBe("")
        expect(run.code).toBe(0)
        expect(run.stdout).toBe("job_new_failed out of memory\njob_mid_failed bad input\n")
        // createdAfter stopped the walk at the first page reaching 7 days back: one request, default page size.
        const log = yield* Effect.promise(() => server.requestLog())
        expect(log.map((request) => request.query.limit)).toEqual(["100"])
      }),
    timeout
  )

  it.live("README 'Using it' without SUTRO_API_KEY fails and exits non-zero", () =>
    Effect.gen(function*() {
      const run = yield* runProgram("src/readme.ts", { SUTRO_API_URL: "http://127.0.0.1:9" })
      expect(run.code).not.toBe(0)
      expect(run.stdout).toBe("")
      expect(run.stderr).toContain("SUTRO_API_KEY")
    }), timeout)

  it.live(
    "packages/effect4/client README: the first page and the failed jobs since 2024",
    () =>
      Effect.gen(function*() {
        const data = Generator.generateJobs(350, 5).filter((job) => job.datetime_created !== null)
        const server = yield* emulator({ data })
        const run = yield* runProgram("src/client-readme.ts", envFor(server))
        expect(run.stderr).toBe("")
        expect(run.code).toBe(0)
        const failed = data.filter((job) => job.status.trim().toUpperCase() === "FAILED").length
        expect(failed).toBeGreaterThan(0)
        expect(run.stdout).toBe(`first page: 20 jobs; failed since 2024: ${failed}\n`)
      }),
    timeout
  )

  it.live(
    "packages/effect4/node README: the same page through layerConfig and through explicit options",
    () =>
      Effect.gen(function*() {
        const server = yield* emulator({ jobs: 30 })
        const run = yield* runProgram("src/node-readme.ts", envFor(server))
        expect(run.stderr).toBe("")
        expect(run.code).toBe(0)
        expect(run.stdout).toBe("10 jobs, then 10 jobs\n")
        const log = yield* Effect.promise(() => server.requestLog())
        expect(log.map((request) => [request.query.limit, request.status])).toEqual([["10", 200], ["10", 200]])
      }),
    timeout
  )
})
