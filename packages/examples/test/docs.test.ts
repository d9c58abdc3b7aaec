// Every TypeScript example in README.md, docs/*.md and the packages' READMEs (packages/*/README.md and
// the lines' packages/effect3/*/README.md, packages/effect4/*/README.md) is a copy of a file that
// `pnpm check` type-checks and the tests of packages/examples (Effect 3 line) or packages/effect4/examples
// (Effect 4 line) run. A copy that drifts from its file, an example without a file, or a barrel import from
// "effect" fails here.
import { describe, expect, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { examples, root } from "./helpers.js"

const effect4Examples = path.join(root, "packages/effect4/examples")

/** The workspace packages: packages/<name> and, for the two lines, packages/<line>/<name>. */
const packages = fs.readdirSync(path.join(root, "packages")).flatMap((name) => {
  const dir = `packages/${name}`
  if (fs.existsSync(path.join(root, dir, "src"))) return [dir]
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((entry) =>
      entry.isDirectory() && entry.name !== "node_modules" &&
      fs.existsSync(path.join(root, dir, entry.name, "package.json"))
    )
    .map((entry) => `${dir}/${entry.name}`)
})

const guides = [
  "README.md",
  ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`),
  ...fs.readdirSync(path.join(root, "packages"))
    .filter((p) => fs.existsSync(path.join(root, "packages", p, "README.md")))
    .map((p) => `packages/${p}/README.md`),
  ...packages.filter((p) => p.split("/").length === 3 && fs.existsSync(path.join(root, p, "README.md")))
    .map((p) => `${p}/README.md`)
]

// Where an example file may live: where tsc -b type-checks it and a test can run it.
const exampleDirs = [
  "packages/examples/src/",
  "packages/examples/test/",
  "packages/effect4/examples/src/",
  "packages/effect4/examples/test/"
]

interface Block {
  readonly guide: string
  readonly line: number
  readonly lang: string
  readonly code: string
  /** The file named by the `<!-- example: path -->` line just before the fence, if any. */
  readonly example: string | undefined
}

const marker = /^<!-- example: (\S+) -->$/

const blocksOf = (guide: string): Array<Block> => {
  const lines = fs.readFileSync(path.join(root, guide), "utf8").split("\n")
  const blocks: Array<Block> = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i])
    if (open === null) continue
    const end = lines.indexOf("```", i + 1)
    if (end < 0) throw new Error(`${guide}:${i + 1}: unclosed code block`)
    const example = i > 0 ? marker.exec(lines[i - 1])?.[1] : undefined
    blocks.push({ guide, line: i + 1, lang: open[1], code: lines.slice(i + 1, end).join("\n"), example })
    i = end
  }
  return blocks
}

const blocks = guides.flatMap(blocksOf)
const typescript = blocks.filter((block) => block.lang === "ts" || block.lang === "typescript")
const barrel = /from\s+["']effect["']/

describe("examples in the guides", () => {
  it("finds the guides and their TypeScript examples", () => {
    expect(guides).toContain("docs/client.md")
    expect(guides).toContain("docs/migration.md")
    expect(guides).toContain("packages/effect3/client/README.md")
    expect(guides).toContain("packages/effect4/client/README.md")
    expect(typescript.length).toBeGreaterThanOrEqual(8)
  })

  for (const block of typescript) {
    it(`${block.guide}:${block.line} is a copy of its example file`, () => {
      expect(
        block.example,
        `${block.guide}:${block.line}: put the example in packages/examples (Effect 3 line) or ` +
          `packages/effect4/examples (Effect 4 line) and precede the block with <!-- example: path -->`
      )
        .toBeDefined()
      expect(exampleDirs.some((dir) => block.example!.startsWith(dir)), `${block.example} is not an example file`)
        .toBe(true)
      const file = path.join(root, block.example!)
      expect(fs.existsSync(file), `${block.example} does not exist`).toBe(true)
      expect(block.code, `${block.guide}:${block.line} differs from ${block.example}`).toBe(
        fs.readFileSync(file, "utf8").trimEnd()
      )
    })
  }

  it("every marker precedes a TypeScript block", () => {
    for (const guide of guides) {
      const lines = fs.readFileSync(path.join(root, guide), "utf8").split("\n")
      lines.forEach((line, i) => {
        if (marker.test(line)) expect(lines[i + 1], `${guide}:${i + 1}`).toMatch(/^```(ts|typescript)$/)
      })
    }
  })

  it("every example file of packages/examples/src and packages/effect4/examples/src is shown in a guide", () => {
    const shown = new Set(typescript.map((block) => block.example))
    const files = [
      ...fs.readdirSync(path.join(examples, "src")).map((f) => `packages/examples/src/${f}`),
      ...fs.readdirSync(path.join(effect4Examples, "src")).map((f) => `packages/effect4/examples/src/${f}`)
    ]
    expect(files.filter((file) => !shown.has(file))).toEqual([])
  })

  it("the README's 'Using it' program is the same file on the Effect 4 line (docs/migration.md says it runs unchanged)", () => {
    expect(fs.readFileSync(path.join(effect4Examples, "src/readme.ts"), "utf8")).toBe(
      fs.readFileSync(path.join(examples, "src/readme.ts"), "utf8")
    )
  })

  it("docs/migration.md shows each pair of migration examples, the Effect 3 line's block first", () => {
    const pairs = (dir: string) => fs.readdirSync(path.join(dir, "src")).filter((f) => f.startsWith("migration-"))
    const names = pairs(examples)
    expect(names.length).toBeGreaterThan(0)
    expect(pairs(effect4Examples)).toEqual(names)
    const shown = typescript.filter((block) => block.guide === "docs/migration.md").map((block) => block.example)
    for (const name of names) {
      const effect3 = shown.indexOf(`packages/examples/src/${name}`)
      const effect4 = shown.indexOf(`packages/effect4/examples/src/${name}`)
      expect(effect3, `docs/migration.md shows packages/examples/src/${name}`).toBeGreaterThanOrEqual(0)
      expect(effect4, `docs/migration.md shows packages/effect4/examples/src/${name} right after`).toBe(effect3 + 1)
    }
  })

  it("no example imports the effect barrel (deep imports keep bundles small: docs/benchmarks.md)", () => {
    expect(typescript.filter((block) => barrel.test(block.code)).map((block) => `${block.guide}:${block.line}`))
      .toEqual([])
  })
})

describe("examples in the JSDoc", () => {
  const modules = packages.flatMap((pkg) => {
    const src = path.join(root, pkg, "src")
    return fs.existsSync(src) && !pkg.endsWith("/examples")
      ? fs.readdirSync(src).filter((f) => f.endsWith(".ts")).map((f) => path.join(pkg, "src", f))
      : []
  })

  it("every code block in a doc comment is an @example (so pnpm run docs type-checks it), with deep imports", () => {
    const problems: Array<string> = []
    for (const module of modules) {
      const lines = fs.readFileSync(path.join(root, module), "utf8").split("\n")
      let inExample = false
      let inCode = false
      lines.forEach((line, i) => {
        const text = line.replace(/^\s*\*\s?/, "")
        if (/^\s*\/\*\*/.test(line) || /^\s*\*\//.test(line)) inExample = false
        if (/^@\w+/.test(text)) inExample = text.startsWith("@example")
        if (text.startsWith("```")) {
          inCode = !inCode
          if (inCode && !inExample) problems.push(`${module}:${i + 1}: code outside an @example`)
        } else if (inCode && barrel.test(text)) {
          problems.push(`${module}:${i + 1}: barrel import from "effect"`)
        }
      })
    }
    expect(problems).toEqual([])
  })
})
