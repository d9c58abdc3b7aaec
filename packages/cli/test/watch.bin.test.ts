// `sutro-jobs watch` and `wait` as the built binary (dist/bin.js), against emulators in this process.
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import type { Job } from "@sutro-effect/core"
import * as Emulator from "@sutro-effect/emulator/Emulator"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { buildCli } from "./build.js"
import { baseJob } from "./helpers.js"

const root = path.resolve(__dirname, "../../..")
const bin = path.join(root, "packages/cli/dist/bin.js")
const secret = "sk_test_WATCH_5b1e"
const emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), "sutro-watch-home-"))

interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const cli = (
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  onStdout?: (soFar: string, child: ReturnType<typeof spawn>) => void,
  onSpawn?: (child: ReturnType<typeof spawn>) => void
): Promise<Result> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: emptyHome, COLUMNS: "100", ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    onSpawn?.(child)
    let stdout = "", stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
      onStdout?.(stdout, child)
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

let scope: Scope.CloseableScope
let live: Emulator.Service
let still: Emulator.Service
const run = <A, E>(effect: Effect.Effect<A, E, Scope.Scope>) => Effect.runPromise(Scope.extend(effect, scope))

const job = (id: string, status: string, minutesAgo: number, extra: Partial<Job.JobEncoded> = {}): Job.JobEncoded => ({
  ...baseJob,
  job_id: id,
  status,
  datetime_created: new Date(Date.UTC(2025, 0, 1) - minutesAgo * 60_000).toISOString(),
  ...extra
})

beforeAll(async () => {
  await buildCli(root)
  scope = Effect.runSync(Scope.make())
  live = await run(
    Emulator.make({ jobs: 30, seed: 4, apiKeys: [secret], live: { interval: "100 millis", arrivals: 1 } })
  )
  still = await run(Emulator.make({ jobs: 0, apiKeys: [secret] }))
  await Effect.runPromise(still.insertJobs([
    job("done-1", "SUCCEEDED", 1),
    job("done-2", "SUCCEEDED", 2),
    job("failed-1", "FAILED", 3, { failure_reason: { message: "Dataset not found" } }),
    job("cancelled-1", "CANCELLED", 4),
    ...Array.from({ length: 40 }, (_, i) => job(`old-${i}`, "SUCCEEDED", 10 + i))
  ]))
}, 240_000)

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  fs.rmSync(emptyHome, { recursive: true, force: true })
})

const env = (emulator: Emulator.Service) => ({ SUTRO_API_URL: emulator.url, SUTRO_API_KEY: secret })

/** Resolves once the emulator has served a list-jobs request after `from` requests. */
const polled = async (emulator: Emulator.Service, from: number) => {
  for (;;) {
    const log = await Effect.runPromise(emulator.requestLog)
    if (log.length > from) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe("sutro-jobs watch", () => {
  it("prints each event as one JSON object until Ctrl-C, exits 130 with every line whole, as the change log says", async () => {
    const start = (await Effect.runPromise(live.changes())).at(-1)?.seq ?? 0
    let sent = false
    const result = await cli(
      ["watch", "--interval", "150ms", "--since", "1h", "--format", "ndjson"],
      env(live),
      (soFar, child) => {
        if (!sent && soFar.split("\n").length > 25) {
          sent = true
          child.kill("SIGINT")
        }
      }
    )
    expect(sent).toBe(true)
    expect(result.code).toBe(130)
    expect(result.stdout.endsWith("\n")).toBe(true)
    const events = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line))
    const changes = (await Effect.runPromise(live.changes())).filter((c) => c.seq > start)
    for (const event of events) {
      expect(event.job.job_id).toBe(event.job_id)
      if (event.event === "Added") {
        expect(changes.some((c) => c.job_id === event.job_id && c.kind === "inserted")).toBe(true)
      }
      if (event.event === "Changed") {
        // A change the emulator made between two polls (several ticks may fall between them).
        const log = changes.filter((c) => c.job_id === event.job_id)
        expect(log.some((c) => c.status === event.status)).toBe(true)
        expect(log.some((c) => c.previous_status === event.previous_status)).toBe(true)
        expect(event.fields.length).toBeGreaterThan(0)
      }
    }
    const finished = events.filter((e) => e.event === "Finished").map((e) => e.job_id)
    expect(new Set(finished).size).toBe(finished.length)
    expect(events.filter((e) => e.event === "Added").length).toBeGreaterThan(0)
    expect(events.filter((e) => e.event === "Changed").length).toBeGreaterThan(0)
  })

  it("prints a table with a header row into a pipe by default, as list does", async () => {
    let sent = false
    const result = await cli(
      // No --format: a table, piped or not (NDJSON on request).
      ["watch", "--interval", "150ms", "--since", "1h"],
      env(live),
      (soFar, child) => {
        if (!sent && soFar.split("\n").length > 6) {
          sent = true
          child.kill("SIGINT")
        }
      }
    )
    expect(result.code).toBe(130)
    const [head, ...rows] = result.stdout.trimEnd().split("\n")
    expect(head).toMatch(/^TIME UTC\s+EVENT\s+JOB\s+STATUS\s+DETAIL$/)
    for (const row of rows) expect(row).toMatch(/^\d\d:\d\d:\d\d  (Added|Changed|Finished)\s+job-live-/)
    // What it does, on stderr from the start, and what it follows after its first poll.
    expect(result.stderr).toMatch(
      /^sutro-jobs: watching jobs created after \S+ \S+ UTC, polling every 150 ms; times are UTC/
    )
    expect(result.stderr).toMatch(/\nsutro-jobs: following \d+ unfinished jobs? · 0 finished · last poll/)
  })

  it("refuses a bad --interval with the usage exit code", async () => {
    const result = await cli(["watch", "--interval", "soon"], env(live))
    expect(result.code).toBe(2)
    expect(result.stderr + result.stdout).toContain("--interval expects a span such as 500ms")
  })
})

describe("sutro-jobs wait", () => {
  it("exits 0 when every job SUCCEEDED, printing them in the order asked", async () => {
    const result = await cli(["wait", "done-2", "done-1"], env(still))
    expect(result.stderr).toBe("")
    expect(result.code).toBe(0)
    expect(result.stdout).toBe("done-2\tSUCCEEDED\ndone-1\tSUCCEEDED\n")
  })

  it("waits for a running job and exits 0 once it succeeds", async () => {
    await Effect.runPromise(still.insertJobs([job("moving-1", "RUNNING", 0.5)]))
    const before = (await Effect.runPromise(still.requestLog)).length
    const done = cli(["wait", "moving-1", "--interval", "200ms", "--format", "ndjson"], env(still))
    await polled(still, before)
    await Effect.runPromise(still.updateJob("moving-1", { status: "SUCCEEDED" }))
    const result = await done
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ job_id: "moving-1", status: "SUCCEEDED" })
  })

  it("exits 10 when a job FAILED, naming it and its reason", async () => {
    const result = await cli(["wait", "done-1", "failed-1", "cancelled-1"], env(still))
    expect(result.code).toBe(10)
    expect(result.stdout).toContain("failed-1\tFAILED\tDataset not found\n")
    expect(result.stderr).toContain("2 of 3 jobs did not succeed: failed-1 FAILED, cancelled-1 CANCELLED")
  })

  it("exits 11 when a job was CANCELLED and none failed", async () => {
    const result = await cli(["wait", "done-1", "cancelled-1"], env(still))
    expect(result.code).toBe(11)
  })

  it("exits 12 for a job id that is not listed, after one walk", async () => {
    const before = (await Effect.runPromise(still.requestLog)).length
    const result = await cli(["wait", "done-1", "no-such-job"], env(still))
    expect(result.code).toBe(12)
    expect(result.stderr).toContain("No job no-such-job in the listing")
    expect((await Effect.runPromise(still.requestLog)).length - before).toBe(1)
  })

  it("exits 13 when --timeout passes first, naming the jobs still pending", async () => {
    await Effect.runPromise(still.insertJobs([job("stuck-1", "RUNNING", 0.2)]))
    const result = await cli(["wait", "stuck-1", "done-1", "--timeout", "1s", "--interval", "200ms"], env(still))
    expect(result.code).toBe(13)
    expect(result.stderr).toContain("Gave up after 1 s: stuck-1 not finished yet.")
  })

  it("does not count CANCELLING as finished: it waits for CANCELLED", async () => {
    await Effect.runPromise(still.insertJobs([job("cancelling-1", "CANCELLING", 0.3)]))
    const result = await cli(["wait", "cancelling-1", "--timeout", "1s", "--interval", "200ms"], env(still))
    expect(result.code).toBe(13)
    expect(result.stderr).toContain("cancelling-1 not finished yet")
  })

  it("exits 130 on Ctrl-C while waiting", async () => {
    await Effect.runPromise(still.insertJobs([job("stuck-2", "QUEUED", 0.1)]))
    const before = (await Effect.runPromise(still.requestLog)).length
    const result = await cli(["wait", "stuck-2", "--interval", "200ms"], env(still), undefined, (child) => {
      void polled(still, before).then(() => child.kill("SIGINT"))
    })
    expect(result.code).toBe(130)
    expect(result.stdout).toBe("")
  })

  it("refuses a call without a job id with the usage exit code", async () => {
    const result = await cli(["wait"], env(still))
    expect(result.code).toBe(2)
  })
})

describe("a new job below a future-dated newest job (issue 26 item 2)", () => {
  it("gets a Finished line in watch when it is already FAILED, and wait sees it", async () => {
    const emulator = await run(Emulator.make({ jobs: 0, apiKeys: [secret] }))
    const future = new Date(Date.UTC(2030, 0, 1)).toISOString()
    await Effect.runPromise(emulator.insertJobs([
      job("future-1", "RUNNING", 0, { datetime_created: future }),
      ...Array.from({ length: 5 }, (_, i) => job(`before-${i}`, "SUCCEEDED", 10 + i))
    ]))
    let inserted = false, sent = false
    const result = await cli(
      ["watch", "--interval", "200ms", "--format", "ndjson"],
      env(emulator),
      (soFar, child) => {
        if (!sent && soFar.includes("\"late-failed\"")) {
          sent = true
          child.kill("SIGINT")
        }
      },
      (child) => {
        let stderr = ""
        child.stderr!.on("data", (chunk: Buffer) => {
          stderr += chunk.toString()
          // After the first poll: the job arrives between polls, created before the future-dated one.
          if (!inserted && stderr.includes("following 1 unfinished job")) {
            inserted = true
            void Effect.runPromise(emulator.insertJobs([
              job("late-failed", "FAILED", 1, { failure_reason: { message: "Out of memory" } })
            ]))
            // A watch that never reports it is stopped after some 15 polls, and the events below tell.
            setTimeout(() => child.kill("SIGINT"), 3000).unref()
          }
        })
      }
    )
    expect(inserted).toBe(true)
    expect(result.code).toBe(130)
    const events = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line))
    expect(events.map((e) => [e.event, e.job_id, e.status, e.previous_status])).toEqual([
      ["Finished", "late-failed", "FAILED", null]
    ])
    const waited = await cli(
      ["wait", "late-failed", "future-1", "--timeout", "1s", "--interval", "200ms"],
      env(emulator)
    )
    // late-failed is seen FAILED; future-1 still runs: the timeout, naming only it.
    expect(waited.code).toBe(13)
    expect(waited.stderr).toContain("future-1 not finished yet")
    expect(waited.stderr).not.toContain("late-failed not finished")
    const alone = await cli(["wait", "late-failed"], env(emulator))
    expect(alone.code).toBe(10)
    expect(alone.stdout).toBe("late-failed\tFAILED\tOut of memory\n")
  })
})

describe("sutro-jobs demo", () => {
  it("ends with a few seconds of watch against a live emulator, and counts what it printed", async () => {
    const result = await cli(["demo", "--jobs", "20"], {})
    expect(result.code).toBe(0)
    const part = result.stdout.split("$ sutro-jobs watch --interval 500ms")[1]
    expect(part).toMatch(
      /# against a live emulator at http:\/\/127\.0\.0\.1:\d+, for 4 s\n# watching all jobs, polling every 500 ms; times are UTC; Ctrl-C to stop\nTIME UTC\s+EVENT\s+JOB\s+STATUS\s+DETAIL\n/
    )
    const rows = part.split("\n\n")[0].split("\n").filter((line) => /^\d\d:\d\d:\d\d /.test(line))
    expect(rows.some((row) => / Added\s+job-live-/.test(row))).toBe(true)
    expect(result.stdout).toContain(`watch polled every 500 ms and printed ${rows.length} events`)
  })

  it("fits an 80- and a 60-column terminal: tables and watch lines fit, prose wraps at words", async () => {
    for (const columns of [80, 60]) {
      const result = await cli(["demo", "--jobs", "20"], { COLUMNS: String(columns) })
      expect(result.code).toBe(0)
      const lines = result.stdout.split("\n")
      // Only the commands it suggests may be wider at 60 (a command is not cut).
      const commands = /^ {2}(export|sutro-jobs) /
      for (const line of lines) {
        if (columns === 80 || !commands.test(line)) expect(line.length, line).toBeLessThanOrEqual(columns)
      }
      // The table keeps a model whole at 80 (ids and dates gave way first).
      if (columns === 80) {
        expect(result.stdout).toMatch(/\n\S+…\S+ +[A-Z]+ +(llama|qwen|gpt)-[\w.-]+\d+b +\d\d-\d\d \d\d:\d\d /)
      }
      // No word of the prose is split across lines: each line of it ends with a whole word.
      const prose = result.stdout.slice(result.stdout.indexOf("What happened"), result.stdout.indexOf("Now use it"))
      expect(prose.replace(/\n +/g, " ")).toContain("each poll walks only as deep as the oldest job still running")
    }
  })
})
