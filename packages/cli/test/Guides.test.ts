// The shell examples of the guides, run as written against an emulator, so that what the guides tell
// people to type works (the TypeScript examples are kept true by packages/examples/test/docs.test.ts):
// - every line of a ```sh block that runs `sutro-jobs` (README.md, docs/*.md, every package README) runs
//   through the bundle, with its exit code and what it prints checked against what its command is for;
//   placeholders (`job_a`, the port 8787) are given real values (ids of SUCCEEDED jobs, a free port);
// - every `$ sutro-jobs ...` line of a plain ``` transcript block runs, and prints exactly the lines shown
//   below it.
// An example whose command has no expectation here fails, so a new example comes with one.
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Emulator from "@sutro-effect/emulator/Emulator"
import { parse as parseCsvText } from "csv-parse/sync"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { buildCli } from "./build.js"

const root = path.resolve(__dirname, "../../..")
const bin = path.join(root, "packages/cli/dist/bin.js")
const key = "sk_test_guides"
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sutro-cli-guides-"))

const guides = [
  "README.md",
  ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`),
  ...fs.readdirSync(path.join(root, "packages")).flatMap((
    dir
  ) => [
    `packages/${dir}/README.md`,
    ...["core", "client", "node", "browser"].map((p) => `packages/${dir}/${p}/README.md`)
  ])
].filter((file) => fs.existsSync(path.join(root, file)))

interface Block {
  readonly where: string
  readonly lang: string
  readonly lines: ReadonlyArray<string>
}

const blocks: Array<Block> = guides.flatMap((guide) => {
  const lines = fs.readFileSync(path.join(root, guide), "utf8").split("\n")
  const found: Array<Block> = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i])
    if (open === null) continue
    const end = lines.indexOf("```", i + 1)
    found.push({ where: `${guide}:${i + 1}`, lang: open[1], lines: lines.slice(i + 1, end) })
    i = end
  }
  return found
})

/** A `sutro-jobs` line of a sh block: the command (comment and what follows `&&` dropped), its output's fate. */
interface ShellExample {
  readonly where: string
  readonly line: string
  readonly args: Array<string>
  /** `> file`: where stdout goes */
  readonly into: string | undefined
  /** `| program ...`: what reads stdout */
  readonly pipe: string | undefined
}

const shellExamples: Array<ShellExample> = blocks.filter((block) => block.lang === "sh").flatMap((block) =>
  block.lines.filter((line) => /^sutro-jobs /.test(line)).map((line) => {
    const command = line.replace(/\s+#.*$/, "").replace(/\s*&&.*$/, "")
    const [left, pipe] = command.split(/\s*\|\s*/)
    const [args, into] = left.split(/\s*>\s*/)
    return { where: block.where, line, args: args.split(/\s+/).slice(1), into, pipe }
  })
)

const transcripts = blocks.filter((block) =>
  block.lang === "" && block.lines.some((l) => l.startsWith("$ sutro-jobs "))
)

let scope: Scope.CloseableScope
let emu: Emulator.Service
let succeeded: Array<string>

beforeAll(async () => {
  await buildCli(root)
  scope = Effect.runSync(Scope.make())
  // seeded back from now, so that --since 7d and 1d find jobs
  emu = await Effect.runPromise(
    Scope.extend(Emulator.make({ jobs: 300, seed: 28, apiKeys: [key], now: new Date() }), scope)
  )
  const jobs = await Effect.runPromise(emu.jobs)
  succeeded = jobs.filter((job) => job.status === "SUCCEEDED").map((job) => job.job_id)
}, 240_000)

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  fs.rmSync(tmp, { recursive: true, force: true })
})

interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** The bundle with `args`; `until` (given what stdout and stderr hold so far) says when to stop it with Ctrl-C. */
const run = (args: ReadonlyArray<string>, until?: (stdout: string) => boolean): Promise<Result> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: tmp,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: tmp,
        COLUMNS: "80",
        SUTRO_API_URL: emu.url,
        SUTRO_API_KEY: key
      },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = "", stderr = "", stopped = false
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000)
    const check = () => {
      if (until?.(stdout + stderr) === true && !stopped) {
        stopped = true
        child.kill("SIGINT")
      }
    }
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
      check()
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk
      check()
    })
    child.on("error", reject)
    child.on("close", (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })

/** Placeholders of the guides given values of the emulator. */
const concrete = (args: ReadonlyArray<string>): Array<string> => {
  const ids = new Map([["job_a", succeeded[0]], ["job_b", succeeded[1]]])
  const values = args.map((arg, i) => ids.get(arg) ?? (args[i - 1] === "--port" ? "0" : arg))
  // a test listens on a free port only (the emulator's default is 8787)
  return values[0] === "emulator" && !values.includes("--port") ? [...values, "--port", "0"] : values
}

const tableRows = (stdout: string) => stdout.trimEnd().split("\n").slice(1)

/** What each command's examples must do, by subcommand. */
const expectations: Record<string, (example: ShellExample, result: Result) => void> = {
  list: (example, result) => {
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
    const format = example.args[example.args.indexOf("--format") + 1]
    const output = example.into === undefined ? result.stdout : fs.readFileSync(path.join(tmp, example.into), "utf8")
    if (!example.args.includes("--format")) {
      expect(output).toMatch(/^JOB_ID\s+STATUS/)
      expect(tableRows(output).length).toBeGreaterThan(0)
      if (example.args.includes("failed")) {
        for (const row of tableRows(output)) expect(row).toMatch(/ FAILED /)
      }
    } else if (format === "csv") {
      const records = parseCsvText(output, { record_delimiter: "\r\n" }) as Array<Array<string>>
      expect(records[0]).toContain("job_id")
      expect(records.length).toBeGreaterThan(1)
      if (example.args.includes("failed")) {
        for (const record of records.slice(1)) expect(record[records[0].indexOf("status")]).toBe("FAILED")
      }
    } else if (format === "ndjson") {
      const rows = output.trimEnd().split("\n").map((line) => JSON.parse(line))
      expect(rows.length).toBe(300)
      const columns = example.args[example.args.indexOf("--columns") + 1]?.split(",")
      if (columns !== undefined) { for (const row of rows) expect(Object.keys(row)).toEqual(columns) }
    } else {
      throw new Error(`${example.where}: no expectation for list --format ${format}`)
    }
  },
  stats: (_, result) => {
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
    expect(result.stdout).toContain("By status")
  },
  watch: (_, result) => {
    // says what it does, then follows the jobs until Ctrl-C (exit 130)
    expect(result.stderr).toMatch(/polling every 10 s; times are UTC/)
    expect(result.stderr).toMatch(/following \d+ unfinished job/)
    expect(result.stdout).toMatch(/^TIME UTC\s+EVENT\s+JOB/)
    expect(result.code).toBe(130)
  },
  wait: (_, result) => {
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(succeeded[0])
    expect(result.stdout).toContain("SUCCEEDED")
  },
  emulator: (_, result) => {
    expect(result.stderr).toBe("")
    expect(result.stdout).toMatch(/^Sutro emulator listening on http:\/\/127\.0\.0\.1:\d+ \(\d+ jobs\)/)
  },
  demo: (_, result) => {
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
    expect(result.stdout).toContain("$ sutro-jobs list --max 10")
    expect(result.stdout).toContain("By status")
  }
}

/** When to stop a command that runs until Ctrl-C. */
const stopWhen: Record<string, (stdout: string) => boolean> = {
  watch: (stdout) => /following \d+ unfinished job/.test(stdout),
  emulator: (stdout) => stdout.includes("Stop with Ctrl-C")
}

describe("the guides' shell examples, against the emulator", () => {
  it("finds them", () => {
    expect(shellExamples.map((example) => example.where)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^README\.md:/), expect.stringMatching(/^docs\/cli\.md:/)])
    )
    expect(transcripts.length).toBeGreaterThan(0)
  })

  for (const example of shellExamples) {
    it(`${example.where}: ${example.line}`, async () => {
      const command = example.args[0]
      const check = expectations[command]
      expect(check, `${example.where}: add an expectation for 'sutro-jobs ${command}' in Guides.test.ts`)
        .toBeDefined()
      if (example.pipe !== undefined) {
        // what reads the output is named, and it reads what it is given (jq: JSON values)
        expect(example.pipe).toMatch(/^jq /)
      }
      const args = concrete(example.args)
      const until = stopWhen[command]
      const result = await run(args, until)
      if (example.into !== undefined) {
        fs.writeFileSync(path.join(tmp, example.into), result.stdout)
      }
      check(example, result)
    }, 60_000)
  }

  for (const block of transcripts) {
    it(`${block.where}: the transcript prints what it shows`, async () => {
      const commands = block.lines.flatMap((line, i) => (line.startsWith("$ sutro-jobs ") ? [i] : []))
      for (const [n, at] of commands.entries()) {
        const shown = block.lines.slice(at + 1, commands[n + 1] ?? block.lines.length)
        const result = await run(concrete(block.lines[at].split(/\s+/).slice(2)))
        expect(`${result.stdout}${result.stderr}`.trimEnd().split("\n"), block.lines[at]).toEqual(shown)
      }
    }, 60_000)
  }
})
