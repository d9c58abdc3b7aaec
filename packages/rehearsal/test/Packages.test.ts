import { describe, expect, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
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

  it.each(readmes)("%s: npm, pnpm and yarn, Effect 3 peers at the versions the tests use", (_, file) => {
    const markdown = read(file)
    const commands = Readme.installCommands(markdown)
    expect(new Set(commands.map((command) => command.manager))).toEqual(new Set(["npm", "pnpm", "yarn"]))
    if (commands.some((command) => command.packages.some((p) => p.name === "effect"))) {
      if (commands.some((command) => command.packages.some((p) => p.name === "effect"))) {
        expect(markdown.replace(/\*/g, "")).toMatch(/Effect 4 is\s+not supported\s+yet/)
      }
    }
    for (const command of commands) {
      for (const { name, version } of command.packages) {
        if (name.startsWith("@sutro-effect/")) {
          expect(version, command.line).toBeUndefined()
          continue
        }
        // effect and @effect/*: a bare name would install npm's `latest`, which is Effect 4
        expect(version, `${command.line}: ${name}`).toBeDefined()
        expect(version, `${command.line}: ${name}`).toBe(Workspace.pinned(name))
      }
      // every peer of the SDK packages it installs is named
      for (const { name } of command.packages.filter((p) => p.name.startsWith("@sutro-effect/"))) {
        const pkg = packages.find((p) => p.manifest.name === name)
        expect(pkg, name).toBeDefined()
        for (const peer of Object.keys(pkg!.manifest.peerDependencies ?? {})) {
          expect(command.packages.map((p) => p.name), `${command.line} lacks ${peer}`).toContain(peer)
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

  it.each(["client", "emulator", "cli"])("%s reads its version from the generated file only", (dir) => {
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
  })
})
