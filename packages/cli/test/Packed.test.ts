// The CLI as npm would install it: the package `npm pack` makes from packages/cli, unpacked where no
// node_modules is in reach, run with nothing but Node. The bundle (dist/bin.js) is the whole program, so
// the published package needs no dependency at run time and carries nothing else.
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { execFile, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { promisify } from "node:util"
import { buildCli } from "./build.js"

const exec = promisify(execFile)
const root = path.resolve(__dirname, "../../..")
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sutro-cli-packed-"))
const unpacked = path.join(tmp, "package")
const emptyHome = path.join(tmp, "home")

let tarballFiles: Array<string>

beforeAll(async () => {
  await buildCli(root)
  const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", tmp], {
    cwd: path.join(root, "packages/cli"),
    env: { PATH: process.env.PATH ?? "", HOME: tmp, npm_config_cache: path.join(tmp, "npm-cache") }
  })
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>
  tarballFiles = packed.files.map((file) => file.path).sort()
  await exec("tar", ["xzf", path.join(tmp, packed.filename), "-C", tmp])
  fs.mkdirSync(emptyHome)
}, 240_000)

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

const manifest = () => JSON.parse(fs.readFileSync(path.join(unpacked, "package.json"), "utf8"))

interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** The packed bin, run from the unpacked package's parent with a clean environment. */
const packedCli = (
  args: ReadonlyArray<string>,
  options: { readonly env?: Record<string, string>; readonly onStdout?: (soFar: string) => void } = {}
): Promise<Result> & { readonly kill: () => void } => {
  const child = spawn(process.execPath, [path.join(unpacked, manifest().bin["sutro-jobs"]), ...args], {
    cwd: tmp,
    env: { PATH: process.env.PATH ?? "", HOME: emptyHome, COLUMNS: "100", ...options.env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  const promise = new Promise<Result>((resolve, reject) => {
    let stdout = "", stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
      options.onStdout?.(stdout)
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })
  return Object.assign(promise, { kill: () => void child.kill("SIGINT") })
}

describe("the packed @sutro-effect/cli", () => {
  it("needs no package at run time: no dependencies of any kind in the published manifest", () => {
    const published = manifest()
    expect(published.name).toBe("@sutro-effect/cli")
    expect(published.dependencies ?? {}).toEqual({})
    expect(published.peerDependencies ?? {}).toEqual({})
    expect(published.optionalDependencies ?? {}).toEqual({})
    expect(published.bundleDependencies ?? published.bundledDependencies ?? []).toEqual([])
  })

  it("carries the bundle and its documents only", () => {
    expect(tarballFiles).toEqual([
      "CHANGELOG.md",
      "LICENSE",
      "README.md",
      "dist/bin.js",
      "dist/sutro-jobs.js",
      "package.json"
    ])
    expect(manifest().bin).toEqual({ "sutro-jobs": "./dist/bin.js" })
  })

  it("answers --help, <command> --help and --version from dist/bin.js alone, without reading the program", async () => {
    // the start-up of `sutro-jobs --help` stays close to Node's own (docs/benchmarks.md): Node parses all of a
    // module before running it, and the program is 1.8 MB
    const alone = path.join(tmp, "bin-alone")
    fs.mkdirSync(path.join(alone, "dist"), { recursive: true })
    fs.copyFileSync(path.join(unpacked, "dist/bin.js"), path.join(alone, "dist/bin.js"))
    expect(fs.statSync(path.join(alone, "dist/bin.js")).size).toBeLessThan(100_000)
    const version = manifest().version as string
    for (
      const [args, text] of [[["--help"], "sutro-jobs"], [["list", "--help"], "sutro-jobs list"], [
        ["--version"],
        version
      ]] as const
    ) {
      const result = await exec(process.execPath, [path.join(alone, "dist/bin.js"), ...args], { cwd: tmp })
      expect(result.stdout, args.join(" ")).toContain(text)
    }
    // anything else runs the program, which is not there
    await expect(exec(process.execPath, [path.join(alone, "dist/bin.js"), "list"], { cwd: tmp })).rejects.toThrow(
      /sutro-jobs\.js/
    )
  })

  it("runs where no node_modules is in reach: --help, an emulator, and list against it", async () => {
    // nothing Node could resolve a package from, from the unpacked package up to the root
    for (let dir = unpacked; dir !== path.dirname(dir); dir = path.dirname(dir)) {
      expect(fs.existsSync(path.join(dir, "node_modules")), dir).toBe(false)
    }
    const help = await packedCli(["--help"])
    expect(help.stderr).toBe("")
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^ {2}- list /m)

    let url: string | undefined
    let listed: Result | undefined
    const emulator = packedCli(["emulator", "--port", "0", "--jobs", "5", "--api-key", "sk_local_packed"], {
      onStdout: (soFar) => {
        const match = /listening on (http:\/\/\S+)/.exec(soFar)
        if (url !== undefined || match === null) return
        url = match[1]
        packedCli(["list", "--format", "ids"], { env: { SUTRO_API_URL: url, SUTRO_API_KEY: "sk_local_packed" } })
          .then((result) => (listed = result))
          .finally(() => emulator.kill())
      }
    })
    const served = await emulator
    expect(served.stderr).toBe("")
    expect(url).toBeDefined()
    expect(listed?.stderr).toBe("")
    expect(listed?.code).toBe(0)
    expect(listed?.stdout).toMatch(/^(\S+\n){5}$/)
  }, 60_000)
})
