// The shipped `sutro-jobs` (what package.json "bin" points to: the bundle `pnpm build` writes) run
// as a subprocess against emulators started in this process. Expected values come from the
// emulator's data, never from the CLI's own code.
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Job } from "@sutro-effect/core"
import * as Emulator from "@sutro-effect/emulator/Emulator"
import { parse as parseCsvText } from "csv-parse/sync"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import { execFileSync, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { buildCli } from "./build.js"

const root = path.resolve(__dirname, "../../..")
const pkg = path.join(root, "packages/cli")
const bin = path.join(pkg, JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")).bin["sutro-jobs"])
const secret = "sk_test_SECRET_3f9a1c7e"
const wrongKey = "sk_test_WRONG_77b2d0"

interface Result {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

// Everything any run printed, checked at the end for the key.
const transcripts: Array<string> = []

const home = fs.mkdtempSync(path.join(os.tmpdir(), "sutro-cli-home-"))
const emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), "sutro-cli-empty-"))

const cli = (
  args: ReadonlyArray<string>,
  options: {
    readonly env?: Record<string, string>
    readonly onStdout?: (soFar: string, child: ReturnType<typeof spawn>) => void
    /** A file descriptor to give the CLI as its stdout instead of a pipe. */
    readonly stdoutFd?: number
  } = {}
): Promise<Result> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      // A clean environment: nothing from the developer's shell leaks in.
      env: { PATH: process.env.PATH ?? "", HOME: emptyHome, COLUMNS: "100", ...options.env },
      stdio: ["ignore", options.stdoutFd ?? "pipe", "pipe"]
    })
    let stdout = "", stderr = ""
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
      options.onStdout?.(stdout, child)
    })
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    child.on("error", reject)
    child.on("close", (code, signal) => {
      transcripts.push(stdout, stderr)
      resolve({ code, signal, stdout, stderr })
    })
  })

let scope: Scope.CloseableScope
let emu: Emulator.Service
let slow: Emulator.Service
let canonical: Array<Job.JobEncoded>

const run = <A, E>(effect: Effect.Effect<A, E, Scope.Scope>) => Effect.runPromise(Scope.extend(effect, scope))

beforeAll(async () => {
  await buildCli(root)
  scope = Effect.runSync(Scope.make())
  emu = await run(Emulator.make({ jobs: 250, seed: 7, apiKeys: [secret] }))
  slow = await run(Emulator.make({ jobs: 400, seed: 8, apiKeys: [secret], latency: "150 millis" }))
  // What the CLI should print for each job: the emulator's data through the Job schema and back.
  const jobs = await Effect.runPromise(emu.jobs)
  canonical = jobs.map((raw) => Schema.encodeSync(Job.Job)(Schema.decodeUnknownSync(Job.Job)(raw)))
}, 240_000)

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  fs.rmSync(home, { recursive: true, force: true })
  fs.rmSync(emptyHome, { recursive: true, force: true })
})

const env = () => ({ SUTRO_API_URL: emu.url, SUTRO_API_KEY: secret })

// A real CSV parser (RFC 4180, CRLF records).
const parseCsv = (text: string): Array<Array<string>> => parseCsvText(text, { record_delimiter: "\r\n" })

// A CSV cell read back as the JSON value the emulator served: empty is null, objects are JSON.
const objectColumns = new Set(["failure_reason", "sampling_params", "json_schema"])
const numberColumns = new Set([
  "job_priority",
  "num_rows",
  "input_tokens",
  "output_tokens",
  "job_cost",
  "cost_estimate"
])
const cellValue = (column: string, text: string): unknown =>
  text === "" ? null : objectColumns.has(column) ? JSON.parse(text) : numberColumns.has(column) ? Number(text) : text

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port
      server.close(() => resolve(port))
    })
  })

describe("sutro-jobs list", () => {
  it("writes NDJSON equal to the emulator's jobs, newest first, across pages, with nothing on stderr", async () => {
    await Effect.runPromise(emu.clearRequestLog)
    const result = await cli(["list", "--format", "ndjson", "--page-size", "37"], { env: env() })
    expect(result.stderr).toBe("")
    expect(result.code).toBe(0)
    const rows = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line))
    expect(rows).toEqual(canonical)
    const requests = (await Effect.runPromise(emu.requestLog)).filter((r) => r.path.includes("list-jobs"))
    expect(requests.length).toBe(Math.ceil(250 / 37))
    expect(requests.every((r) => r.query.limit === "37")).toBe(true)
  })

  it("--format ids writes the job ids one per line, ending in \\n alone, for shell pipelines", async () => {
    const result = await cli(["list", "--format", "ids"], { env: env() })
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
    expect(result.stdout).toBe(canonical.map((job) => job.job_id + "\n").join(""))
    const few = await cli(["list", "--format", "ids", "--max", "2"], { env: env() })
    expect(few.stdout).toBe(`${canonical[0].job_id}\n${canonical[1].job_id}\n`)
  })

  it("writes RFC 4180 CSV that parses back to the emulator's jobs", async () => {
    const result = await cli(["list", "--format", "csv"], { env: env() })
    expect(result.code).toBe(0)
    expect(result.stdout.endsWith("\r\n")).toBe(true)
    const [header, ...records] = parseCsv(result.stdout)
    expect([...header].sort()).toEqual([...new Set(canonical.flatMap((job) => Object.keys(job)))].sort())
    const rows = records.map((record) => Object.fromEntries(header.map((c, i) => [c, cellValue(c, record[i])])))
    // Every field of every job, in the emulator's order; the encoded form omits nothing but nulls.
    expect(rows).toEqual(canonical.map((job) => ({ ...Object.fromEntries(header.map((c) => [c, null])), ...job })))
  })

  it("writes a JSON array of the chosen columns", async () => {
    const result = await cli(["list", "--format", "json", "--columns", "job_id,status,failure", "--max", "30"], {
      env: env()
    })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual(
      canonical.slice(0, 30).map((job) => ({
        job_id: job.job_id,
        status: job.status,
        failure: job.failure_reason?.message ?? null
      }))
    )
  })

  it("writes a table fitted to the width, one row per job", async () => {
    const result = await cli(["list", "--max", "12"], { env: { ...env(), COLUMNS: "72" } })
    expect(result.code).toBe(0)
    const lines = result.stdout.trimEnd().split("\n")
    expect(lines[0]).toMatch(/^JOB_ID\s+STATUS\s+MODEL/)
    expect(lines).toHaveLength(13)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(72)
    canonical.slice(0, 12).forEach((job, i) => expect(lines[i + 1]).toContain(job.status))
  })

  it("filters by status in any case, repeated, and stops at --max", async () => {
    const result = await cli(
      ["list", "--format", "ndjson", "--status", "failed", "--status", "Running", "--max", "7"],
      {
        env: env()
      }
    )
    expect(result.code).toBe(0)
    const expected = canonical.filter((job) => job.status === "FAILED" || job.status === "RUNNING").slice(0, 7)
    expect(expected.length).toBeGreaterThan(0)
    expect(result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line))).toEqual(expected)
  })

  // What the client's createdAfter gives: pages newest first, up to and including the first page that
  // reaches the cut, keeping the jobs created after it and those without a creation date.
  const sinceExpected = (cut: string, pageSize: number) => {
    // A job without a creation date never stops the walk, and is left out: it cannot be shown to be inside.
    const before = (job: Job.JobEncoded) =>
      job.datetime_created !== null && Date.parse(job.datetime_created) <= Date.parse(cut)
    const reached = canonical.findIndex(before)
    const stop = reached < 0 ? canonical.length : (Math.floor(reached / pageSize) + 1) * pageSize
    return {
      jobs: canonical.slice(0, stop).filter((job) => job.datetime_created !== null && !before(job)),
      pages: Math.ceil(Math.min(stop, canonical.length) / pageSize)
    }
  }

  const listSince = async (cut: string, pageSize: number) => {
    await Effect.runPromise(emu.clearRequestLog)
    const result = await cli(["list", "--format", "ndjson", "--page-size", String(pageSize), "--since", cut], {
      env: env()
    })
    expect(result.code).toBe(0)
    const requests = (await Effect.runPromise(emu.requestLog)).filter((r) => r.path.includes("list-jobs"))
    return { jobs: result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line)), pages: requests.length }
  }

  it("--since keeps newer jobs and stops the walk early", async () => {
    const cut = canonical.filter((job) => job.datetime_created !== null)[60].datetime_created!
    const expected = sinceExpected(cut, 10)
    expect(await listSince(cut, 10)).toEqual(expected)
    expect(expected.pages).toBeLessThan(25)
  })

  it("--since leaves out jobs without a creation date, as watch does (the client keeps them)", async () => {
    // The emulator serves undated jobs last: a cut at the last dated job reaches them in its page.
    const undated = canonical.findIndex((job) => job.datetime_created === null)
    expect(undated).toBeGreaterThan(0)
    const cut = canonical[undated - 1].datetime_created!
    const expected = sinceExpected(cut, 100)
    const listed = await listSince(cut, 100)
    expect(listed).toEqual(expected)
    expect(listed.jobs.some((job) => job.datetime_created === null)).toBe(false)
  })
})

describe("sutro-jobs stats", () => {
  it("prints the aggregation of all jobs as JSON", async () => {
    const result = await cli(["stats", "--format", "json"], { env: env() })
    expect(result.code).toBe(0)
    const summary = JSON.parse(result.stdout)
    const count = (key: (job: Job.JobEncoded) => string) => {
      const counts: Record<string, number> = {}
      for (const job of canonical) counts[key(job)] = (counts[key(job)] ?? 0) + 1
      return counts
    }
    const sum = (field: "input_tokens" | "output_tokens") => canonical.reduce((n, job) => n + (job[field] ?? 0), 0)
    expect(summary.jobs).toBe(canonical.length)
    expect(summary.by_status).toEqual(count((job) => job.status))
    expect(summary.by_model).toEqual(count((job) => job.model))
    expect([summary.input_tokens, summary.output_tokens]).toEqual([sum("input_tokens"), sum("output_tokens")])
    expect(summary.total_cost).toBeCloseTo(canonical.reduce((n, job) => n + (job.job_cost ?? 0), 0), 6)
  })

  it("prints a table", async () => {
    const result = await cli(["stats", "--status", "failed"], { env: env() })
    expect(result.code).toBe(0)
    const failed = canonical.filter((job) => job.status === "FAILED").length
    expect(result.stdout).toContain(`${failed} jobs\n`)
    expect(result.stdout).toMatch(/By status\n {2}FAILED\s+\d+\s+100\.0%/)
    expect(result.stdout).toContain("Most frequent failures")
  })
})

describe("configuration", () => {
  const writeConfig = (config: object) => {
    fs.mkdirSync(path.join(home, ".sutro"), { recursive: true })
    fs.writeFileSync(path.join(home, ".sutro", "config.json"), JSON.stringify(config))
  }
  const ok = ["list", "--max", "1", "--format", "ndjson"]

  it("reads api_url and api_key from $HOME/.sutro/config.json", async () => {
    writeConfig({ api_url: emu.url, api_key: secret })
    const result = await cli(ok, { env: { HOME: home } })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual(canonical[0])
  })

  it("takes the environment over the config file", async () => {
    writeConfig({ api_url: emu.url, api_key: secret })
    expect((await cli(ok, { env: { HOME: home, SUTRO_API_KEY: wrongKey } })).code).toBe(3)
    writeConfig({ api_url: "http://127.0.0.1:1", api_key: wrongKey })
    expect((await cli(ok, { env: { HOME: home, ...env() } })).code).toBe(0)
  })

  it("takes the flags over the environment", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`
    const envDead = { SUTRO_API_URL: dead, SUTRO_API_KEY: wrongKey }
    expect((await cli([...ok, "--api-url", emu.url, "--api-key", secret], { env: envDead })).code).toBe(0)
    expect((await cli(["--api-url", emu.url, "--api-key", secret, ...ok], { env: envDead })).code).toBe(0)
    expect((await cli([...ok, "--api-key", wrongKey], { env: env() })).code).toBe(3)
  })

  it("accepts the connection flags anywhere after the subcommand, winning over those before it", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`
    const [command, ...rest] = ok
    const envDead = { SUTRO_API_URL: dead, SUTRO_API_KEY: wrongKey }
    const between = await cli([command, "--api-url", emu.url, "--api-key", secret, ...rest], { env: envDead })
    expect(between.code).toBe(0)
    expect(JSON.parse(between.stdout)).toEqual(canonical[0])
    const both = ["--api-key", wrongKey, command, "--api-key", secret, "--api-url", emu.url, ...rest]
    expect((await cli(both, { env: envDead })).code).toBe(0)
  })
})

describe("exit codes", () => {
  it("2 for usage errors", async () => {
    for (
      const args of [
        ["list", "--page-size", "0"],
        ["stats", "--page-size", "101"],
        ["list", "--since", "yesterday"],
        ["list", "--columns", "colour"],
        ["list", "--format", "xml"],
        ["frobnicate"]
      ]
    ) {
      const result = await cli(args, { env: env() })
      expect(result.code, args.join(" ")).toBe(2)
    }
    // The range is core's PageSize schema, with the flag named.
    const big = await cli(["list", "--page-size", "101"], { env: env() })
    expect(big.stderr).toContain("--page-size must be a whole number from 1 to 100, got 101")
  })

  it("3 for a refused key, with a hint", async () => {
    const result = await cli(["list"], { env: { ...env(), SUTRO_API_KEY: wrongKey } })
    expect(result.code).toBe(3)
    expect(result.stdout).toBe("")
    expect(result.stderr).toMatch(/^sutro-jobs: Sutro rejected the API key \(401 Unauthorized\)/)
    expect(result.stderr).toContain("hint: check the API key")
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it("4 for an unreachable server, naming the URL tried", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`
    const result = await cli(["list"], { env: { SUTRO_API_URL: dead, SUTRO_API_KEY: secret } })
    expect(result.code).toBe(4)
    expect(result.stderr).toContain(`hint: could not get an answer from ${dead}`)
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(2)
  })

  it("5 for a missing key, and for 410 Gone with the SUTRO_API_URL hint", async () => {
    const missing = await cli(["list"], { env: { SUTRO_API_URL: emu.url } })
    expect(missing.code).toBe(5)
    expect(missing.stderr).toContain("hint: pass --api-key, set SUTRO_API_KEY")
    await Effect.runPromise(emu.scriptFaults([{ _tag: "Status", status: 410, times: 1 }]))
    const gone = await cli(["list"], { env: env() })
    expect(gone.code).toBe(5)
    expect(gone.stderr).toContain("hint: set SUTRO_API_URL (or --api-url) to your deployment")
  })

  it("6 for a body that is not JSON", async () => {
    await Effect.runPromise(emu.scriptFaults([{ _tag: "MalformedJson", times: 1 }]))
    const result = await cli(["list"], { env: env() })
    expect(result.code).toBe(6)
    await Effect.runPromise(emu.clearFaults)
  })

  it("--verbose says which settings it used and shows the cause, never the key", async () => {
    const result = await cli(["list", "--verbose", "--api-key", wrongKey], { env: env() })
    expect(result.code).toBe(3)
    expect(result.stderr).toContain(`API URL ${emu.url} (environment); API key from flag`)
    expect(result.stderr.split("\n").length).toBeGreaterThan(3)
  })
})

describe("interruption", () => {
  it("SIGINT during a slow listing exits 130 with every written row complete", async () => {
    let sent = false
    const result = await cli(["list", "--format", "ndjson", "--page-size", "5"], {
      env: { SUTRO_API_URL: slow.url, SUTRO_API_KEY: secret },
      onStdout: (soFar, child) => {
        if (!sent && soFar.split("\n").length > 10) {
          sent = true
          child.kill("SIGINT")
        }
      }
    })
    expect(sent).toBe(true)
    expect(result.code).toBe(130)
    expect(result.stdout.endsWith("\n")).toBe(true)
    const rows = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line))
    expect(rows.length).toBeGreaterThanOrEqual(10)
    expect(rows.length).toBeLessThan(400)
    expect(rows.map((row) => row.job_id)).toEqual(
      (await Effect.runPromise(slow.jobs)).slice(0, rows.length).map((job) => job.job_id)
    )
  })
})

describe("sutro-jobs emulator and demo", () => {
  it("emulator serves with the flags of sutro-emulator", async () => {
    let url: string | undefined
    // The emulator prints its own key (a local test key, not a secret).
    const result = await cli(["emulator", "--port", "0", "--jobs", "3", "--api-key", "sk_local_emulator"], {
      onStdout: (soFar, child) => {
        const match = /listening on (http:\/\/\S+)/.exec(soFar)
        if (url === undefined && match !== null) {
          url = match[1]
          fetch(`${url}/v1/list-jobs?limit=10`, { headers: { authorization: "Key sk_local_emulator" } })
            .then((response) => response.json())
            .then((body: any) => {
              expect(body.jobs).toHaveLength(3)
              child.kill("SIGINT")
            }, () => child.kill("SIGINT"))
        }
      }
    })
    expect(url).toBeDefined()
    expect(result.stdout).toContain("(3 jobs)")
  })

  it("demo lists and summarises an embedded emulator and says how to use a real deployment", async () => {
    const result = await cli(["demo", "--jobs", "150"])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/Started a local Sutro emulator at http:\/\/127\.0\.0\.1:\d+ serving 150 seeded jobs/)
    expect(result.stdout).toMatch(/\$ sutro-jobs list --max 10\nJOB_ID\s+STATUS/)
    expect(result.stdout).toContain("150 jobs\n")
    // What the prose says is what happened: one request for list's 10 jobs, two pages of 100 for stats.
    expect(result.stdout).toContain("list asked for one page of 10 and printed 10 jobs")
    expect(result.stdout).toContain("  3 HTTP requests in all")
    expect(result.stdout).toContain("By status")
    expect(result.stdout).toContain("export SUTRO_API_URL=")
    expect(result.stdout).not.toContain("sk_demo_")
    // Not a terminal: the styled words come out plain.
    expect(result.stdout).not.toMatch(/\x1b\[/)
  })
})

describe("sutro-jobs wait, fed from a pipeline", () => {
  it("refuses an id holding a control character (a CSV row's CR) with a usage error that shows it escaped", async () => {
    const id = canonical[0].job_id
    const result = await cli(["wait", id, `${id}\r`], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe("")
    expect(result.stderr).toContain(
      `sutro-jobs: the job id "${id}\\x0D" holds a control character (a trailing carriage return: from CSV`
    )
    expect(result.stderr).not.toContain("\r")
    const tab = await cli(["wait", "a\tb"], { env: env() })
    expect(tab.code).toBe(2)
    expect(tab.stderr).toContain(`the job id "a\\x09b" holds a control character; job ids have none`)
  })
})

describe("from the clone", () => {
  it("the root script `pnpm sutro-jobs` runs the bundle package.json's bin names", () => {
    const script: string = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts["sutro-jobs"]
    expect(script).toBe(`node ${path.relative(root, bin)}`)
    const printed = execFileSync("sh", ["-c", `${script} --version`], { cwd: root, encoding: "utf8" })
    expect(printed.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })
})

describe("help and colours", () => {
  const ansi = /\x1b[[\]]/

  it("prints help without escape sequences when stdout is not a terminal, or with NO_COLOR", async () => {
    for (const args of [["--help"], ["list", "--help"], ["emulator", "-h"], ["stats", "--help", "--help"]]) {
      const piped = await cli(args)
      expect(piped.code, args.join(" ")).toBe(0)
      expect(piped.stdout, args.join(" ")).toContain("USAGE")
      expect(piped.stdout, args.join(" ")).not.toMatch(ansi)
      const noColor = await cli(args, { env: { NO_COLOR: "1", FORCE_COLOR: "1" } })
      expect(noColor.stdout, args.join(" ")).not.toMatch(ansi)
      expect(noColor.stdout).toBe(piped.stdout)
    }
    // What a terminal gets (FORCE_COLOR stands in for one) does have styles.
    expect((await cli(["--help"], { env: { FORCE_COLOR: "1" } })).stdout).toMatch(ansi)
  })

  it("prints no escape sequences in a usage error on stderr", async () => {
    const result = await cli(["list", "--format", "xml"])
    expect(result.code).toBe(2)
    expect(result.stderr).not.toBe("")
    expect(result.stderr).not.toMatch(ansi)
  })

  it("answers --help from build-time text that is what @effect/cli itself prints", async () => {
    // A repeated --help is not prerendered, so @effect/cli renders it at run time.
    for (const args of [["--help"], ["list", "--help"], ["demo", "-h"]]) {
      for (const env of [{}, { FORCE_COLOR: "1" }]) {
        const fast = await cli(args, { env })
        const parsed = await cli([...args, "--help"], { env })
        expect(fast.stdout, args.join(" ")).toBe(parsed.stdout)
      }
    }
    expect((await cli(["--version"])).stdout).toBe((await cli(["--version", "--version"])).stdout)
  })

  it("names the tool in every command's usage line, shows examples, and points at nothing the package lacks", async () => {
    for (const command of ["list", "stats", "watch", "wait", "emulator", "demo"]) {
      const help = await cli([command, "--help"])
      expect(help.stdout, command).toMatch(new RegExp(`^\\$ sutro-jobs ${command} `, "m"))
      expect(help.stdout, command).not.toMatch(new RegExp(`^\\$ ${command} `, "m"))
      if (command !== "emulator") expect(help.stdout, command).toMatch(new RegExp(`^ {2}sutro-jobs ${command}\\b`, "m"))
      expect(help.stdout, command).not.toContain("docs/")
    }
    expect((await cli(["wait", "--help"])).stdout).toContain("12 for an id not found")
  })

  it("usage errors start with sutro-jobs:, say an integer, and suggest the command or flag meant", async () => {
    const cases: Array<[ReadonlyArray<string>, string]> = [
      [["lst"], "sutro-jobs: unknown command 'lst'. Did you mean 'list'?\n  see: sutro-jobs --help\n"],
      [["--api-url", "http://x", "stas"], "sutro-jobs: unknown command 'stas'. Did you mean 'stats'?\n"],
      [
        ["list", "--staus", "failed"],
        "sutro-jobs: unknown flag '--staus'. Did you mean '--status'?\n  see: sutro-jobs list --help\n"
      ],
      [["watch", "--intervall", "5s"], "sutro-jobs: unknown flag '--intervall'. Did you mean '--interval'?\n"],
      [["list", "--max", "3x"], "sutro-jobs: --max: '3x' is not an integer\n  see: sutro-jobs list --help\n"],
      [["list", "--max=3x"], "sutro-jobs: --max: '3x' is not an integer\n"],
      [
        ["list", "--max", "3", "--format", "xml"],
        "sutro-jobs: --format: expected one of table, json, ndjson, csv, ids; got 'xml'\n  see: sutro-jobs list --help\n"
      ],
      [
        ["frobnicate"],
        "sutro-jobs: unknown command 'frobnicate'; use one of 'list', 'stats', 'watch', 'wait', 'emulator', 'demo'\n"
      ],
      [["list", "--page-size", "101"], "sutro-jobs: --page-size must be a whole number from 1 to 100, got 101\n"]
    ]
    for (const [args, expected] of cases) {
      const result = await cli(args)
      expect(result.code, args.join(" ")).toBe(2)
      expect(result.stderr, args.join(" ")).toContain(expected)
    }
  })

  it("shows optional repeatable flags in brackets", async () => {
    const list = await cli(["list", "--help"])
    expect(list.stdout).toContain("[--status text...]")
    const emulator = await cli(["emulator", "--help"])
    expect(emulator.stdout).toContain("[--api-key text...]")
  })
})

describe("what the CLI never repeats", () => {
  it("redacts the value of an unknown flag, also with --verbose", async () => {
    for (
      const args of [["list", "--apikey=sk_live_UNKNOWN_9f1"], ["list", "--verbose", "--api-kye=sk_live_UNKNOWN_9f1"]]
    ) {
      const result = await cli(args, { env: env() })
      expect(result.code, args.join(" ")).toBe(2)
      // The flag is named without its value, and the one meant is suggested.
      expect(result.stderr).toMatch(/unknown flag '--api-?k[a-z]+'\. Did you mean '--api-key'\?/)
      expect(result.stdout + result.stderr).not.toContain("sk_live_UNKNOWN_9f1")
    }
  })

  it("never repeats the user info or query values of the API URL, also with --verbose", async () => {
    const url = `${emu.url}/v1?token=QUERY_SECRET_51&x=QUERY_SECRET_52`.replace("http://", "http://bob:PW_SECRET_50@")
    for (const verbose of [[], ["--verbose"]]) {
      for (const how of ["flag", "environment"]) {
        const result = await cli(
          ["list", ...verbose, ...(how === "flag" ? ["--api-url", url] : [])],
          { env: how === "flag" ? { SUTRO_API_KEY: secret } : { SUTRO_API_KEY: secret, SUTRO_API_URL: url } }
        )
        expect(result.code).toBe(5)
        expect(result.stderr).toContain("<redacted>")
        for (const leak of ["PW_SECRET_50", "bob", "QUERY_SECRET_51", "QUERY_SECRET_52"]) {
          expect(result.stderr, `${how} ${verbose}`).not.toContain(leak)
        }
      }
    }
  })

  it("names the flag, the variable and the config file when there is no key", async () => {
    const result = await cli(["list"], { env: { SUTRO_API_URL: emu.url } })
    expect(result.code).toBe(5)
    for (const name of ["--api-key", "SUTRO_API_KEY", "~/.sutro/config.json"]) expect(result.stderr).toContain(name)
    expect(result.stderr).not.toContain("apiKey")
  })
})

describe("stdout that cannot be written", () => {
  it("a full disk (> /dev/full) is one line on stderr and exit 74", async () => {
    const fd = fs.openSync("/dev/full", "w")
    try {
      const result = await cli(["list", "--format", "ndjson"], { env: env(), stdoutFd: fd })
      expect(result.code).toBe(74)
      expect(result.stderr).toBe("sutro-jobs: cannot write the output: no space left on device (ENOSPC)\n")
    } finally {
      fs.closeSync(fd)
    }
  })

  it("any other write error too (a descriptor open for reading only)", async () => {
    const file = path.join(home, "read-only-stdout")
    fs.writeFileSync(file, "")
    const fd = fs.openSync(file, "r")
    try {
      const result = await cli(["list", "--format", "csv"], { env: env(), stdoutFd: fd })
      expect(result.code).toBe(74)
      expect(result.stderr).toMatch(/^sutro-jobs: cannot write the output: .+ \(EBADF\)\n$/)
    } finally {
      fs.closeSync(fd)
    }
  })
})

describe("the API key", () => {
  it("never appears in anything the CLI printed", () => {
    expect(transcripts.length).toBeGreaterThan(20)
    for (const text of transcripts) {
      expect(text).not.toContain(secret)
      expect(text).not.toContain(wrongKey)
    }
  })
})
