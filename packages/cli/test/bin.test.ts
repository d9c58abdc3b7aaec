// The built `sutro-jobs` (dist/bin.js) run as a subprocess against emulators started in this process.
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Output from "@sutro-effect/cli/Output"
import * as Stats from "@sutro-effect/cli/Stats"
import { Job } from "@sutro-effect/core"
import * as Emulator from "@sutro-effect/emulator/Emulator"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import { execFileSync, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"

const root = path.resolve(__dirname, "../../..")
const bin = path.join(root, "packages/cli/dist/bin.js")
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
  } = {}
): Promise<Result> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      // A clean environment: nothing from the developer's shell leaks in.
      env: { PATH: process.env.PATH ?? "", HOME: emptyHome, COLUMNS: "100", ...options.env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = "", stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
      options.onStdout?.(stdout, child)
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
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
  // Builds the CLI and what it depends on, so this file also works on its own.
  execFileSync("npx", ["tsc", "-b", "packages/cli/tsconfig.build.json"], { cwd: root, stdio: "inherit" })
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

// RFC 4180, enough to read back what the CLI wrote.
const parseCsv = (text: string): Array<Array<string>> => {
  const records: Array<Array<string>> = []
  let field = "", record: Array<string> = [], quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === "\"" && text[i + 1] === "\"") [field, i] = [field + "\"", i + 1]
      else if (c === "\"") quoted = false
      else field += c
    } else if (c === "\"") quoted = true
    else if (c === ",") [record, field] = [[...record, field], ""]
    else if (c === "\r" && text[i + 1] === "\n") {
      records.push([...record, field])
      ;[record, field, i] = [[], "", i + 1]
    } else field += c
  }
  return records
}

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

  it("writes RFC 4180 CSV that parses back to the emulator's jobs", async () => {
    const result = await cli(["list", "--format", "csv"], { env: env() })
    expect(result.code).toBe(0)
    const [header, ...records] = parseCsv(result.stdout)
    expect(header).toEqual([...Output.wireColumns])
    expect(records).toEqual(canonical.map((job) => header.map((column) => Output.cellText(Output.value(job, column)))))
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

  it("--since keeps newer jobs and stops the walk early", async () => {
    const dated = canonical.filter((job) => job.datetime_created !== null)
    const cut = dated[60].datetime_created!
    await Effect.runPromise(emu.clearRequestLog)
    const result = await cli(["list", "--format", "ndjson", "--page-size", "10", "--since", cut], { env: env() })
    expect(result.code).toBe(0)
    const rows = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line))
    expect(rows).toEqual(
      canonical.filter((job) => job.datetime_created !== null && Date.parse(job.datetime_created) > Date.parse(cut))
    )
    const requests = (await Effect.runPromise(emu.requestLog)).filter((r) => r.path.includes("list-jobs"))
    expect(requests.length).toBeLessThan(25)
  })
})

describe("sutro-jobs stats", () => {
  it("prints the aggregation of all jobs as JSON", async () => {
    const result = await cli(["stats", "--format", "json"], { env: env() })
    expect(result.code).toBe(0)
    const acc = Stats.empty()
    for (const job of canonical) Stats.add(acc, Schema.decodeUnknownSync(Job.Job)(job))
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(Stats.summarize(acc))))
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
        ["list", "--since", "yesterday"],
        ["list", "--columns", "colour"],
        ["list", "--format", "xml"],
        ["frobnicate"]
      ]
    ) {
      const result = await cli(args, { env: env() })
      expect(result.code, args.join(" ")).toBe(2)
    }
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
    expect(result.stdout).toContain("By status")
    expect(result.stdout).toContain("export SUTRO_API_URL=")
    expect(result.stdout).not.toContain("sk_demo_")
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
