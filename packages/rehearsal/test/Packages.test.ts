import { describe, expect, it } from "@effect/vitest"
import { spawn, spawnSync } from "node:child_process"
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

describe("@since names a version the package has", () => {
  const numbers = (version: string) => version.split(".").map(Number)
  const above = (version: string, than: string) => {
    const [a, b] = [numbers(version), numbers(than)]
    const i = a.findIndex((n, k) => n !== b[k])
    return i >= 0 && a[i] > b[i]
  }
  // the Effect 3 line's version of a package (a shared file's home under packages/effect4 names both)
  const effect3Version = (dir: string) => {
    const twin = path.join(Workspace.root, "packages", "effect3", path.basename(dir), "package.json")
    return fs.existsSync(twin) ? JSON.parse(read(twin)).version as string : undefined
  }

  const bothLines = [...packages, ...Workspace.publishableOnLine(4)]
  it.each(bothLines.map((pkg) => [path.relative(Workspace.root, pkg.dir), pkg] as const))(
    "%s: no @since above its package.json version (the API pages say 'Added in' it)",
    (_, pkg) => {
      const version = pkg.manifest.version as string
      const effect3 = effect3Version(pkg.dir)
      const problems: Array<string> = []
      const src = path.join(pkg.dir, "src")
      for (const file of fs.readdirSync(src, { recursive: true }).map(String).filter((f) => f.endsWith(".ts"))) {
        for (
          const match of read(path.join(src, file)).matchAll(
            /@since (\d+\.\d+\.\d+)(?: \(Effect 3: (\d+\.\d+\.\d+)\))?/g
          )
        ) {
          if (above(match[1], version)) problems.push(`${file}: ${match[0]} (package ${version})`)
          if (match[2] !== undefined && effect3 !== undefined && above(match[2], effect3)) {
            problems.push(`${file}: ${match[0]} (Effect 3 line ${effect3})`)
          }
        }
      }
      expect(problems).toEqual([])
    }
  )
})

const packageDirs = (under: string) =>
  fs.readdirSync(path.join(Workspace.root, under)).filter((dir) =>
    fs.existsSync(path.join(Workspace.root, under, dir, "package.json"))
  ).map((dir) => path.posix.join(under, dir))

/**
 * A copy of what `changeset version` and `gen-version` read and write, outside the workspace (and outside
 * git: Changesets' git steps do nothing there), with one changeset in a line's changeset directory.
 */
const versionedCopy = (changesets: string, frontmatter: string) => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "sutro-version-"))
  const files = [
    "package.json",
    "pnpm-workspace.yaml",
    ".changeset/config.json",
    ".changeset-effect4/config.json",
    "scripts/changeset-line.mjs",
    "scripts/gen-version.mjs",
    ...[...packageDirs("packages"), ...packageDirs("packages/effect3"), ...packageDirs("packages/effect4")].flatMap((
      dir
    ) => ["package.json", "CHANGELOG.md", "src/internal/version.ts"].map((file) => `${dir}/${file}`))
  ]
  for (const file of files) {
    if (!fs.existsSync(path.join(Workspace.root, file))) continue
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true })
    fs.copyFileSync(path.join(Workspace.root, file), path.join(copy, file))
  }
  fs.symlinkSync(path.join(Workspace.root, "node_modules"), path.join(copy, "node_modules"))
  fs.writeFileSync(
    path.join(copy, changesets, "rehearsal-bump.md"),
    `---\n${frontmatter}\n---\n\nA change for the rehearsal.\n`
  )
  return copy
}

const run = (cwd: string, args: ReadonlyArray<string>) => {
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8" })
  expect(result.status, `${args.join(" ")}\n${result.stdout}\n${result.stderr}`).toBe(0)
  return result
}

const manifestIn = (dir: string, pkg: string) => JSON.parse(read(path.join(dir, "packages", pkg, "package.json")))
const minorOf = (version: string) => {
  const [major, minor] = version.split(".").map(Number)
  return `${major}.${minor! + 1}.0`
}
const lineDirs = (line: "effect3" | "effect4") => packageDirs(`packages/${line}`).map((dir) => path.posix.basename(dir))

describe("versioning with Changesets, one configuration per line", () => {
  for (
    const [line, changesets, other] of [
      ["effect4", ".changeset-effect4", "effect3"],
      ["effect3", ".changeset", "effect4"]
    ] as const
  ) {
    it(`a changeset in ${changesets}/ naming @sutro-effect/client bumps the ${line} line's client, never the ${other} line's`, () => {
      const copy = versionedCopy(changesets, `"@sutro-effect/client": minor`)
      try {
        const entries = fs.readdirSync(copy).sort()
        // `pnpm version-packages`, as the root package.json runs it
        run(copy, ["scripts/changeset-line.mjs", "effect3", "version"])
        run(copy, ["scripts/changeset-line.mjs", "effect4", "version"])
        run(copy, ["scripts/gen-version.mjs"])

        const before = (dir: string) => manifestIn(Workspace.root, dir)
        const after = (dir: string) => manifestIn(copy, dir)
        expect(after(`${line}/client`).version).toBe(minorOf(before(`${line}/client`).version))
        expect(read(path.join(copy, "packages", line, "client", "CHANGELOG.md"))).toContain(
          "A change for the rehearsal."
        )
        // a dependent on the same line is bumped (a patch, its range moved) when the new version leaves its
        // range: a 0.x minor does (^0.1.0), a 1.x minor does not (^1.0.0)
        if (line === "effect3") {
          expect(after(`${line}/node`).version).not.toBe(before(`${line}/node`).version)
          expect(after(`${line}/node`).dependencies["@sutro-effect/client"]).toBe(
            `workspace:^${after(`${line}/client`).version}`
          )
        } else {
          expect(after(`${line}/node`)).toEqual(before(`${line}/node`))
        }
        // the other line: every package as it was
        for (const dir of lineDirs(other)) {
          expect(after(`${other}/${dir}`), `${other}/${dir}`).toEqual(before(`${other}/${dir}`))
          expect(fs.existsSync(path.join(copy, "packages", other, dir, "CHANGELOG.md"))).toBe(
            fs.existsSync(path.join(Workspace.root, "packages", other, dir, "CHANGELOG.md"))
          )
        }
        for (const dir of [`${line}/client`, `${other}/client`]) {
          expect(read(path.join(copy, "packages", dir, "src", "internal", "version.ts"))).toContain(
            `export const version = ${JSON.stringify(after(dir).version)}`
          )
        }
        run(copy, ["scripts/gen-version.mjs", "--check"])
        expect(after("bench").version).toBe(before("bench").version) // private packages are not versioned
        // the changeset is consumed, and the scratch views left nothing behind in the workspace
        expect(fs.readdirSync(path.join(copy, changesets))).toEqual(["config.json"])
        expect(fs.readdirSync(copy).sort()).toEqual(entries)
        expect(read(path.join(copy, "pnpm-workspace.yaml"))).toBe(
          read(path.join(Workspace.root, "pnpm-workspace.yaml"))
        )
      } finally {
        fs.rmSync(copy, { recursive: true, force: true })
      }
    })
  }

  it("a shared package's bump that leaves the Effect 4 line's range is carried across by `pnpm version-packages`", () => {
    const copy = versionedCopy(".changeset", `"@sutro-effect/protocol": minor`)
    try {
      run(copy, ["scripts/changeset-line.mjs", "effect3", "version"])
      run(copy, ["scripts/changeset-line.mjs", "effect4", "version"])
      const protocol = manifestIn(copy, "protocol").version
      expect(protocol).toBe(minorOf(manifestIn(Workspace.root, "protocol").version))
      for (const dir of lineDirs("effect4")) {
        const before = manifestIn(Workspace.root, `effect4/${dir}`)
        const after = manifestIn(copy, `effect4/${dir}`)
        if (before.dependencies?.["@sutro-effect/protocol"] === undefined) continue
        expect(after.dependencies["@sutro-effect/protocol"], dir).toBe(`workspace:^${protocol}`)
        // a patch for what is published; the private ones only follow the range
        if (before.private !== true) {
          const [major, minor, patch] = (before.version as string).split(".").map(Number)
          expect(after.version, dir).toBe(`${major}.${minor}.${patch! + 1}`)
          expect(read(path.join(copy, "packages", "effect4", dir, "CHANGELOG.md"))).toContain(
            `@sutro-effect/protocol ${protocol}`
          )
        }
      }
      expect(fs.readdirSync(path.join(copy, ".changeset-effect4"))).toEqual(["config.json"])
    } finally {
      fs.rmSync(copy, { recursive: true, force: true })
    }
  })

  it("a changeset for a shared package goes with the Effect 3 line: the Effect 4 side refuses it", () => {
    const copy = versionedCopy(".changeset-effect4", `"@sutro-effect/protocol": minor`)
    try {
      const result = spawnSync(process.execPath, ["scripts/changeset-line.mjs", "effect4", "version"], {
        cwd: copy,
        encoding: "utf8"
      })
      expect(result.status).not.toBe(0)
      expect(result.stdout + result.stderr).toContain("@sutro-effect/protocol")
      expect(manifestIn(copy, "protocol").version).toBe(manifestIn(Workspace.root, "protocol").version)
    } finally {
      fs.rmSync(copy, { recursive: true, force: true })
    }
  })

  it("interrupted while Changesets waits for an answer, the script removes its scratch view", async () => {
    const copy = versionedCopy(".changeset-effect4", `"@sutro-effect/client": patch`)
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sutro-scratch-"))
    try {
      const entries = fs.readdirSync(copy).sort()
      const child = spawn(process.execPath, ["scripts/changeset-line.mjs", "effect4", "add"], {
        cwd: copy,
        env: { ...process.env, TMPDIR: scratch },
        stdio: ["pipe", "ignore", "ignore"]
      })
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
      const started = Date.now()
      while (fs.readdirSync(scratch).length === 0 && Date.now() - started < 20_000) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(fs.readdirSync(scratch)[0]).toMatch(/^sutro-changeset-effect4-/)
      await new Promise((resolve) => setTimeout(resolve, 300)) // Changesets is running in the view
      child.kill("SIGTERM")
      expect(await exited).toBe(143)
      expect(fs.readdirSync(scratch)).toEqual([])
      expect(fs.readdirSync(copy).sort()).toEqual(entries)
      expect(fs.readdirSync(path.join(copy, ".changeset-effect4")).sort()).toEqual(["config.json", "rehearsal-bump.md"])
    } finally {
      fs.rmSync(copy, { recursive: true, force: true })
      fs.rmSync(scratch, { recursive: true, force: true })
    }
  })

  it("without a line, the script says which lines there are and changes nothing", () => {
    const result = spawnSync(process.execPath, [path.join(Workspace.root, "scripts", "changeset-line.mjs")], {
      cwd: Workspace.root,
      encoding: "utf8"
    })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain("<effect3|effect4>")
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
