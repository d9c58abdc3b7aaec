// The wrong-major and old-Node guard of the line packages (scripts/guard-exports.mjs and
// scripts/guard-entries.mjs), for real: packages built into a temporary directory, fake projects
// whose node_modules hold one Effect major or the other, and `node -e 'import(...)'` run in them with
// Node 22 and the machine's Node 20. The same on both lines (each line's vitest runs it).
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { pathToFileURL } from "node:url"
import ts from "typescript"

const root = Path.resolve(__dirname, "../../../..")
const packages = Path.join(root, "packages")

/** The effect each line links, as installed for it in the workspace. */
const effectDir = (major: 3 | 4) => Fs.realpathSync(Path.join(packages, `effect${major}/core/node_modules/effect`))
const effectVersion = (major: 3 | 4) =>
  (JSON.parse(Fs.readFileSync(Path.join(effectDir(major), "package.json"), "utf8")) as { version: string }).version

const versionOf = (node: string) => ChildProcess.execFileSync(node, ["--version"], { encoding: "utf8" }).trim()
const find = (candidates: ReadonlyArray<string | undefined>, wanted: (version: string) => boolean) =>
  candidates.find((candidate) => candidate !== undefined && Fs.existsSync(candidate) && wanted(versionOf(candidate)))
/** The `node` first on PATH (an outer `npx -p node@22` puts its Node 22 there). */
const nodeOnPath = () => {
  const found = ChildProcess.spawnSync("node", ["-p", "process.execPath"], { encoding: "utf8" })
  return found.status === 0 ? found.stdout.trim() : undefined
}
/**
 * A Node the Effect 4 line runs on (>= 22.19): this process's on the Effect 4 line (vitest 5 needs it); on the
 * Effect 3 line, this process's, SUTRO_NODE22 or the `node` on PATH, if one is.
 */
const node22 = find([process.execPath, process.env.SUTRO_NODE22, nodeOnPath()], (version) => {
  const [major, minor] = version.slice(1).split(".").map(Number)
  return major > 22 || (major === 22 && minor >= 19)
})
/** The machine's Node 20: the Effect 3 line supports it, the Effect 4 line must refuse it. */
const node20 = find(
  [process.execPath, process.env.SUTRO_NODE20, "/usr/local/bin/node", "/usr/bin/node"],
  (version) => version.startsWith("v20.")
)

interface Run {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

// A bare environment: no NODE_OPTIONS or loader hooks from the test runner.
const run = (node: string, cwd: string, args: ReadonlyArray<string>): Run => {
  const result = ChildProcess.spawnSync(node, args, { cwd, encoding: "utf8", env: { PATH: process.env.PATH } })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

const script = (node: string, cwd: string, code: string) => run(node, cwd, ["--input-type=module", "-e", code])

/** Compiles a package's sources as `tsc -b` does (types erased, imports kept), without the type check. */
const transpile = (from: string, to: string) => {
  for (const entry of Fs.readdirSync(from, { withFileTypes: true })) {
    const source = Path.join(from, entry.name)
    if (entry.isDirectory()) transpile(source, Path.join(to, entry.name))
    else if (entry.name.endsWith(".ts")) {
      const { outputText } = ts.transpileModule(Fs.readFileSync(source, "utf8"), {
        fileName: source,
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2022,
          verbatimModuleSyntax: true
        }
      })
      Fs.mkdirSync(to, { recursive: true })
      Fs.writeFileSync(Path.join(to, entry.name.replace(/\.ts$/, ".js")), outputText)
    }
  }
}

interface Line {
  readonly packageName: string
  readonly packageVersion: string
  readonly effectMajor: 3 | 4
  readonly minNode?: string
}

describe("the wrong-major and old-Node guard", () => {
  const tmp = Fs.mkdtempSync(Path.join(Os.tmpdir(), "sutro-guard-"))
  const built = Path.join(tmp, "packages")

  /** Builds packages/<dir> into the temporary directory as `pnpm build` would, guard included. */
  const build = (dir: string) => {
    const to = Path.join(built, dir)
    Fs.mkdirSync(to, { recursive: true })
    Fs.copyFileSync(Path.join(packages, dir, "package.json"), Path.join(to, "package.json"))
    Fs.cpSync(Path.join(packages, dir, "src"), Path.join(to, "src"), { recursive: true })
    transpile(Path.join(packages, dir, "src"), Path.join(to, "dist"))
    return to
  }

  const lines = new Map<string, Line>()
  const lineOf = (dir: string): Line => lines.get(dir)!

  /**
   * A project: `packages` copied into its node_modules (so they resolve effect from there, as an
   * installed package does), the protocol linked, and effect `major` linked (or none).
   */
  const project = (name: string, dirs: ReadonlyArray<string>, major: 3 | 4 | undefined) => {
    const app = Path.join(tmp, "projects", name)
    const modules = Path.join(app, "node_modules")
    Fs.mkdirSync(Path.join(modules, "@sutro-effect"), { recursive: true })
    Fs.writeFileSync(Path.join(app, "package.json"), JSON.stringify({ name, private: true, type: "module" }))
    Fs.symlinkSync(Path.join(built, "protocol"), Path.join(modules, "@sutro-effect/protocol"))
    for (const dir of dirs) {
      Fs.cpSync(Path.join(built, dir), Path.join(modules, lineOf(dir).packageName), { recursive: true })
    }
    if (major !== undefined) Fs.symlinkSync(effectDir(major), Path.join(modules, "effect"))
    return app
  }

  let problem: (line: Line, found: { effectVersion: string | undefined; nodeVersion: string }) => string | undefined

  /** What the guard should say, from @sutro-effect/protocol/Major itself. */
  const expected = (line: Line, effect: string | undefined, node: string) =>
    problem(line, { effectVersion: effect, nodeVersion: versionOf(node).slice(1) }) ?? ""

  /** Node's report of the guard's error: the message alone, on one line, and no stack. */
  const expectRefused = (result: Run, message: string) => {
    expect(message).not.toBe("")
    expect(result.status).toBe(1)
    expect(result.stdout).toBe("")
    expect(result.stderr.split("\n")).toContain(`[${message}]`)
    expect(result.stderr).not.toMatch(/^\s+at /m)
    expect(result.stderr).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND|does not provide an export/)
  }

  /** Imports every public module through the package's exports and directly from dist/, and compares them. */
  const loadAll = (node: string, app: string, dir: string) => {
    const name = lineOf(dir).packageName
    const modules = Fs.readdirSync(Path.join(built, dir, "src")).filter((file) => file.endsWith(".ts"))
      .map((file) => file.slice(0, -3))
    const result = script(
      node,
      app,
      `import * as Path from "node:path"
      import { pathToFileURL } from "node:url"
      const out = {}
      for (const module of ${JSON.stringify(modules)}) {
        const specifier = module === "index" ? ${JSON.stringify(name)} : ${JSON.stringify(name)} + "/" + module
        const guarded = await import(specifier)
        const real = await import(pathToFileURL(Path.resolve("node_modules", ${
        JSON.stringify(name)
      }, "dist", module + ".js")).href)
        out[module] = {
          resolved: Path.relative(Path.resolve("node_modules", ${
        JSON.stringify(name)
      }), new URL(import.meta.resolve(specifier)).pathname),
          names: Object.keys(guarded).sort(),
          real: Object.keys(real).sort(),
          same: Object.keys(real).every((key) => guarded[key] === real[key])
        }
      }
      process.stdout.write(JSON.stringify(out))`
    )
    expect(result.stderr).toBe("")
    expect(result.status).toBe(0)
    const out = JSON.parse(result.stdout) as Record<
      string,
      { resolved: string; names: Array<string>; real: Array<string>; same: boolean }
    >
    expect(Object.keys(out).sort()).toEqual([...modules].sort())
    for (const [module, { names, real, resolved, same }] of Object.entries(out)) {
      expect(resolved).toBe(`dist/node/${module}.js`)
      expect(names).toEqual(real)
      expect(real.length).toBeGreaterThan(0)
      expect(same).toBe(true)
    }
  }

  beforeAll(async () => {
    if (node20 === undefined) {
      throw new Error("no Node 20 found at /usr/local/bin/node or /usr/bin/node: set SUTRO_NODE20 to one")
    }
    build("protocol")
    const dirs = ["effect3/core", "effect4/core", "effect4/node"]
    const copies = dirs.map(build)
    // The steps that follow `tsc -b` in the build, on these copies.
    for (const step of ["guard-exports.mjs", "guard-entries.mjs"]) {
      const result = run(node20, root, [Path.join(root, "scripts", step), ...copies])
      expect(result.stderr).toBe("")
      expect(result.status).toBe(0)
    }
    ;({ problem } = await import(pathToFileURL(Path.join(built, "protocol/dist/Major.js")).href))
    for (const dir of dirs) {
      const pkg = JSON.parse(Fs.readFileSync(Path.join(built, dir, "package.json"), "utf8"))
      const major = dir.startsWith("effect3") ? 3 : 4
      lines.set(dir, {
        packageName: pkg.name,
        packageVersion: pkg.version,
        effectMajor: major,
        ...(pkg.engines?.node === undefined ? {} : { minNode: major === 3 ? "20.0.0" : "22.19.0" })
      })
    }
  }, 30_000)

  afterAll(() => {
    Fs.rmSync(tmp, { recursive: true, force: true })
  })

  it("the exports map sends Node to the guarded entries, after the types and sources", () => {
    const pkg = JSON.parse(Fs.readFileSync(Path.join(built, "effect4/core/package.json"), "utf8"))
    expect(Object.keys(pkg.exports["."])).toEqual(["sutro-source", "types", "module", "node", "default"])
    expect(pkg.exports["."]).toMatchObject({ node: "./dist/node/index.js", default: "./dist/index.js" })
    expect(pkg.exports["./*"]).toMatchObject({ node: "./dist/node/*.js", default: "./dist/*.js" })
    expect(pkg.exports["./internal/*"]).toBe(null)
  })

  it("the Effect 3 line loads with effect 3 on Node 20, every module the same through the guard", () => {
    loadAll(node20!, project("e3-with-effect3", ["effect3/core"], 3), "effect3/core")
  })

  // Needs a Node 22: always there on the Effect 4 line; on the Effect 3 line run by Node 20, only with SUTRO_NODE22.
  it.skipIf(node22 === undefined)(
    "the Effect 4 line loads with effect 4 on Node 22, every module the same through the guard",
    () => {
      loadAll(node22!, project("e4-with-effect4", ["effect4/core"], 4), "effect4/core")
    }
  )

  it("the Effect 3 line with effect 4 installed: one line naming the fix, instead of a missing module", () => {
    const app = project("e3-with-effect4", ["effect3/core"], 4)
    const line = lineOf("effect3/core")
    const message = expected(line, effectVersion(4), node20!)
    expect(message).toContain(`${line.packageName} ${line.packageVersion}`)
    expect(message).toContain(effectVersion(4))
    expectRefused(run(node20!, app, ["-e", `import("@sutro-effect/core")`]), message)
    // A module through the subpath export, on the other Node when there is one.
    const other = node22 ?? node20!
    expectRefused(
      run(other, app, ["-e", `import("@sutro-effect/core/Job")`]),
      expected(line, effectVersion(4), other)
    )
    // Without the guard (the module itself), the same project fails deep inside the link step.
    const unguarded = run(node20!, app, ["-e", `import("./node_modules/@sutro-effect/core/dist/index.js")`])
    expect(unguarded.status).toBe(1)
    expect(unguarded.stderr).toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND|does not provide an export/)
  })

  it("the Effect 4 line with effect 3 installed: one line naming the fix", () => {
    const app = project("e4-with-effect3", ["effect4/core"], 3)
    const line = lineOf("effect4/core")
    // The wrong effect is named first, whichever Node runs it.
    const node = node22 ?? node20!
    const message = expected(line, effectVersion(3), node)
    expect(message).toContain(`${line.packageName} ${line.packageVersion}`)
    expect(message).toContain(effectVersion(3))
    expectRefused(run(node, app, ["-e", `import("@sutro-effect/core")`]), message)
  })

  it("no effect installed at all: one line saying so", () => {
    const app = project("e3-without-effect", ["effect3/core"], undefined)
    expectRefused(
      run(node20!, app, ["-e", `import("@sutro-effect/core")`]),
      expected(lineOf("effect3/core"), undefined, node20!)
    )
  })

  it("the Effect 4 line's node package on Node 20: one line naming the Node.js it needs", () => {
    const app = project("node4-on-node20", ["effect4/node"], 4)
    const line = lineOf("effect4/node")
    expect(line.minNode).toBe("22.19.0")
    const message = expected(line, effectVersion(4), node20!)
    expect(message).toContain("22.19.0")
    expect(message).toContain(versionOf(node20!).slice(1))
    expectRefused(run(node20!, app, ["-e", `import("@sutro-effect/node")`]), message)
  })
})
