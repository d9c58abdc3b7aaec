import { describe, expect, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Readme from "../src/Readme.js"
import * as Workspace from "../src/Workspace.js"

const packages = Workspace.publishable()
const read = (file: string) => fs.readFileSync(file, "utf8")

describe("what every published package carries", () => {
  it("there are packages to publish", () => {
    expect(packages.map((pkg) => pkg.manifest.name)).toEqual(
      expect.arrayContaining(["@sutro-effect/core", "@sutro-effect/client", "@sutro-effect/cli"])
    )
  })

  it.each(packages.map((pkg) => [pkg.manifest.name, pkg] as const))("%s: MIT LICENSE, public access", (_, pkg) => {
    expect(pkg.manifest.license).toBe("MIT")
    expect(read(path.join(pkg.dir, "LICENSE"))).toBe(read(path.join(Workspace.root, "LICENSE")))
    expect(read(path.join(Workspace.root, "LICENSE"))).toMatch(/^MIT License\n/)
    expect(pkg.manifest.files).toContain("LICENSE")
    expect(pkg.manifest.publishConfig?.access).toBe("public")
    expect(pkg.manifest.exports?.["./package.json"]).toBe("./package.json")
  })

  it.each(packages.map((pkg) => [pkg.manifest.name, pkg] as const))("%s: no bin is importable", (_, pkg) => {
    const exports = pkg.manifest.exports ?? {}
    for (const bin of Object.values(pkg.manifest.bin ?? {})) {
      const subpath = `./${path.posix.basename(bin, ".js")}`
      // an exact `null` entry wins over the "./*" pattern; without a pattern nothing else is exported
      if ("./*" in exports) expect(exports[subpath], `${pkg.manifest.name} ${subpath}`).toBeNull()
      else expect(Object.keys(exports).filter((key) => key !== "./package.json")).toEqual([])
    }
  })

  it("the CLI is an application: it exports no module", () => {
    const cli = packages.find((pkg) => pkg.manifest.name === "@sutro-effect/cli")!
    expect(cli.manifest.exports).toEqual({ "./package.json": "./package.json" })
  })

  it.each(packages.map((pkg) => [pkg.manifest.name, pkg] as const))("%s: the README stands alone", (_, pkg) => {
    const readme = read(path.join(pkg.dir, "README.md"))
    const published = (target: string) =>
      (pkg.manifest.files ?? []).some((entry) => target === entry || target.startsWith(`${entry}/`))
    expect(Readme.linksLeaving(readme, published)).toEqual([])
    expect(readme).not.toMatch(/\.\.\/\.\.\//)
  })
})

describe("install commands", () => {
  const readmes = [
    ["README.md", path.join(Workspace.root, "README.md")] as const,
    ...packages.map((pkg) => [pkg.manifest.name, path.join(pkg.dir, "README.md")] as const)
  ]

  // A README with a section per line checks each against that line's pins; one without checks its Install
  // section against the Effect 3 line's (the packages this rehearsal publishes).
  const lines = [["Effect 4 line", 4], ["Effect 3 line", 3]] as const

  it.each(readmes)("%s: npm, pnpm and yarn, each line's peers at the versions its tests use", (_, file) => {
    const markdown = read(file)
    const sections = lines.filter(([heading]) => Readme.hasSection(markdown, heading))
    const groups = sections.length === 0 ? [["Install", 3] as const] : sections
    for (const [heading, line] of groups) {
      const commands = Readme.installCommands(markdown, heading)
      expect(new Set(commands.map((command) => command.manager)), `${file}: ${heading}`).toEqual(
        new Set(["npm", "pnpm", "yarn"])
      )
      for (const command of commands) {
        for (const { name, version } of command.packages) {
          if (name.startsWith("@sutro-effect/")) {
            // the Effect 4 line is npm's `latest`; the Effect 3 line is tagged `effect3`
            if (Workspace.lineOf(name) === "shared") expect(version, command.line).toBeUndefined()
            else expect(version, command.line).toBe(line === 3 ? "effect3" : undefined)
            continue
          }
          // effect and @effect/*: a bare name would install npm's `latest`, which is Effect 4
          expect(version, `${command.line}: ${name}`).toBeDefined()
          expect(version, `${command.line}: ${name}`).toBe(Workspace.pinnedOnLine(name, line))
        }
        // every peer of the SDK packages it installs is named
        for (const { name } of command.packages.filter((p) => p.name.startsWith("@sutro-effect/"))) {
          const manifest = Workspace.manifestOnLine(name, line)
          expect(manifest, name).toBeDefined()
          for (const peer of Object.keys(manifest!.peerDependencies ?? {})) {
            expect(command.packages.map((p) => p.name), `${command.line} lacks ${peer}`).toContain(peer)
          }
        }
      }
    }
  })
})

describe("one home for each package's version", () => {
  it("every generated src/internal/version.ts matches its package.json", () => {
    const result = spawnSync(process.execPath, [path.join(Workspace.root, "scripts", "gen-version.mjs"), "--check"], {
      encoding: "utf8"
    })
    expect(result.stderr).toBe("")
    expect(result.status).toBe(0)
  })

  it.each(["effect3/client", "effect4/client", "emulator", "cli"])(
    "%s reads its version from the generated file only",
    (dir) => {
      const version = JSON.parse(read(path.join(Workspace.root, "packages", dir, "package.json"))).version as string
      const generated = read(path.join(Workspace.root, "packages", dir, "src", "internal", "version.ts"))
      expect(generated).toContain(`export const version = ${JSON.stringify(version)}`)
      const sources = fs.readdirSync(path.join(Workspace.root, "packages", dir, "src"), { recursive: true })
        .map(String)
        .filter((file) => file.endsWith(".ts") && file !== path.join("internal", "version.ts"))
      for (const file of sources) {
        const text = read(path.join(Workspace.root, "packages", dir, "src", file))
        expect(text.replace(/@since \S+/g, ""), file).not.toContain(`"${version}"`)
        expect(text.replace(/@since \S+/g, ""), file).not.toContain(`/${version}"`)
      }
    }
  )
})

const lineDirs = [
  ...fs.readdirSync(path.join(Workspace.root, "packages")).filter((dir) => !/^effect\d$/.test(dir)),
  ...fs.readdirSync(path.join(Workspace.root, "packages", "effect3")).map((dir) => `effect3/${dir}`)
]

describe("versioning with Changesets", () => {
  it("`pnpm version-packages` bumps from a changeset, and each generated version.ts follows its package.json", () => {
    // a copy of what `changeset version` reads and writes, outside the workspace
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "sutro-version-"))
    try {
      const files = [
        "package.json",
        "pnpm-workspace.yaml",
        ".changeset/config.json",
        "scripts/gen-version.mjs",
        // the shared packages and the Effect 3 line: what this release configuration versions (Changesets keys
        // packages by name, and the Effect 4 line publishes the same names)
        ...lineDirs.flatMap((dir) =>
          ["package.json", "CHANGELOG.md", "src/internal/version.ts"].map((file) => `packages/${dir}/${file}`)
        )
      ]
      for (const file of files) {
        if (!fs.existsSync(path.join(Workspace.root, file))) continue
        fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true })
        fs.copyFileSync(path.join(Workspace.root, file), path.join(copy, file))
      }
      fs.symlinkSync(path.join(Workspace.root, "node_modules"), path.join(copy, "node_modules"))
      fs.writeFileSync(
        path.join(copy, ".changeset", "rehearsal-bump.md"),
        `---\n"@sutro-effect/client": minor\n---\n\nA change for the rehearsal.\n`
      )
      const before = (dir: string) => JSON.parse(read(path.join(Workspace.root, "packages", dir, "package.json")))
      const after = (dir: string) => JSON.parse(read(path.join(copy, "packages", dir, "package.json")))
      const changeset = path.join(Workspace.root, "node_modules", "@changesets", "cli", "bin.js")
      const version = spawnSync(process.execPath, [changeset, "version"], { cwd: copy, encoding: "utf8" })
      expect(version.status, version.stderr).toBe(0)
      const generate = spawnSync(process.execPath, ["scripts/gen-version.mjs"], { cwd: copy, encoding: "utf8" })
      expect(generate.status, generate.stderr).toBe(0)

      const [major, minor] = (before("effect3/client").version as string).split(".").map(Number)
      expect(after("effect3/client").version).toBe(`${major}.${minor! + 1}.0`)
      expect(read(path.join(copy, "packages", "effect3/client", "CHANGELOG.md"))).toContain(
        "A change for the rehearsal."
      )
      // dependents are bumped too (a patch), and every generated file follows
      expect(after("effect3/node").version).not.toBe(before("effect3/node").version)
      for (const dir of ["effect3/client", "emulator", "cli"]) {
        expect(read(path.join(copy, "packages", dir, "src", "internal", "version.ts"))).toContain(
          `export const version = ${JSON.stringify(after(dir).version)}`
        )
      }
      const check = spawnSync(process.execPath, ["scripts/gen-version.mjs", "--check"], { cwd: copy, encoding: "utf8" })
      expect(check.status, check.stderr).toBe(0)
      expect(after("bench").version).toBe(before("bench").version) // private packages are not versioned
    } finally {
      fs.rmSync(copy, { recursive: true, force: true })
    }
  })

  it("gen-version --check fails, naming the file, when a version.ts drifts", () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "sutro-version-"))
    try {
      for (
        const file of [
          "scripts/gen-version.mjs",
          ...["effect3/client", "effect4/client", "emulator", "cli"].flatMap((
            dir
          ) => [`packages/${dir}/package.json`, `packages/${dir}/src/internal/version.ts`])
        ]
      ) {
        fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true })
        fs.copyFileSync(path.join(Workspace.root, file), path.join(copy, file))
      }
      const manifest = path.join(copy, "packages", "emulator", "package.json")
      fs.writeFileSync(manifest, JSON.stringify({ ...JSON.parse(read(manifest)), version: "9.9.9" }))
      const check = spawnSync(process.execPath, ["scripts/gen-version.mjs", "--check"], { cwd: copy, encoding: "utf8" })
      expect(check.status).toBe(1)
      expect(check.stderr).toContain(
        "packages/emulator/src/internal/version.ts does not match @sutro-effect/emulator@9.9.9"
      )
    } finally {
      fs.rmSync(copy, { recursive: true, force: true })
    }
  })
})
