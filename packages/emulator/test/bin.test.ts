// The built `sutro-emulator` (what package.json "bin" points to) run as a subprocess.
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { execFileSync, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as http from "node:http"
import * as path from "node:path"

const root = path.resolve(__dirname, "../../..")
const pkg = path.join(root, "packages/emulator")
const bin = path.join(pkg, JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")).bin["sutro-emulator"])

// The time each stop may take is what docs/emulator.md says the test allows, read from its sentence.
const allowed = (pattern: RegExp): number => {
  const text = fs.readFileSync(path.join(root, "docs/emulator.md"), "utf8").replace(/\s+/g, " ")
  const match = pattern.exec(text)
  if (match === null) throw new Error(`docs/emulator.md: no sentence matching ${pattern}`)
  return Number(match[1]) * 1000
}
const idleStopMillis = allowed(/a test runs the built bin and allows (\d+) s for a loaded machine/)
const liveStopMillis = allowed(/as soon as the tick under way ends \(the test allows (\d+) s\)/)

beforeAll(() => {
  execFileSync("npx", ["tsc", "-b", "packages/emulator/tsconfig.build.json"], { cwd: root, stdio: "inherit" })
  // Node loads the line packages through their guarded entries (dist/node/), which the build step writes.
  execFileSync(process.execPath, ["scripts/guard-entries.mjs", "packages/effect3/core"], {
    cwd: root,
    stdio: "inherit"
  })
}, 240_000)

/** The emulators still running: killed after the tests, so that a failed test leaves none behind. */
const running = new Set<ReturnType<typeof spawn>>()
afterAll(() => {
  for (const child of running) child.kill("SIGKILL")
})

const run = (args: ReadonlyArray<string>) => {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "pipe", "pipe"]
  })
  running.add(child)
  child.on("exit", () => running.delete(child))
  return child
}

interface Stopped {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  /** From the signal to the exit, for the report; not asserted beyond a generous bound. */
  readonly millis: number
}

// Starts the emulator, lets `whileUp` use it, then sends `signal` and waits for the process to end.
const serveThenSignal = (
  signal: NodeJS.Signals,
  whileUp: (url: string) => Promise<unknown> = () => Promise.resolve(),
  args: ReadonlyArray<string> = ["--jobs", "20"]
): Promise<Stopped> =>
  new Promise((resolve, reject) => {
    const child = run(["--port", "0", ...args])
    let out = "", sentAt = 0
    child.on("error", reject)
    child.on("exit", (code, exitSignal) => resolve({ code, signal: exitSignal, millis: performance.now() - sentAt }))
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1]
      if (url !== undefined && sentAt === 0) {
        sentAt = -1
        whileUp(url).then(() => {
          sentAt = performance.now()
          child.kill(signal)
          // Not left running when the signal is not honoured: the exit then shows the signal.
          setTimeout(() => child.kill("SIGKILL"), 30_000).unref()
        }, reject)
      }
    })
  })

// A keep-alive connection left open after one request, as a browser or a pooled client leaves it.
const idleConnection = (url: string) =>
  new Promise<void>((resolve, reject) => {
    const agent = new http.Agent({ keepAlive: true })
    http.get(`${url}/v1/list-jobs?limit=1`, { agent, headers: { authorization: "Key sk_emulator" } }, (res) => {
      res.resume()
      res.on("end", () => resolve())
    }).on("error", reject)
  })

describe("sutro-emulator", () => {
  it("names itself sutro-emulator in its usage, and shows --api-key as optional", () => {
    const help = execFileSync(process.execPath, [bin, "--help"], { encoding: "utf8", env: { PATH: "" } })
    expect(help).toMatch(/^\$ sutro-emulator \[--host text\]/m)
    expect(help).not.toMatch(/\$ emulator/)
    expect(help).toContain("[--api-key text...]")
  })

  it("prints no escape sequences when stdout is not a terminal, or with NO_COLOR", () => {
    for (const env of [{ PATH: "" }, { PATH: "", NO_COLOR: "1" }]) {
      const help = execFileSync(process.execPath, [bin, "--help"], { encoding: "utf8", env })
      expect(help).toContain("USAGE")
      expect(help).not.toMatch(/\x1b\[/)
    }
  })

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`exits at once on ${signal} when idle, and with a keep-alive connection open`, async () => {
      for (const whileUp of [undefined, idleConnection]) {
        const stopped = await serveThenSignal(signal, whileUp)
        expect(stopped.signal).toBeNull()
        expect(stopped.code).toBe(0)
        // Generous: a loaded CI machine.
        expect(stopped.millis).toBeLessThan(idleStopMillis)
      }
    })
  }

  it("exits promptly on SIGTERM in live mode with a million jobs, a tick running", async () => {
    // --tick 1: ticks back to back, so the signal arrives during one (about 45,000 jobs move in a
    // tick at a million). A signal is handled between ticks: a tick that walked the whole list per
    // change took 15.8 s at a million jobs, and SIGTERM waited for it.
    const stopped = await serveThenSignal(
      "SIGTERM",
      () => new Promise((resolve) => setTimeout(resolve, 1500)),
      ["--jobs", "1000000", "--live", "--tick", "1"]
    )
    expect(stopped.signal).toBeNull()
    expect(stopped.code).toBe(0)
    // A tick at a million jobs takes about a second on a loaded machine.
    expect(stopped.millis, `${Math.round(stopped.millis)} ms from SIGTERM to the exit`).toBeLessThan(liveStopMillis)
  }, 180_000)
})
